/** core/parse-number: text to numbers (thousands separators, currency, percent, accounting negatives). */
import type { ParseNumberOp } from '../../../shared/plan.js';
import { type NumberDetail, parseNumberDetailed } from '../formats/numbers.js';
import type { Cell } from '../table.js';
import { Checker, cellReason, failCell, isBlank, optional, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

const EXP = /e/i;
const LEADING_ZEROS = /^(-?)0+(?=\d)/;

/** The decimal literal divided by 100, done on the text so 1.1% is 0.011, not 0.011000000000000001. */
function percentOf(literal: string): number {
  const e = literal.search(EXP);
  if (e < 0) return Number(`${literal}e-2`);
  return Number(`${literal.slice(0, e)}e${Number(literal.slice(e + 1)) - 2}`);
}

/**
 * The cell a parsed value becomes. Integers beyond 2^53 stay text (the table contract), written
 * as plain digits, so they are not silently rounded.
 */
function toCell(d: NumberDetail, percent: ParseNumberOp['params']['percent']): Cell {
  if (d.percent) return percent === 'fraction' ? percentOf(d.literal) : d.value;
  if (!d.fraction && !d.exponent && !Number.isSafeInteger(d.value)) return d.literal.replace(LEADING_ZEROS, '$1');
  return d.value;
}

export const parseNumberOp: OpModule<ParseNumberOp> = {
  op: 'core/parse-number',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    const params: ParseNumberOp['params'] = {
      decimal: (p.decimal ?? '.') as ParseNumberOp['params']['decimal'],
      percent: (p.percent ?? 'fraction') as ParseNumberOp['params']['percent'],
      onError: (p.onError ?? 'keep-original') as ParseNumberOp['params']['onError'],
    };
    optional(params, 'integer', p.integer);
    return { ...base, op: 'core/parse-number', params };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.decimal', p.decimal, ['.', ',']);
    c.oneOf('params.percent', p.percent, ['fraction', 'keep']);
    c.policy(p);
    if (p.integer !== undefined) c.bool('params.integer', p.integer);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const kind = op.params.integer ? 'integers' : 'numbers';
    return `Parse ${JSON.stringify(op.column)} as ${kind} (decimal '${op.params.decimal}')`;
  },

  prepare(op) {
    const { decimal, percent, onError } = op.params;
    const integer = op.params.integer === true;
    const name = 'parse-number';
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v === null) continue;
          if (typeof v === 'number') {
            if (integer && Number.isFinite(v) && !Number.isInteger(v)) failCell(column, i, v, onError, cellReason(name, v, op.column, 'is not an integer'), rec);
            continue;
          }
          if (typeof v === 'boolean') {
            failCell(column, i, v, onError, cellReason(name, v, op.column, 'is not a number'), rec);
            continue;
          }
          if (isBlank(v)) continue;
          const d = parseNumberDetailed(v, decimal);
          if (!d) {
            failCell(column, i, v, onError, cellReason(name, v, op.column, 'is not a number'), rec);
            continue;
          }
          const out = toCell(d, percent);
          if (integer && typeof out === 'number' && !Number.isInteger(out)) {
            failCell(column, i, v, onError, cellReason(name, v, op.column, 'is not an integer'), rec);
            continue;
          }
          if (out !== v) {
            column[i] = out;
            rec.cell(i, v, out, 1);
          }
        }
      },
    };
  },
};
