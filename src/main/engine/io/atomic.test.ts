/** Atomic writes: temp beside the target, rename on commit, nothing left on abort. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { atomicWriteFile, tempPathFor, TempFile } from './atomic.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-atomic-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic writes', () => {
  it('names temp files hidden, beside the target, with the pid and random hex', () => {
    const a = tempPathFor('/x/y/report.json');
    const b = tempPathFor('/x/y/report.json');
    expect(dirname(a)).toBe('/x/y');
    expect(basename(a)).toBe(`.report.json.${process.pid}-${basename(a).slice(-16, -4)}.tmp`);
    expect(basename(a)).toMatch(/^\.report\.json\.\d+-[0-9a-f]{12}\.tmp$/);
    expect(a).not.toBe(b);
  });

  it('atomicWriteFile writes, replaces by default, and refuses when overwrite is false', async () => {
    const path = join(dir, 'plan.json');
    await atomicWriteFile(path, '{"v":1}');
    await atomicWriteFile(path, Buffer.from('{"v":2}'));
    expect(readFileSync(path, 'utf8')).toBe('{"v":2}');
    const err = await atomicWriteFile(path, 'x', { overwrite: false }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(path, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('creates a missing parent directory', async () => {
    const path = join(dir, 'a', 'b', 'out.txt');
    await atomicWriteFile(path, 'deep');
    expect(readFileSync(path, 'utf8')).toBe('deep');
  });

  it('TempFile commits large writes and aborts cleanly', async () => {
    const path = join(dir, 'big.txt');
    const tmp = await TempFile.create(path, { overwrite: false });
    const chunk = 'é'.repeat(1 << 20);
    await tmp.write(chunk);
    await tmp.write(chunk);
    expect(readdirSync(dir)).not.toContain('big.txt');
    await tmp.commit();
    expect(readFileSync(path, 'utf8').length).toBe(2 << 20);

    const other = await TempFile.create(join(dir, 'gone.txt'));
    await other.write('x');
    await other.abort();
    await other.abort();
    expect(readdirSync(dir).filter((f) => f.includes('gone'))).toEqual([]);
  });

  it('TempFile without overwrite refuses a target that appeared meanwhile', async () => {
    const path = join(dir, 'race.txt');
    const tmp = await TempFile.create(path, { overwrite: false });
    await tmp.write('mine');
    writeFileSync(path, 'theirs');
    await expect(tmp.commit()).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    await tmp.abort();
    expect(readFileSync(path, 'utf8')).toBe('theirs');
    expect(readdirSync(dir).filter((f) => f.includes('race') && f.endsWith('.tmp'))).toEqual([]);
  });

  it('TempFile.release lets another writer fill the path', async () => {
    const path = join(dir, 'external.bin');
    const tmp = await TempFile.create(path);
    await tmp.release();
    writeFileSync(tmp.path, 'from elsewhere');
    await tmp.commit();
    expect(readFileSync(path, 'utf8')).toBe('from elsewhere');
    expect(tmp.target).toBe(path);
  });

  it('the first temp file in a folder sweeps orphans of dead writers, and only those', async () => {
    const d = join(dir, 'sweep');
    mkdirSync(d);
    // A pid that surely ran and exited: a finished child's.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = `.out.csv.${dead}-0123456789ab.tmp`;
    const live = `.out.csv.1-0123456789ab.tmp`;
    const others = ['.out.csv.0123456789ab.tmp', `out.${dead}-0123456789ab.tmp`, 'notes.txt'];
    for (const f of [orphan, live, ...others]) writeFileSync(join(d, f), 'x');
    await atomicWriteFile(join(d, 'out.csv'), 'fresh');
    expect(readdirSync(d).sort()).toEqual([live, ...others, 'out.csv'].sort());
  });
});
