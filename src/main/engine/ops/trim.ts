/** core/trim: strip leading/trailing whitespace and optionally collapse inner runs to one space. */
import type { TrimOp } from '../../../shared/plan.js';
import { collapseWhitespace } from '../formats/text.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

export const trimOp: OpModule<TrimOp> = {
  op: 'core/trim',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return { ...base, op: 'core/trim', params: { collapse: (p.collapse ?? true) as boolean } };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.bool('params.collapse', p.collapse);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Trim whitespace in ${JSON.stringify(op.column)}${op.params.collapse ? ' and collapse inner runs to one space' : ''}`;
  },

  prepare(op) {
    const collapse = op.params.collapse;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i];
          if (typeof v !== 'string') continue;
          const t = collapse ? collapseWhitespace(v.trim()) : v.trim();
          if (t !== v) {
            column[i] = t;
            rec.cell(i, v, t, 1);
          }
        }
      },
    };
  },
};
