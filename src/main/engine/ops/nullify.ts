/** core/nullify: placeholder tokens that mean "no value" ('N/A', '-', 'null', '?') become real nulls. */
import type { NullifyOp } from '../../../shared/plan.js';
import { PLACEHOLDER_TOKENS } from '../formats/nulls.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

/** Tokens used when a plan names none; matching is on the trimmed, lower-cased text. */
export const DEFAULT_NULL_TOKENS: readonly string[] = PLACEHOLDER_TOKENS;

export const nullifyOp: OpModule<NullifyOp> = {
  op: 'core/nullify',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return { ...base, op: 'core/nullify', params: { values: (p.values ?? [...DEFAULT_NULL_TOKENS]) as string[], blanks: (p.blanks ?? true) as boolean } };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.stringList('params.values', p.values);
    c.bool('params.blanks', p.blanks);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Turn placeholder values (${op.params.values.slice(0, 5).join(', ')}${op.params.values.length > 5 ? ', …' : ''})${op.params.blanks ? ' and blanks' : ''} in ${JSON.stringify(op.column)} into nulls`;
  },

  prepare(op) {
    const tokens = new Set(op.params.values.map((v) => v.trim().toLowerCase()));
    const blanks = op.params.blanks;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i];
          if (typeof v !== 'string') continue;
          const t = v.trim();
          if ((blanks && t === '') || (t !== '' && tokens.has(t.toLowerCase()))) {
            column[i] = null;
            rec.cell(i, v, null, 0.95);
          }
        }
      },
    };
  },
};
