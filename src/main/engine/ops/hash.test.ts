/** Tests for core/hash: salted, deterministic, marked so a hashed value is never hashed again. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HashOp, PlanIssue } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import { HASH_PREFIX, hashOp, hashText, isHashed } from './hash.js';
import { prepareOperation } from './registry.js';
import { opContract, runOp } from './testKit.js';

const op = (length = 16): HashOp => ({ id: 'h1', op: 'core/hash', column: 'email', enabled: true, params: { length } });
const SALT = { salt: 'pepper-7f3a' };

opContract(hashOp, {
  valid: [op(16), op(8), op(64), { ...op(), reason: 'pseudonymise' }],
  columns: ['email', 'name'],
  bad: [
    { name: 'too short a digest', op: op(4), paths: ['operations[2].params.length'] },
    { name: 'a length that is not a whole number', op: { ...op(), params: { length: '16' } }, paths: ['operations[2].params.length'] },
    { name: 'more digits than sha256 has', op: op(65), paths: ['operations[2].params.length'] },
  ],
  // Idempotent only because of the mark: the second run sees `h:…` and leaves it.
  idempotent: fc.integer({ min: 8, max: 64 }).map(op),
  context: SALT,
});

describe('core/hash', () => {
  it('parse fills length 16', () => {
    const issues: PlanIssue[] = [];
    expect(hashOp.parse({ id: 'x', op: 'hash', column: 'email' }, 0, issues)).toEqual({ id: 'x', op: 'core/hash', column: 'email', enabled: true, params: { length: 16 } });
    expect(issues).toEqual([]);
  });

  it('is an HMAC-SHA256 keyed by the salt: deterministic, salt-dependent, prefixed h:', () => {
    const { out, rec } = runOp(op(16), ['ann@example.com', 'ann@example.com', 42, null, true, '', 'bob@example.com'], SALT);
    const expected = HASH_PREFIX + createHmac('sha256', SALT.salt).update('ann@example.com').digest('hex').slice(0, 16);
    expect(out[0]).toBe(expected);
    expect(out[1]).toBe(expected);
    expect(out[2]).toBe(hashText('42', SALT.salt, 16));
    expect(out.slice(3, 6)).toEqual([null, true, '']);
    expect(out[6]).not.toBe(expected);
    expect(rec.cells.map(([i]) => i)).toEqual([0, 1, 2, 6]);
    expect(runOp(op(16), ['ann@example.com'], { salt: 'another salt' }).out[0]).not.toBe(expected);
  });

  it('never hashes a hashed value twice, but does hash text that only looks similar', () => {
    const once = hashText('ann@example.com', SALT.salt, 16);
    expect(isHashed(once, 16)).toBe(true);
    const { out, rec } = runOp(op(16), [once, 'h:ann@example.com', 'h:0123456789ABCDEF', `${once}0`, hashText('x', SALT.salt, 12)], SALT);
    expect(out[0]).toBe(once);
    expect(rec.cells.map(([i]) => i)).toEqual([1, 2, 3, 4]);
    for (const v of out) expect(isHashed(v as string, 16)).toBe(true);
  });

  it('refuses to run without a salt', () => {
    expect(() => prepareOperation(op())).toThrow(EngineError);
    expect(() => prepareOperation(op(), { salt: '' })).toThrow(/needs a salt/);
  });
});
