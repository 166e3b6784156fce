/** The near-duplicate finder alone (in process, default settings) on the benchmark datasets kept in test/fixtures/datasets. */
import { describe, expect, it } from 'vitest';
import { evaluate, loadDblpAcm, loadFebrl } from '../../../../scripts/evalLib.js';

// The finder alone sees rows identical on every compared field as one record, as the CLI does with exact
// copies; its figures are close to the CLI's (test/cli/dedupeEval.test.ts). Floors: the targets.
describe('near-duplicate detection on benchmark datasets', { timeout: 240_000 }, () => {
  it('FEBRL1', async () => {
    const r = await evaluate(loadFebrl('febrl1'));
    expect(r.truePairs).toBe(500);
    expect(r.precision).toBeGreaterThanOrEqual(0.97);
    expect(r.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('FEBRL2', async () => {
    const r = await evaluate(loadFebrl('febrl2'));
    expect(r.truePairs).toBe(1934);
    expect(r.precision).toBeGreaterThanOrEqual(0.97);
    expect(r.f1).toBeGreaterThanOrEqual(0.98);
  });

  it('DBLP-ACM', async () => {
    const r = await evaluate(loadDblpAcm());
    expect(r.truePairs).toBe(2224);
    expect(r.rows).toBe(4910);
    expect(r.precision).toBeGreaterThanOrEqual(0.97);
    expect(r.f1).toBeGreaterThanOrEqual(0.93);
  });
});
