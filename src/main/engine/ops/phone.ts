/** core/phone: validate phone numbers and normalise them to E.164-like `+<digits>`. */
import type { PhoneOp } from '../../../shared/plan.js';
import { normalizePhoneDetailed } from '../formats/phone.js';
import type { Cell } from '../table.js';
import { Checker, cellReason, failCell, isBlank, optional, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

/** The country code was assumed from the plan, not written in the value. */
export const DEFAULT_COUNTRY_CONFIDENCE = 0.9;

export const phoneOp: OpModule<PhoneOp> = {
  op: 'core/phone',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    const params: PhoneOp['params'] = { onError: (p.onError ?? 'keep-original') as PhoneOp['params']['onError'] };
    // Accept 44 and '+44' for '44'.
    let cc = p.defaultCountryCode;
    if (typeof cc === 'number') cc = String(cc);
    if (typeof cc === 'string' && cc.startsWith('+')) cc = cc.slice(1);
    optional(params, 'defaultCountryCode', cc);
    return { ...base, op: 'core/phone', params };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    const cc = p.defaultCountryCode;
    if (cc !== undefined && (typeof cc !== 'string' || !/^[1-9]\d{0,2}$/.test(cc))) {
      c.error('params.defaultCountryCode', `must be a country calling code of 1–3 digits without '+', got ${show(cc)}`);
    }
    c.policy(p);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const cc = op.params.defaultCountryCode ? ` (default country code +${op.params.defaultCountryCode})` : '';
    return `Validate and normalise phone numbers in ${JSON.stringify(op.column)}${cc}`;
  },

  prepare(op) {
    const { defaultCountryCode, onError } = op.params;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v === null || (typeof v === 'string' && isBlank(v))) continue;
          const d = typeof v === 'boolean' ? null : normalizePhoneDetailed(String(v), defaultCountryCode);
          if (d === null) {
            failCell(column, i, v, onError, cellReason('phone', v, op.column, 'is not a valid phone number'), rec);
          } else if (d.normalized !== v) {
            column[i] = d.normalized;
            rec.cell(i, v, d.normalized, d.country === 'default' ? DEFAULT_COUNTRY_CONFIDENCE : 1);
          }
        }
      },
    };
  },
};
