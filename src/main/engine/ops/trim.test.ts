/** Tests for core/trim. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanIssue, TrimOp } from '../../../shared/plan.js';
import { opContract, runOp } from './testKit.js';
import { trimOp } from './trim.js';

const op = (collapse: boolean): TrimOp => ({ id: 't1', op: 'core/trim', column: 'name', enabled: true, params: { collapse } });

opContract(trimOp, {
  valid: [op(true), op(false), { ...op(true), reason: 'stray spaces' }],
  columns: ['name', 'age'],
  bad: [
    { name: 'non-boolean collapse', op: { ...op(true), params: { collapse: 'yes' } }, paths: ['operations[2].params.collapse'] },
    { name: 'missing params and bad id', op: { id: '', op: 'core/trim', column: 'name' }, paths: ['operations[2].id', 'operations[2].params', 'operations[2].params.collapse'] },
  ],
  idempotent: fc.boolean().map(op),
});

describe('core/trim', () => {
  it('parse fills collapse=true and enabled=true', () => {
    const issues: PlanIssue[] = [];
    expect(trimOp.parse({ id: 'x', op: 'trim', column: 'name' }, 0, issues)).toEqual({ id: 'x', op: 'core/trim', column: 'name', enabled: true, params: { collapse: true } });
    expect(issues).toEqual([]);
  });

  it('trims and collapses, recording only changed cells', () => {
    const { out, rec } = runOp(op(true), ['  Ann  Lee ', 'Bob', null, 42, '\tC\u00a0\u00a0D\n', '', true]);
    expect(out).toEqual(['Ann Lee', 'Bob', null, 42, 'C D', '', true]);
    expect(rec.cells).toEqual([[0, '  Ann  Lee ', 'Ann Lee', 1], [4, '\tC\u00a0\u00a0D\n', 'C D', 1]]);
    expect(rec.flags).toEqual([]);
    expect(rec.quarantined).toEqual([]);
  });

  it('keeps inner runs without collapse', () => {
    expect(runOp(op(false), ['  Ann  Lee ']).out).toEqual(['Ann  Lee']);
  });
});
