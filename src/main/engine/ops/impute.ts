/** core/impute: fill null and blank cells with a value chosen from the profile (median, mode) or given (constant). */
import type { ImputeOp } from '../../../shared/plan.js';
import type { Cell } from '../table.js';
import { Checker, isBlank, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

const STRATEGIES: readonly ImputeOp['params']['strategy'][] = ['median', 'mode', 'constant'];

/**
 * An imputed value is a guess about a missing fact. Statistical fills are coin-flip quality for
 * any one row; a constant is a deliberate placeholder ("unknown"), so slightly more trustworthy.
 */
export const IMPUTE_CONFIDENCE: Readonly<Record<ImputeOp['params']['strategy'], number>> = { median: 0.5, mode: 0.5, constant: 0.6 };

export const imputeOp: OpModule<ImputeOp> = {
  op: 'core/impute',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/impute',
      params: { strategy: p.strategy as ImputeOp['params']['strategy'], value: p.value as ImputeOp['params']['value'] },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.strategy', p.strategy, STRATEGIES);
    const v = p.value;
    if (p.strategy === 'median') c.finite('params.value', v);
    else if (typeof v === 'number') c.finite('params.value', v);
    else if (typeof v === 'string') {
      if (isBlank(v)) c.error('params.value', 'must not be blank: filling blanks with a blank changes nothing');
    } else if (typeof v !== 'boolean') c.error('params.value', `must be a string, number or boolean, got ${show(v)}`);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Fill missing values in ${JSON.stringify(op.column)} with the ${op.params.strategy} ${show(op.params.value)}`;
  },

  prepare(op) {
    const fill: Cell = op.params.value;
    const confidence = IMPUTE_CONFIDENCE[op.params.strategy];
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v !== null && !(typeof v === 'string' && isBlank(v))) continue;
          column[i] = fill;
          rec.cell(i, v, fill, confidence);
        }
      },
    };
  },
};
