/** Tests for core/unicode. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnicodeOp } from '../../../shared/plan.js';
import { opContract, runOp } from './testKit.js';
import { unicodeOp } from './unicode.js';

const op = (form: 'NFC' | 'NFKC', stripControl: boolean): UnicodeOp => ({ id: 'u1', op: 'core/unicode', column: 'city', enabled: true, params: { form, stripControl } });

opContract(unicodeOp, {
  valid: [op('NFC', true), op('NFKC', false)],
  columns: ['city'],
  bad: [
    { name: 'unknown form and non-boolean strip', op: { ...op('NFC', true), params: { form: 'NFD', stripControl: 1 } }, paths: ['operations[2].params.form', 'operations[2].params.stripControl'] },
  ],
  idempotent: fc.tuple(fc.constantFrom('NFC' as const, 'NFKC' as const), fc.boolean()).map(([f, s]) => op(f, s)),
});

describe('core/unicode', () => {
  it('composes, folds compatibility forms and strips invisibles', () => {
    const input = ['e\u0301cole', '\u200bZu\u0308rich\uFEFF', 'ﬁne', 'plain', null, 7];
    expect(runOp(op('NFC', true), input).out).toEqual(['école', 'Zürich', 'ﬁne', 'plain', null, 7]);
    const { out, rec } = runOp(op('NFKC', false), input);
    expect(out).toEqual(['école', '\u200bZürich\uFEFF', 'fine', 'plain', null, 7]);
    expect(rec.cells.map(([i, , , c]) => [i, c])).toEqual([[0, 1], [1, 1], [2, 1]]);
  });

  it('parse defaults to NFC with stripping', () => {
    expect(unicodeOp.parse({ id: 'a', column: 'c' }, 0, [])?.params).toEqual({ form: 'NFC', stripControl: true });
  });
});
