/** core/outlier: flag, clip or null numeric values outside [lower, upper]. */
import type { OutlierOp } from '../../../shared/plan.js';
import { parseNumberDetailed } from '../formats/numbers.js';
import type { Cell } from '../table.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

/**
 * Manual bounds are a human's rule, so applying them is certain. IQR/MAD bounds are statistical:
 * a value just past the fence may be genuine, so their flags and edits carry less weight.
 */
export const OUTLIER_CONFIDENCE: Readonly<Record<OutlierOp['params']['method'], number>> = { manual: 1, iqr: 0.7, mad: 0.7 };

function numeric(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  // Percent text is skipped: its scale (50% = 50 or 0.5) is ambiguous against numeric bounds.
  const d = parseNumberDetailed(v, '.');
  return d && !d.percent ? d.value : null;
}

export const outlierOp: OpModule<OutlierOp> = {
  op: 'core/outlier',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/outlier',
      params: {
        method: (p.method ?? 'manual') as OutlierOp['params']['method'],
        lower: p.lower as number,
        upper: p.upper as number,
        action: (p.action ?? 'flag') as OutlierOp['params']['action'],
      },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.method', p.method, ['iqr', 'mad', 'manual']);
    const lo = c.finite('params.lower', p.lower);
    const hi = c.finite('params.upper', p.upper);
    if (lo && hi && (p.lower as number) > (p.upper as number)) {
      c.error('params.lower', `lower (${show(p.lower)}) must not exceed upper (${show(p.upper)})`);
    }
    c.oneOf('params.action', p.action, ['flag', 'clip', 'null']);
    return c.issues;
  },

  reads: ownColumn,
  writes: (op) => (op.params.action === 'flag' ? [] : [op.column]),
  rename: renameColumn,

  describe(op) {
    const { lower, upper, action, method } = op.params;
    const verb = action === 'flag' ? 'Flag' : action === 'clip' ? 'Clip' : 'Set to null';
    return `${verb} values in ${JSON.stringify(op.column)} outside [${lower}, ${upper}] (${method} bounds)`;
  },

  prepare(op) {
    const { lower, upper, action } = op.params;
    const confidence = OUTLIER_CONFIDENCE[op.params.method];
    const col = JSON.stringify(op.column);
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          const x = numeric(v);
          if (x === null || (x >= lower && x <= upper)) continue;
          if (action === 'flag') {
            rec.flag(i, v, `outlier: ${show(v)} in ${col} outside [${lower}, ${upper}]`, confidence);
          } else {
            const out = action === 'clip' ? (x < lower ? lower : upper) : null;
            column[i] = out;
            rec.cell(i, v, out, confidence);
          }
        }
      },
    };
  },
};
