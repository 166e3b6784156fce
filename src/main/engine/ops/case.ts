/** core/case: lower, upper or title case for text cells. */
import type { CaseOp } from '../../../shared/plan.js';
import { titleCase } from '../formats/text.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

const MODES: readonly CaseOp['params']['mode'][] = ['lower', 'upper', 'title'];

export const caseOp: OpModule<CaseOp> = {
  op: 'core/case',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    // Older plans spelled the mode 'lowercase' / 'uppercase' / 'titlecase'.
    const mode = typeof p.mode === 'string' ? p.mode.replace(/case$/, '') : p.mode;
    return { ...base, op: 'core/case', params: { mode: mode as CaseOp['params']['mode'] } };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.mode', p.mode, MODES);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Convert ${JSON.stringify(op.column)} to ${op.params.mode} case`;
  },

  prepare(op) {
    const mode = op.params.mode;
    // Title case guesses at names ("McDonald" becomes "Mcdonald"), so it is less certain.
    const confidence = mode === 'title' ? 0.9 : 1;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i];
          if (typeof v !== 'string') continue;
          const t = mode === 'lower' ? v.toLowerCase() : mode === 'upper' ? v.toUpperCase() : titleCase(v);
          if (t !== v) {
            column[i] = t;
            rec.cell(i, v, t, confidence);
          }
        }
      },
    };
  },
};
