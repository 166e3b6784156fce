/** Tests for core/impute. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImputeOp } from '../../../shared/plan.js';
import { imputeOp } from './impute.js';
import { opContract, runOp } from './testKit.js';

const op = (strategy: ImputeOp['params']['strategy'], value: ImputeOp['params']['value']): ImputeOp => ({
  id: 'i1', op: 'core/impute', column: 'age', enabled: true, params: { strategy, value },
});

opContract(imputeOp, {
  valid: [op('median', 41.5), op('mode', 'NY'), op('constant', 'unknown'), op('constant', false)],
  columns: ['age'],
  bad: [
    { name: 'median without a number', op: op('median', 'forty'), paths: ['operations[2].params.value'] },
    { name: 'unknown strategy and blank constant', op: op('mean' as ImputeOp['params']['strategy'], '  '), paths: ['operations[2].params.strategy', 'operations[2].params.value'] },
    { name: 'object value', op: op('constant', {} as unknown as string), paths: ['operations[2].params.value'] },
    { name: 'non-finite number', op: op('mode', Number.NaN), paths: ['operations[2].params.value'] },
  ],
  idempotent: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => op('median', v)), fc.constantFrom(op('mode', 'x'), op('constant', true))),
});

describe('core/impute', () => {
  it.each([
    ['median', 40, 0.5],
    ['mode', 'NY', 0.5],
    ['constant', 'n/a', 0.6],
  ] as const)('fills null and blank cells with the %s', (strategy, value, conf) => {
    const { out, rec } = runOp(op(strategy, value), [null, '', '  \t', 'x', 0, false]);
    expect(out).toEqual([value, value, value, 'x', 0, false]);
    expect(rec.cells).toEqual([[0, null, value, conf], [1, '', value, conf], [2, '  \t', value, conf]]);
  });
});
