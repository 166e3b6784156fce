/** Pair scoring: early exits never change a decision, and threads score exactly what the main thread would. */
import { describe, expect, it } from 'vitest';
import { syntheticPeople } from '../../../../scripts/synthPeople.js';
import { dedupeFields } from '../../../../scripts/evalLib.js';
import { createExecutor, scoringPool } from '../run/workers/pool.js';
import { FieldColumn } from './columns.js';
import { FieldComparator } from './compare.js';
import { estimateU, fitModel, probabilityFromBits } from './fellegiSunter.js';
import { groupIdentical } from './records.js';
import { PairWork, bitsFromProbability, recordBits } from './scoring.js';

async function setup(): Promise<{ comparators: FieldComparator[]; records: ReturnType<typeof groupIdentical>; keys: Float64Array; model: ReturnType<typeof fitModel> }> {
  const t = syntheticPeople(3000, 'scoring');
  const { fields, columns } = dedupeFields(t);
  const cols = fields.map((f, i) => {
    const c = new FieldColumn(f);
    c.add(columns[i] as (string | null)[], t.rows);
    c.finalize();
    return c;
  });
  const comparators = cols.filter((c) => c.kind !== null && !c.isUniqueKeyLike()).map((c) => new FieldComparator(c));
  const records = groupIdentical(comparators.map((c) => c.col), t.rows);
  const n = records.firstRow.length;
  // Every pair among the first 400 records, plus the true duplicate pairs: matches and non-matches.
  const keys: number[] = [];
  for (let i = 0; i < 400; i++) for (let j = i + 1; j < 400; j++) keys.push(i * n + j);
  for (const pair of t.truth) {
    const [a, b] = pair.split(',').map((x) => records.recordOf[Number(x) - 1] as number) as [number, number];
    if (a !== b) keys.push(Math.min(a, b) * n + Math.max(a, b));
  }
  const sorted = Float64Array.from(new Set(keys)).sort();
  const matrix = await PairWork.open(comparators, records).levels(sorted);
  const u = estimateU(comparators, t.rows, 7, 5000);
  const model = fitModel(matrix, sorted.length, comparators.map((c) => c.levels), u, { maxIterations: 100, tolerance: 1e-6, estimateM: true, estimateU: true });
  return { comparators, records, keys: sorted, model };
}

describe('pair scoring', () => {
  it('stores the exact probability at or above the review floor, and an upper bound below it', async () => {
    const { comparators, records, keys, model } = await setup();
    const floor = 0.5;
    const probs = await PairWork.open(comparators, records).score(keys, { ...model, floorBits: bitsFromProbability(floor) });
    const n = records.firstRow.length;
    let above = 0;
    for (let p = 0; p < keys.length; p++) {
      const key = keys[p] as number;
      const exact = probabilityFromBits(recordBits(comparators, model, records.firstRow[Math.floor(key / n)] as number, records.firstRow[key % n] as number));
      const stored = probs[p] as number;
      if (exact >= floor) {
        above++;
        expect(stored).toBeCloseTo(exact, 12);
      } else {
        expect(stored).toBeLessThan(floor);
        expect(stored).toBeGreaterThanOrEqual(exact - 1e-12);
      }
    }
    expect(above).toBeGreaterThan(100);
    expect(keys.length - above).toBeGreaterThan(10_000);
  });

  it('gives identical levels and scores on worker threads, whatever the slices', async () => {
    const { comparators, records, keys, model } = await setup();
    const scoreModel = { ...model, floorBits: bitsFromProbability(0.5) };
    const inline = await PairWork.open(comparators, records).score(keys, scoreModel);
    const inlineLevels = await PairWork.open(comparators, records).levels(keys);
    const ex = await createExecutor(2, { salt: 's', batchSize: 1024, csv: null, profile: null, clean: null });
    try {
      expect(ex.threaded).toBe(true);
      const work = PairWork.open(comparators, records, scoringPool(ex), 997);
      const threaded = await work.score(keys, scoreModel);
      const threadedLevels = await work.levels(keys);
      await work.close();
      expect(Buffer.from(threadedLevels).equals(Buffer.from(inlineLevels))).toBe(true);
      // Compared element by element: a failing toEqual on 80k floats would spend minutes on its diff.
      let differ = 0;
      for (let p = 0; p < keys.length; p++) if (!Object.is(threaded[p], inline[p])) differ++;
      expect(differ).toBe(0);
    } finally {
      await ex.close();
    }
  });
});
