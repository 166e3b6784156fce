/** A file that changes while a run reads it: detected after either pass, refused with the file named, nothing written. */
import { appendFileSync, mkdtempSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunPhase } from '../../../shared/run.js';
import { EngineError } from '../errors.js';
import { cleanFile } from './clean.js';
import { assertInputUnchanged, stampInput } from './inputGuard.js';

const dir = mkdtempSync(join(tmpdir(), 'ds-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function csv(rows: number): string {
  const p = join(dir, `in${++n}.csv`);
  const lines = ['id,name,city'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},name ${i % 97},city ${i % 7}`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

async function refusal(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('assertInputUnchanged', () => {
  it('passes for an untouched file and names what changed otherwise', async () => {
    const p = csv(3);
    const stamp = await stampInput(p);
    await assertInputUnchanged(p, stamp, 'pass 1');
    appendFileSync(p, '4,x,y\n');
    expect((await refusal(assertInputUnchanged(p, stamp, 'pass 1'))).message).toMatch(/size went from \d+ to \d+ bytes during pass 1/);

    const q = csv(3);
    const s2 = await stampInput(q);
    utimesSync(q, new Date(), new Date(Date.now() + 5000));
    expect((await refusal(assertInputUnchanged(q, s2, 'pass 2'))).message).toMatch(/it was modified at/);

    const r = csv(3);
    const s3 = await stampInput(r);
    writeFileSync(join(dir, 'other.csv'), 'id\n1\n');
    renameSync(join(dir, 'other.csv'), r);
    expect((await refusal(assertInputUnchanged(r, s3, 'pass 2'))).message).toMatch(/replaced by another file/);
    rmSync(r);
    const gone = await refusal(assertInputUnchanged(r, s3, 'pass 2'));
    expect(gone).toMatchObject({ code: 'BAD_INPUT', location: { file: r } });
    expect(gone.message).toMatch(/it was removed/);
  });

  it('does nothing for a source that is not a local file', async () => {
    await assertInputUnchanged(join(dir, 'nope'), null, 'pass 1');
    expect(await stampInput(join(dir, 'nope'))).toBeNull();
  });
});

describe('cleanFile on a file that grows while it is read', () => {
  for (const [phase, during] of [['profile', 'pass 1 (profiling)'], ['clean', 'pass 2 (cleaning)']] as [RunPhase, string][]) {
    it(`appending during ${phase} fails the run, naming the file, with no output`, async () => {
      const input = csv(3000);
      const out = join(dir, `out-${phase}`, 'cleaned.csv');
      let appended = false;
      const err = await refusal(cleanFile({
        input, out, dedupe: 'exact',
        onProgress: (e) => {
          if (e.phase === phase && !appended) {
            appended = true;
            appendFileSync(input, '3001,late row,city 0\n');
          }
        },
      }));
      expect(appended).toBe(true);
      expect(err.code).toBe('BAD_INPUT');
      expect(err.oneLine()).toBe(`${input}: the input changed while it was being read (its size went from ${err.message.match(/from (\d+)/)![1]} to ${err.message.match(/to (\d+) bytes/)![1]} bytes during ${during}); no output was written; run again once the file is complete`);
      const left = (() => {
        try {
          return readdirSync(join(dir, `out-${phase}`));
        } catch {
          return [];
        }
      })();
      // Only the audit log may remain (it records the failed run); no data, report or temp files.
      expect(left.filter((f) => !f.endsWith('.audit.jsonl'))).toEqual([]);
    });
  }
});
