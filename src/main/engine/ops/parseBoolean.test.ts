/** Tests for core/parse-boolean. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellPolicy, ParseBooleanOp } from '../../../shared/plan.js';
import { DEFAULT_FALSY, DEFAULT_TRUTHY } from '../formats/booleans.js';
import { parseBooleanOp } from './parseBoolean.js';
import { opContract, runOp } from './testKit.js';

const op = (onError: CellPolicy = 'keep-original', truthy = [...DEFAULT_TRUTHY], falsy = [...DEFAULT_FALSY]): ParseBooleanOp => ({
  id: 'b1', op: 'core/parse-boolean', column: 'active', enabled: true, params: { truthy, falsy, onError },
});

opContract(parseBooleanOp, {
  valid: [op(), op('set-null', ['ja'], ['nein'])],
  columns: ['active'],
  bad: [
    { name: 'overlapping and blank spellings', op: op('keep-original', ['yes', ' '], ['no', 'YES']), paths: ['operations[2].params.falsy[1]', 'operations[2].params.truthy[1]'] },
    { name: 'non-list spellings', op: { ...op(), params: { truthy: 'yes', falsy: [1], onError: 'keep-original' } }, paths: ['operations[2].params.truthy', 'operations[2].params.falsy[0]'] },
  ],
  idempotent: fc.constantFrom<CellPolicy>('keep-original', 'set-null', 'quarantine').map((p) => op(p)),
});

describe('core/parse-boolean', () => {
  it('maps spellings case-insensitively, numbers too', () => {
    const { out, rec } = runOp(op(), ['Yes', 'n', ' TRUE ', 1, 0, true, null, 'maybe', '']);
    expect(out).toEqual([true, false, true, true, false, true, null, 'maybe', '']);
    expect(rec.cells).toEqual([[0, 'Yes', true, 1], [1, 'n', false, 1], [2, ' TRUE ', true, 1], [3, 1, true, 1], [4, 0, false, 1]]);
    expect(rec.flags).toEqual([[7, 'maybe', 'parse-boolean: "maybe" in "active" is not a recognised true/false value', 0]]);
  });

  it('parse fills the default spellings', () => {
    expect(parseBooleanOp.parse({ id: 'a', column: 'c' }, 0, [])?.params).toEqual({ truthy: [...DEFAULT_TRUTHY], falsy: [...DEFAULT_FALSY], onError: 'keep-original' });
  });
});
