/** core/email: validate and normalise email addresses (trim, mailto: removed, lowercase). */
import type { EmailOp } from '../../../shared/plan.js';
import { normalizeEmail } from '../formats/email.js';
import type { Cell } from '../table.js';
import { Checker, cellReason, failCell, isBlank, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

export const emailOp: OpModule<EmailOp> = {
  op: 'core/email',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return { ...base, op: 'core/email', params: { onError: (p.onError ?? 'keep-original') as EmailOp['params']['onError'] } };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    c.policy(c.base(columns));
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Validate and normalise email addresses in ${JSON.stringify(op.column)}`;
  },

  prepare(op) {
    const onError = op.params.onError;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v === null || (typeof v === 'string' && isBlank(v))) continue;
          const e = typeof v === 'string' ? normalizeEmail(v) : null;
          if (e === null) {
            failCell(column, i, v, onError, cellReason('email', v, op.column, 'is not a valid email address'), rec);
          } else if (e !== v) {
            column[i] = e;
            rec.cell(i, v, e, 1);
          }
        }
      },
    };
  },
};
