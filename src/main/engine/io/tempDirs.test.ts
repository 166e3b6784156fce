/** Temp folders of dead processes are swept; live ones, our own and other people's folders are not. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, makeTempDirSync, TEMP_PREFIXES } from './tempDirs.js';

const root = mkdtempSync(join(tmpdir(), 'ds-tempdirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('makeTempDir', () => {
  it('names folders after this process and sweeps those of dead processes, of every engine kind', async () => {
    const parent = join(root, 'a');
    mkdirSync(parent);
    const dead = deadPid();
    const stale = TEMP_PREFIXES.map((p) => `${p}${dead}-AbC123`);
    const keep = [`ds-duckdb-${process.pid}-xYz789`, `ds-duckdb-1-q1w2e3`, 'ds-duckdb-notapid', `other-${dead}-AbC123`, `ds-parquet-spill-${dead}-toolongsuffix`];
    for (const n of [...stale, ...keep]) mkdirSync(join(parent, n));
    const mine = await makeTempDir(parent, 'ds-parquet-spill-');
    expect(mine).toMatch(new RegExp(`ds-parquet-spill-${process.pid}-[A-Za-z0-9]{6}$`));
    for (const n of stale) expect([n, existsSync(join(parent, n))]).toEqual([n, false]);
    for (const n of keep) expect([n, existsSync(join(parent, n))]).toEqual([n, true]);
  });

  it('sweeps a folder once per process', () => {
    const parent = join(root, 'b');
    mkdirSync(parent);
    makeTempDirSync(parent, 'ds-duckdb-');
    const late = `ds-duckdb-${deadPid()}-AbC123`;
    mkdirSync(join(parent, late));
    makeTempDirSync(parent, 'ds-duckdb-');
    expect(readdirSync(parent)).toContain(late);
  });
});
