/** Tests for core/mask. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MaskOp, PlanIssue } from '../../../shared/plan.js';
import { maskOp, maskText } from './mask.js';
import { opContract, runOp } from './testKit.js';

const op = (keepLast: number, keepSeparators = true, char = '*'): MaskOp => ({ id: 'm1', op: 'core/mask', column: 'card', enabled: true, params: { keepLast, char, keepSeparators } });

opContract(maskOp, {
  valid: [op(4), op(0, false), op(2, true, '#'), { ...op(4), reason: 'card numbers' }],
  columns: ['card', 'name'],
  bad: [
    { name: 'negative or fractional keepLast', op: { ...op(4), params: { keepLast: -1, char: '*', keepSeparators: true } }, paths: ['operations[2].params.keepLast'] },
    { name: 'a letter, two characters or nothing as the mask', op: { ...op(4), params: { keepLast: 1.5, char: 'xx', keepSeparators: 'yes' } }, paths: ['operations[2].params.keepLast', 'operations[2].params.char', 'operations[2].params.keepSeparators'] },
    { name: 'a digit as the mask (masking would not be idempotent)', op: { ...op(4), params: { keepLast: 4, char: '0', keepSeparators: true } }, paths: ['operations[2].params.char'] },
    { name: 'missing params', op: { id: 'm', op: 'core/mask', column: 'card' }, paths: ['operations[2].params', 'operations[2].params.keepLast', 'operations[2].params.char', 'operations[2].params.keepSeparators'] },
  ],
  idempotent: fc.record({ k: fc.integer({ min: 0, max: 8 }), sep: fc.boolean(), ch: fc.constantFrom('*', '#', '•', '✱') }).map(({ k, sep, ch }) => op(k, sep, ch)),
});

describe('core/mask', () => {
  it('parse fills keepLast 4, char * and keepSeparators true', () => {
    const issues: PlanIssue[] = [];
    expect(maskOp.parse({ id: 'x', op: 'mask', column: 'card' }, 0, issues)).toEqual({ id: 'x', op: 'core/mask', column: 'card', enabled: true, params: { keepLast: 4, char: '*', keepSeparators: true } });
    expect(issues).toEqual([]);
  });

  it('keeps the last letters and digits and the shape; masks numbers as text; leaves short values, nulls and booleans', () => {
    const { out, rec } = runOp(op(4), ['4111 1111 1111 1234', 'ann@example.com', 4111111111111111, '123', null, true, '', 'Zoë Ölund']);
    expect(out).toEqual(['**** **** **** 1234', '***@******e.com', '************1111', '123', null, true, '', '*** *lund']);
    expect(rec.cells.map(([i]) => i)).toEqual([0, 1, 2, 7]);
    expect(rec.cells[2]).toEqual([2, 4111111111111111, '************1111', 1]);
  });

  it('without keepSeparators masks every character but the last ones, by code point', () => {
    expect(runOp(op(4, false), ['4111-1111-1111-1234', '😀😀😀😀😀x']).out).toEqual(['***************1234', '**😀😀😀x']);
    expect(maskText('secret', 0, '#', false)).toBe('######');
  });
});
