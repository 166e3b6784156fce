/**
 * Disk full while writing: outputs go to a 2 MiB tmpfs. The run must fail with one clear line,
 * remove its partial files, leave the input untouched and the audit log verifiable, and a run that
 * fits must then succeed in the same folder. Needs root and `mount -t tmpfs`; skipped otherwise.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { writeIncompressibleCsv } from '../fixtures/bad/make-bad.js';
import { cli } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'ds-diskfull-'));
const full = join(root, 'full');
mkdirSync(full);

/** Mounts a small tmpfs at `full` when this process may; the reason when it may not. */
function mountSmallDisk(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', full], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount -t tmpfs failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

const why = mountSmallDisk();
if (why) console.warn(`disk-full tests skipped: ${why} (they need root and a tmpfs mount)`);

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
let input = '';
let inputSha = '';

beforeAll(async () => {
  input = join(root, 'long.csv');
  // About 7.5 MB of CSV and over 3 MB of Parquet: neither fits in 2 MiB.
  await writeIncompressibleCsv(input, 100_000);
  inputSha = sha(input);
  writeFileSync(join(root, 'small.csv'), 'id,name\n1,Ann\n2,Bob\n');
});

afterAll(() => {
  if (!why) execFileSync('umount', [full], { stdio: 'pipe' });
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(why !== null)('disk full while writing', { timeout: 300_000 }, () => {
  for (const format of ['csv', 'parquet'] as const) {
    it(`${format}: a clear one-line error, partial files removed, input untouched; a run that fits then succeeds`, async () => {
      const dir = join(full, format);
      mkdirSync(dir);
      const mtime = statSync(input).mtimeMs;
      // Spill files and DuckDB's temp space stay on the roomy disk; only the outputs are short of space.
      const env = { TMPDIR: root };
      const r = await cli(['clean', input, '--out', join(dir, `out.${format}`), '--dedupe', 'exact', '--quiet', '--store', join(root, `${format}.db`)], { cwd: root, env });
      expect(r.code).toBe(74);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^data-sanitizer: .*(no space left on device|ENOSPC|Could not write|disk is full)/i);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // Nothing half-written: at most the audit log, which records the failure and still verifies.
      expect(readdirSync(dir).filter((f) => f !== 'out.audit.jsonl')).toEqual([]);
      const verify = await cli(['verify', join(dir, 'out.audit.jsonl')]);
      expect(verify.code).toBe(0);
      expect(readFileSync(join(dir, 'out.audit.jsonl'), 'utf8')).toMatch(/"status":"failed"/);
      const runs = JSON.parse((await cli(['runs', '--store', join(root, `${format}.db`), '--json'])).stdout) as { status: string; error: string }[];
      expect(runs.map((x) => x.status)).toEqual(['failed']);
      expect(sha(input)).toBe(inputSha);
      expect(statSync(input).mtimeMs).toBe(mtime);

      const again = await cli(['clean', join(root, 'small.csv'), '--out', join(dir, `out.${format}`), '--quiet', '--store', join(root, `${format}.db`)], { cwd: root, env });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect((JSON.parse(readFileSync(join(dir, 'out.report.json'), 'utf8')) as Report).rows.in).toBe(2);
    });
  }
});
