/** Tests for core/outlier. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutlierOp } from '../../../shared/plan.js';
import { outlierOp } from './outlier.js';
import { opContract, runOp } from './testKit.js';

const op = (action: OutlierOp['params']['action'], method: OutlierOp['params']['method'] = 'manual', lower = 0, upper = 120): OutlierOp => ({
  id: 'o1', op: 'core/outlier', column: 'age', enabled: true, params: { method, lower, upper, action },
});

opContract(outlierOp, {
  valid: [op('flag'), op('clip', 'iqr', -1.5, 3), op('null', 'mad')],
  columns: ['age'],
  bad: [
    { name: 'lower above upper', op: op('flag', 'manual', 10, 5), paths: ['operations[2].params.lower'] },
    { name: 'non-numeric bounds, bad method and action', op: { ...op('flag'), params: { method: 'z', lower: '0', upper: Infinity, action: 'drop' } }, paths: ['operations[2].params.method', 'operations[2].params.lower', 'operations[2].params.upper', 'operations[2].params.action'] },
  ],
  idempotent: fc.tuple(fc.constantFrom<OutlierOp['params']['action']>('flag', 'clip', 'null'), fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 200 }))
    .map(([a, lo, w]) => op(a, 'manual', lo, lo + w)),
});

describe('core/outlier', () => {
  const input = [30, 150, '-5', '1,000', 'n/a', null, true, '50%', 120];
  it('flags values outside the bounds with a reason', () => {
    const { out, rec } = runOp(op('flag', 'iqr'), input);
    expect(out).toEqual(input);
    expect(rec.cells).toEqual([]);
    expect(rec.flags).toEqual([
      [1, 150, 'outlier: 150 in "age" outside [0, 120]', 0.7],
      [2, '-5', 'outlier: "-5" in "age" outside [0, 120]', 0.7],
      [3, '1,000', 'outlier: "1,000" in "age" outside [0, 120]', 0.7],
    ]);
  });
  it('clips to the nearest bound', () => {
    const { out, rec } = runOp(op('clip'), input);
    expect(out).toEqual([30, 120, 0, 120, 'n/a', null, true, '50%', 120]);
    expect(rec.cells).toEqual([[1, 150, 120, 1], [2, '-5', 0, 1], [3, '1,000', 120, 1]]);
  });
  it('nulls outliers', () => {
    const { out, rec } = runOp(op('null', 'mad'), input);
    expect(out).toEqual([30, null, null, null, 'n/a', null, true, '50%', 120]);
    expect(rec.cells.map(([i, , c, conf]) => [i, c, conf])).toEqual([[1, null, 0.7], [2, null, 0.7], [3, null, 0.7]]);
  });
  it('writes nothing when it only flags', () => {
    expect(outlierOp.writes(op('flag'))).toEqual([]);
    expect(outlierOp.writes(op('clip'))).toEqual(['age']);
  });
});
