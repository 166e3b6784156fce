/** Cancelling a clean in the middle of pass 2 (worker threads busy) leaves no output, partial or temporary, only the audit entry. */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/generator/run.js';
import type { RunPhase } from '../../src/shared/run.js';
import { cleanFile } from '../../src/main/engine/run/clean.js';

let dir = '';
let input = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-cancel-'));
  input = join(dir, 'dirty.csv');
  await generate({ rows: 6_000, format: 'csv', seed: 3, out: input, truth: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Everything left under `root` (the exact-key spill directory of the run). */
async function leftovers(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).sort();
}

describe('cancellation mid-pass', () => {
  for (const [phase, dedupe] of [['clean', 'exact'], ['clean', 'near'], ['write', 'near']] as const) {
    it(`aborting in the ${phase} phase (${dedupe}, 2 workers) rejects as cancelled and leaves nothing behind`, { timeout: 300_000 }, async () => {
      const out = join(dir, `${phase}-${dedupe}`);
      const tmp = join(dir, `tmp-${phase}-${dedupe}`);
      await rm(out, { recursive: true, force: true });
      await mkdir(out);
      await mkdir(tmp);
      const ac = new AbortController();
      const seen: RunPhase[] = [];
      const run = cleanFile({
        input, out: join(out, 'cleaned.parquet'), dedupe, workers: 2, batchSize: 250, salt: 's', tmpDir: tmp,
        signal: ac.signal,
        onProgress: (e) => {
          seen.push(e.phase);
          // The first event of the phase comes once its first segment is through: others are still in flight.
          if (e.phase === phase && e.rows > 0 && e.rows < 6_000) ac.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(seen).toContain(phase);
      // Only the audit trail stays, and it says how the run ended; no data, provenance or report file.
      expect(await readdir(out)).toEqual(['cleaned.audit.jsonl']);
      const last = (await readFile(join(out, 'cleaned.audit.jsonl'), 'utf8')).trim().split('\n').at(-1) as string;
      expect(JSON.parse(last)).toMatchObject({ event: 'run.finished', status: 'cancelled' });
      expect(await leftovers(tmp)).toEqual([]);
    });
  }
});
