/** Benchmark floors: pairwise F1 on FEBRL1, FEBRL2 and DBLP-ACM with default settings (skipped without the datasets). */
import { describe, expect, it } from 'vitest';
import { datasetsPresent, evaluate, loadDblpAcm, loadFebrl, DATASETS_DIR } from '../../../../scripts/evalLib.js';

const present = datasetsPresent();
if (!present) console.warn(`dedupe benchmark skipped: no datasets under ${DATASETS_DIR}`);

// Floors sit a little under the measured values (F1 0.999, 1.000, 0.966 at the time of writing).
describe.skipIf(!present)('near-duplicate detection on benchmark datasets', () => {
  it('FEBRL1', async () => {
    const r = await evaluate(loadFebrl('febrl1'));
    expect(r.truePairs).toBe(500);
    expect(r.f1).toBeGreaterThan(0.98);
  });

  it('FEBRL2', async () => {
    const r = await evaluate(loadFebrl('febrl2'));
    expect(r.truePairs).toBe(1934);
    expect(r.f1).toBeGreaterThan(0.98);
  });

  it('DBLP-ACM', async () => {
    const r = await evaluate(loadDblpAcm());
    expect(r.truePairs).toBe(2224);
    expect(r.rows).toBe(4910);
    expect(r.precision).toBeGreaterThan(0.93);
    expect(r.f1).toBeGreaterThan(0.95);
  });
});
