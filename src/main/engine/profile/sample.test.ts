import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mix32, seedFromSalt } from '../hash.js';
import { RowSample } from './sample.js';
import { oneBatch, toBatches } from './testData.js';

const names = ['a', 'b'];
const rows = Array.from({ length: 3000 }, (_, i) => [`v${i}`, i]);

function sampleOf(batchSize: number, k: number, salt: string): number[] {
  const s = new RowSample(k, salt);
  for (const b of toBatches(names, rows, batchSize)) s.addBatch(b, [0, 1], 2);
  return s.rows().map((r) => r.row);
}

describe('RowSample', () => {
  it('keeps exactly the k rows with the smallest salted priority, whatever the batch size', () => {
    const seed = seedFromSalt('salt');
    const expected = rows.map((_, i) => i + 1).sort((a, b) => mix32(a, seed) - mix32(b, seed)).slice(0, 100).sort((a, b) => a - b);
    for (const size of [1, 7, 100, 3000]) expect(sampleOf(size, 100, 'salt')).toEqual(expected);
  });

  it('changes with the salt', () => {
    expect(sampleOf(50, 100, 'one')).not.toEqual(sampleOf(50, 100, 'two'));
  });

  it('keeps the cells of sampled rows, in the owner column order', () => {
    const s = new RowSample(5, 'x');
    for (const b of toBatches(names, rows, 64)) s.addBatch(b, [1, 0], 2);
    for (const r of s.rows()) expect(r.cells).toEqual([r.row - 1, `v${r.row - 1}`]);
  });

  it('merge of any split equals the sample of the whole (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (sides, k) => {
        const all = sides.map((_, i) => [`v${i}`, i]);
        const whole = new RowSample(k, 's');
        for (const b of toBatches(names, all, 17)) whole.addBatch(b, [0, 1], 2);
        const a = new RowSample(k, 's');
        const b = new RowSample(k, 's');
        sides.forEach((left, i) => (left ? a : b).addBatch(oneBatch(names, [all[i] ?? []], i + 1), [0, 1], 2));
        a.merge(b);
        expect(a.rows()).toEqual(whole.rows());
      }),
      { numRuns: 60 },
    );
  });

  it('remaps columns on merge when the other side saw them in another order', () => {
    const a = new RowSample(10, 's');
    const b = new RowSample(10, 's');
    a.addBatch(oneBatch(['x', 'y'], [['x1', 'y1']], 1), [0, 1], 2);
    b.addBatch(oneBatch(['y', 'x'], [['y2', 'x2']], 2), [0, 1], 2);
    a.merge(b, [1, 0], 2);
    expect(a.rows().map((r) => r.cells)).toEqual([['x1', 'y1'], ['x2', 'y2']]);
  });
});
