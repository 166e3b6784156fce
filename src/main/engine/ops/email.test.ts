/** Tests for core/email. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellPolicy, EmailOp } from '../../../shared/plan.js';
import { emailOp } from './email.js';
import { opContract, runOp } from './testKit.js';

const op = (onError: CellPolicy = 'keep-original'): EmailOp => ({ id: 'e1', op: 'core/email', column: 'email', enabled: true, params: { onError } });

opContract(emailOp, {
  valid: [op(), op('quarantine')],
  columns: ['email'],
  bad: [{ name: 'unknown policy and enabled not boolean', op: { ...op('drop' as CellPolicy), enabled: 'no' }, paths: ['operations[2].params.onError', 'operations[2].enabled'] }],
  idempotent: fc.constantFrom<CellPolicy>('keep-original', 'set-null', 'quarantine').map(op),
});

describe('core/email', () => {
  it('normalises valid addresses and applies the policy to the rest', () => {
    const input = [' Ann@Example.COM', 'mailto:bob@x.org', 'bob@x.org', 'nope', 42, null, ''];
    const { out, rec } = runOp(op('set-null'), input);
    expect(out).toEqual(['ann@example.com', 'bob@x.org', 'bob@x.org', null, null, null, '']);
    expect(rec.cells).toEqual([[0, ' Ann@Example.COM', 'ann@example.com', 1], [1, 'mailto:bob@x.org', 'bob@x.org', 1], [3, 'nope', null, 0], [4, 42, null, 0]]);
    const q = runOp(op('quarantine'), ['nope']);
    expect(q.rec.quarantined).toEqual([[0, 'email: "nope" in "email" is not a valid email address']]);
  });
});
