/** Tests for core/case. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseOp } from '../../../shared/plan.js';
import { caseOp } from './case.js';
import { opContract, runOp } from './testKit.js';

const op = (mode: CaseOp['params']['mode']): CaseOp => ({ id: 'c1', op: 'core/case', column: 'state', enabled: true, params: { mode } });

opContract(caseOp, {
  valid: [op('lower'), op('upper'), op('title')],
  columns: ['state'],
  bad: [
    { name: 'unknown mode', op: op('sentence' as CaseOp['params']['mode']), paths: ['operations[2].params.mode'] },
    { name: 'params not an object', op: { ...op('lower'), params: 'lower' }, paths: ['operations[2].params', 'operations[2].params.mode'] },
  ],
  idempotent: fc.constantFrom('lower' as const, 'upper' as const, 'title' as const).map(op),
});

describe('core/case', () => {
  const input = ['new YORK', 'ny', null, 12, 'Straße', false];
  it.each([
    ['lower', ['new york', 'ny', null, 12, 'straße', false], 1],
    ['upper', ['NEW YORK', 'NY', null, 12, 'STRASSE', false], 1],
    ['title', ['New York', 'Ny', null, 12, 'Straße', false], 0.9],
  ] as const)('%s', (mode, want, conf) => {
    const { out, rec } = runOp(op(mode), input);
    expect(out).toEqual(want);
    const changed = want.flatMap((w, i) => (w === input[i] ? [] : [[i, input[i], w, conf]]));
    expect(rec.cells).toEqual(changed);
  });

  it('accepts the older spelling "uppercase"', () => {
    expect(caseOp.parse({ id: 'a', column: 'c', params: { mode: 'uppercase' } }, 0, [])?.params.mode).toBe('upper');
  });
});
