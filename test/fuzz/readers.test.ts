/**
 * Fuzz: malformed CSV, TSV, JSON and JSON Lines bytes through the real sources (a temp file per
 * case, read in a worker thread with a per-case deadline), and one case in three also through the
 * whole clean, in-process (pass 1, proposed plan, pass 2, outputs). Every case must end in rows
 * (and quarantined rows with reasons) or a one-line EngineError: never another exception, a hang,
 * a malformed batch, a gap in the row numbers, a clean that disagrees with the reader, a broken
 * row invariant or an output that does not hold the rows the report counts.
 * Seeded (FUZZ_SEED or FC_SEED picks another seed); FUZZ_RUNS scales the case counts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_EVERY, csvCase, jsonCase, jsonlCase, tsvCase } from './arbitraries.js';
import { FuzzHarness } from './harness.js';
import type { FuzzCase, FuzzOutcome } from './protocol.js';

/** Generous: a case takes well under 50 ms; GC pauses and a loaded CI machine must not read as hangs. */
const DEADLINE_MS = 5000;
const SCALE = Number(process.env['FUZZ_RUNS'] ?? 1);
/** Fixed unless FUZZ_SEED (or the suite-wide FC_SEED) is given, so a CI failure replays exactly (the failing case is also printed). */
const SEED = Number(process.env['FUZZ_SEED'] ?? process.env['FC_SEED'] ?? 20261130);
const RUNS = { csv: 4000, tsv: 1000, json: 2500, jsonl: 2500 };
const MIN_TOTAL = 10_000;

const harness = new FuzzHarness(DEADLINE_MS);
const tally = { ok: 0, refused: 0, rows: 0, quarantined: 0, cleaned: 0, cleanRefused: 0, cleanRows: 0, cleanQuarantined: 0, cleanDuplicates: 0 };
const codes = new Map<string, number>();

beforeAll(async () => {
  // The first case also starts the worker (tsx registration and module loading).
  const warm = await harness.run({ kind: 'csv', bytes: Buffer.from('a,b\n1,2\n'), chunkBytes: 16, batchSize: 1 }, 60_000);
  expect(warm).toEqual({ kind: 'ok', rows: 1, quarantined: 0 });
  harness.cases = 0;
});

afterAll(async () => {
  await harness.close();
});

function describeCase(c: FuzzCase): string {
  const b = Buffer.from(c.bytes);
  return `${c.kind} chunk=${c.chunkBytes} batch=${c.batchSize} enc=${c.encoding ?? 'auto'} clean=${c.clean ? JSON.stringify(c.clean) : 'no'} bytes(hex)=${b.toString('hex').slice(0, 400)} text=${JSON.stringify(b.toString('latin1').slice(0, 200))}`;
}

/** The property: a clear outcome. Anything else fails with the case spelled out for replay. */
async function check(c: FuzzCase): Promise<void> {
  const o: FuzzOutcome = await harness.run(c);
  if ((o.kind === 'ok' || o.kind === 'engine-error') && o.clean) {
    if (o.clean.kind === 'ok') tally.cleaned++;
    else tally.cleanRefused++;
    tally.cleanRows += o.clean.rows.in;
    tally.cleanQuarantined += o.clean.rows.quarantined;
    tally.cleanDuplicates += o.clean.rows.duplicates;
  }
  if (o.kind === 'ok') {
    tally.ok++;
    tally.rows += o.rows;
    tally.quarantined += o.quarantined;
    return;
  }
  if (o.kind === 'engine-error' && o.code !== 'INTERNAL') {
    tally.refused++;
    codes.set(o.code, (codes.get(o.code) ?? 0) + 1);
    return;
  }
  throw new Error(`${o.kind}: ${o.message}\n  case: ${describeCase(c)}`);
}

function params(numRuns: number): fc.Parameters<[FuzzCase]> {
  return { numRuns: Math.max(1, Math.round(numRuns * SCALE)), seed: SEED, endOnFailure: false };
}

describe('reader fuzzing', () => {
  it('CSV: malformed bytes give rows, quarantined rows or a clear error', async () => {
    await fc.assert(fc.asyncProperty(csvCase, check), params(RUNS.csv));
  }, 600_000);

  it('TSV: malformed bytes give rows, quarantined rows or a clear error', async () => {
    await fc.assert(fc.asyncProperty(tsvCase, check), params(RUNS.tsv));
  }, 600_000);

  it('JSON: malformed documents give rows, quarantined rows or a clear error', async () => {
    await fc.assert(fc.asyncProperty(jsonCase, check), params(RUNS.json));
  }, 600_000);

  it('JSON Lines: malformed lines are quarantined with reasons, or the file is refused clearly', async () => {
    await fc.assert(fc.asyncProperty(jsonlCase, check), params(RUNS.jsonl));
  }, 600_000);

  it(`ran at least ${MIN_TOTAL.toLocaleString('en-US')} cases, none hung`, () => {
    const summary = `fuzz (seed ${SEED}): ${harness.cases} cases, ${tally.ok} read (${tally.rows} rows, ${tally.quarantined} quarantined), ${tally.refused} refused ${JSON.stringify(Object.fromEntries(codes))}, ${harness.hangs} hangs; `
      + `${tally.cleaned + tally.cleanRefused} also cleaned: ${tally.cleaned} ran (${tally.cleanRows} rows in, ${tally.cleanDuplicates} duplicates, ${tally.cleanQuarantined} quarantined), ${tally.cleanRefused} refused`;
    console.log(summary);
    expect(harness.hangs).toBe(0);
    if (SCALE >= 1) {
      expect(harness.cases).toBeGreaterThanOrEqual(MIN_TOTAL);
      expect(tally.cleaned + tally.cleanRefused).toBeGreaterThanOrEqual(MIN_TOTAL / (2 * CLEAN_EVERY));
    }
    expect(tally.cleaned).toBeGreaterThan(0);
    expect(tally.cleanQuarantined).toBeGreaterThan(0);
    // Both outcomes occur: the generators reach the readers' error paths and their happy paths.
    expect(tally.ok).toBeGreaterThan(harness.cases / 10);
    expect(tally.refused).toBeGreaterThan(harness.cases / 50);
  });
});
