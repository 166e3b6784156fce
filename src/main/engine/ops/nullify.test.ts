/** Tests for core/nullify. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NullifyOp, PlanIssue } from '../../../shared/plan.js';
import { DEFAULT_NULL_TOKENS, nullifyOp } from './nullify.js';
import { opContract, runOp } from './testKit.js';

const op = (values: string[], blanks = true): NullifyOp => ({ id: 'n1', op: 'core/nullify', column: 'city', enabled: true, params: { values, blanks } });

opContract(nullifyOp, {
  valid: [op(['n/a', '-']), op(['?'], false), { ...op(['?']), reason: 'placeholders' }],
  columns: ['city'],
  bad: [
    { name: 'values not a list', op: { ...op([]), params: { values: 'n/a', blanks: true } }, paths: ['operations[2].params.values'] },
    { name: 'blanks not boolean', op: { ...op(['x']), params: { values: ['x'], blanks: 'yes' } }, paths: ['operations[2].params.blanks'] },
  ],
  idempotent: fc.subarray([...DEFAULT_NULL_TOKENS]).map((v) => op(v)),
});

describe('core/nullify', () => {
  it('parse fills the default tokens', () => {
    const issues: PlanIssue[] = [];
    const parsed = nullifyOp.parse({ id: 'x', op: 'nullify', column: 'city' }, 0, issues);
    expect(parsed?.params.values).toEqual([...DEFAULT_NULL_TOKENS]);
    expect(parsed?.params.blanks).toBe(true);
    expect(issues).toEqual([]);
  });

  it('nulls placeholders case-insensitively and blanks, leaving real values', () => {
    const { out, rec } = runOp(op(['n/a', '-']), ['Boston', ' N/A ', '-', '', '  ', 'n/a!', null, 0]);
    expect(out).toEqual(['Boston', null, null, null, null, 'n/a!', null, 0]);
    expect(rec.cells.map((c) => c[0])).toEqual([1, 2, 3, 4]);
  });

  it('keeps blanks when asked', () => {
    expect(runOp(op(['-'], false), ['', '-']).out).toEqual(['', null]);
  });
});
