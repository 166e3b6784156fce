/** CLI start-up: `--version` and `--help` load no heavy client (databases, S3, Milvus, spreadsheets). */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, scratch } from './helpers.js';

/** Packages that take a noticeable time to load; each must be imported where it is used, not at start-up. */
const HEAVY = ['pg', 'pg-copy-streams', '@aws-sdk/client-s3', '@zilliz/milvus2-sdk-node', '@duckdb/node-api', 'exceljs'];

/** Runs the CLI with a module hook that appends every bare specifier it resolves to a file. */
async function importedPackages(args: string[]): Promise<{ code: number | null; packages: string[] }> {
  const dir = await scratch('ds-startup-');
  const log = join(dir, 'resolved.txt');
  const hooks = join(dir, 'hooks.mjs');
  await writeFile(hooks, [
    "import { appendFileSync } from 'node:fs';",
    'export async function resolve(specifier, context, next) {',
    "  if (!/^(node:|file:|data:|\\.|\\/)/.test(specifier)) appendFileSync(process.env.DS_RESOLVE_LOG, specifier + '\\n');",
    '  return next(specifier, context);',
    '}',
  ].join('\n'));
  const register = join(dir, 'register.mjs');
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  await writeFile(log, '');
  const code = await new Promise<number | null>((res, rej) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_SANITIZER_HOME: dir, DS_RESOLVE_LOG: log },
      stdio: 'ignore',
    });
    child.on('error', rej);
    child.on('close', res);
  });
  return { code, packages: [...new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean))] };
}

describe('CLI start-up', () => {
  it.each(['--version', '--help', 'clean --help'])('`%s` loads no heavy client', async (line) => {
    const r = await importedPackages(line.split(' '));
    expect(r.code).toBe(0);
    // The hook saw the CLI's own imports, so an empty list cannot pass by accident.
    expect(r.packages).toContain('commander');
    expect(r.packages.filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)))).toEqual([]);
  });
});
