/** Tests for core/phone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellPolicy, PhoneOp } from '../../../shared/plan.js';
import { phoneOp } from './phone.js';
import { opContract, runOp } from './testKit.js';

const op = (onError: CellPolicy = 'keep-original', cc?: string): PhoneOp => ({
  id: 'p1', op: 'core/phone', column: 'tel', enabled: true, params: cc === undefined ? { onError } : { onError, defaultCountryCode: cc },
});

opContract(phoneOp, {
  valid: [op(), op('set-null', '44')],
  columns: ['tel'],
  bad: [
    { name: 'a country code with letters', op: op('keep-original', 'UK'), paths: ['operations[2].params.defaultCountryCode'] },
    { name: 'a 4-digit country code and a bad policy', op: op('x' as CellPolicy, '1234'), paths: ['operations[2].params.defaultCountryCode', 'operations[2].params.onError'] },
  ],
  idempotent: fc.tuple(fc.constantFrom<CellPolicy>('keep-original', 'set-null', 'quarantine'), fc.constantFrom(undefined, '1', '44')).map(([p, cc]) => op(p, cc)),
});

describe('core/phone', () => {
  it('normalises with a default country code and lower confidence when it was assumed', () => {
    const input = ['+1 (555) 123-4567', '020 7946 0958', 2079460958, 'call me', null, '+442079460958'];
    const { out, rec } = runOp(op('keep-original', '44'), input);
    expect(out).toEqual(['+15551234567', '+442079460958', '+442079460958', 'call me', null, '+442079460958']);
    expect(rec.cells).toEqual([
      [0, '+1 (555) 123-4567', '+15551234567', 1],
      [1, '020 7946 0958', '+442079460958', 0.9],
      [2, 2079460958, '+442079460958', 0.9],
    ]);
    expect(rec.flags).toEqual([[3, 'call me', 'phone: "call me" in "tel" is not a valid phone number', 0]]);
  });

  it('parse accepts +44 and 44 for the country code', () => {
    expect(phoneOp.parse({ id: 'a', column: 'c', params: { defaultCountryCode: '+44' } }, 0, [])?.params).toEqual({ onError: 'keep-original', defaultCountryCode: '44' });
    expect(phoneOp.parse({ id: 'a', column: 'c', params: { defaultCountryCode: 44 } }, 0, [])?.params.defaultCountryCode).toBe('44');
  });
});
