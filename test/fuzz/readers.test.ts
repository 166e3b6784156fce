/**
 * Fuzz: malformed CSV, TSV, JSON and JSON Lines bytes through the real sources (a temp file per
 * case, read in a worker thread with a per-case deadline). Every case must end in rows (and
 * quarantined rows with reasons) or a one-line EngineError: never another exception, a hang, a
 * malformed batch or a gap in the row numbers. FUZZ_RUNS scales the case counts; FUZZ_SEED replays.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCase, jsonCase, jsonlCase, tsvCase } from './arbitraries.js';
import { FuzzHarness } from './harness.js';
import type { FuzzCase, FuzzOutcome } from './protocol.js';

/** Generous: a case takes well under 50 ms; GC pauses and a loaded CI machine must not read as hangs. */
const DEADLINE_MS = 5000;
const SCALE = Number(process.env['FUZZ_RUNS'] ?? 1);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);
const RUNS = { csv: 4000, tsv: 1000, json: 2500, jsonl: 2500 };
const MIN_TOTAL = 10_000;

const harness = new FuzzHarness(DEADLINE_MS);
const tally = { ok: 0, refused: 0, rows: 0, quarantined: 0 };
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
  return `${c.kind} chunk=${c.chunkBytes} batch=${c.batchSize} enc=${c.encoding ?? 'auto'} bytes(hex)=${b.toString('hex').slice(0, 400)} text=${JSON.stringify(b.toString('latin1').slice(0, 200))}`;
}

/** The property: a clear outcome. Anything else fails with the case spelled out for replay. */
async function check(c: FuzzCase): Promise<void> {
  const o: FuzzOutcome = await harness.run(c);
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
  return { numRuns: Math.max(1, Math.round(numRuns * SCALE)), ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: false };
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
    const summary = `fuzz: ${harness.cases} cases, ${tally.ok} read (${tally.rows} rows, ${tally.quarantined} quarantined), ${tally.refused} refused ${JSON.stringify(Object.fromEntries(codes))}, ${harness.hangs} hangs`;
    console.log(summary);
    expect(harness.hangs).toBe(0);
    if (SCALE >= 1) expect(harness.cases).toBeGreaterThanOrEqual(MIN_TOTAL);
    // Both outcomes occur: the generators reach the readers' error paths and their happy paths.
    expect(tally.ok).toBeGreaterThan(harness.cases / 10);
    expect(tally.refused).toBeGreaterThan(harness.cases / 50);
  });
});
