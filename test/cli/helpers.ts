/** Runs the built CLI as a user would, in a scratch directory with its own catalog. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'data-sanitizer.js');

export interface CliResult { code: number | null; stdout: string; stderr: string }

const scratchDirs: string[] = [];

// Registered when a test file imports this module: its scratch folders go when its tests are done.
afterAll(async () => {
  await Promise.all(scratchDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh folder under the OS temp dir, removed after the importing test file's tests. */
export async function scratch(prefix = 'ds-cli-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  scratchDirs.push(d);
  return d;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string>; onSpawn?: (pid: number) => void } = {}): Promise<CliResult> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, DATA_SANITIZER_HOME: opts.cwd ?? join(tmpdir(), 'ds-cli-home'), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', rej);
    if (opts.onSpawn && child.pid) opts.onSpawn(child.pid);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

/** Runs one query in a fresh in-memory DuckDB and returns its rows as JSON objects (reading outputs back). */
export async function duck<T>(sql: string): Promise<T[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}
