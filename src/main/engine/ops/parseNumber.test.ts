/** Tests for core/parse-number. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellPolicy, ParseNumberOp } from '../../../shared/plan.js';
import { parseNumberOp } from './parseNumber.js';
import { opContract, runOp } from './testKit.js';

const op = (p: Partial<ParseNumberOp['params']> = {}): ParseNumberOp => ({
  id: 'n1', op: 'core/parse-number', column: 'amount', enabled: true,
  params: { decimal: '.', percent: 'fraction', onError: 'keep-original', ...p },
});
const policy = fc.constantFrom<CellPolicy>('keep-original', 'set-null', 'quarantine');

opContract(parseNumberOp, {
  valid: [op(), op({ decimal: ',', percent: 'keep', onError: 'set-null', integer: true })],
  columns: ['amount'],
  bad: [
    {
      name: 'every bad parameter at once',
      op: { ...op(), params: { decimal: ';', percent: 'ratio', onError: 'drop', integer: 'yes' } },
      paths: ['operations[2].params.decimal', 'operations[2].params.percent', 'operations[2].params.onError', 'operations[2].params.integer'],
    },
  ],
  idempotent: fc.record({ decimal: fc.constantFrom<'.' | ','>('.', ','), percent: fc.constantFrom<'fraction' | 'keep'>('fraction', 'keep'), onError: policy, integer: fc.boolean() }).map(op),
});

describe('core/parse-number', () => {
  it('parses loose numbers and applies keep-original to failures', () => {
    const input = ['1,234.50', '$12', '(3.25)', '50%', '1.1%', 'abc', null, 7, '  ', true, '12345678901234567890', '0042'];
    const { out, rec } = runOp(op(), input);
    expect(out).toEqual([1234.5, 12, -3.25, 0.5, 0.011, 'abc', null, 7, '  ', true, '12345678901234567890', 42]);
    expect(rec.cells).toEqual([
      [0, '1,234.50', 1234.5, 1], [1, '$12', 12, 1], [2, '(3.25)', -3.25, 1], [3, '50%', 0.5, 1], [4, '1.1%', 0.011, 1], [11, '0042', 42, 1],
    ]);
    expect(rec.flags).toEqual([
      [5, 'abc', 'parse-number: "abc" in "amount" is not a number', 0],
      [9, true, 'parse-number: true in "amount" is not a number', 0],
    ]);
    expect(rec.quarantined).toEqual([]);
  });

  it('keeps percent values unscaled with percent=keep and uses the comma decimal', () => {
    expect(runOp(op({ decimal: ',', percent: 'keep' }), ['1.234,5', '12,5 %', '1,5e2']).out).toEqual([1234.5, 12.5, 150]);
  });

  it('set-null and quarantine policies, and integer=true', () => {
    const nul = runOp(op({ onError: 'set-null', integer: true }), ['1.5', '2', 'x', 3.5]);
    expect(nul.out).toEqual([null, 2, null, null]);
    expect(nul.rec.cells).toEqual([[0, '1.5', null, 0], [1, '2', 2, 1], [2, 'x', null, 0], [3, 3.5, null, 0]]);
    const q = runOp(op({ onError: 'quarantine' }), ['x', '1']);
    expect(q.out).toEqual(['x', 1]);
    expect(q.rec.quarantined).toEqual([[0, 'parse-number: "x" in "amount" is not a number']]);
  });

  it('parse fills defaults', () => {
    expect(parseNumberOp.parse({ id: 'a', column: 'c' }, 0, [])?.params).toEqual({ decimal: '.', percent: 'fraction', onError: 'keep-original' });
  });
});
