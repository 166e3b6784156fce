/** core/mask: hide all but the last characters of a value, so it can be recognised but not read. */
import type { MaskOp } from '../../../shared/plan.js';
import type { Cell } from '../table.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

export const MAX_KEEP_LAST = 64;
const ALNUM = /[\p{L}\p{N}]/u;

/**
 * Masks `s` by code point. With keepSeparators only letters and digits count and are masked, so
 * the shape survives; otherwise every character but the last `keepLast` is. A value with no more
 * than `keepLast` maskable characters is left whole. Masking a masked value changes nothing as
 * long as the mask character is neither a letter nor a digit.
 */
export function maskText(s: string, keepLast: number, char: string, keepSeparators: boolean): string {
  const cps = Array.from(s);
  let maskable = 0;
  for (const c of cps) if (!keepSeparators || ALNUM.test(c)) maskable++;
  let toMask = maskable - keepLast;
  if (toMask <= 0) return s;
  let out = '';
  for (const c of cps) {
    if (toMask > 0 && (!keepSeparators || ALNUM.test(c))) {
      out += char;
      toMask--;
    } else {
      out += c;
    }
  }
  return out;
}

export const maskOp: OpModule<MaskOp> = {
  op: 'core/mask',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/mask',
      params: {
        keepLast: (p.keepLast ?? 4) as number,
        char: (p.char ?? '*') as string,
        keepSeparators: (p.keepSeparators ?? true) as boolean,
      },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    const k = p.keepLast;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > MAX_KEEP_LAST) c.error('params.keepLast', `must be a whole number from 0 to ${MAX_KEEP_LAST}, got ${show(k)}`);
    const ch = p.char;
    if (typeof ch !== 'string' || Array.from(ch).length !== 1 || /[\p{L}\p{N}\p{C}\s]/u.test(ch)) {
      c.error('params.char', `must be one visible character that is not a letter, digit or space, got ${show(ch)}`);
    }
    c.bool('params.keepSeparators', p.keepSeparators);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const { keepLast, char, keepSeparators } = op.params;
    const what = keepSeparators ? 'letters and digits' : 'characters';
    return `Mask ${JSON.stringify(op.column)} with ${JSON.stringify(char)}, keeping the last ${keepLast} ${what}`;
  },

  prepare(op) {
    const { keepLast, char, keepSeparators } = op.params;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          // Numbers are masked as their text (an account number read as a number is still one); booleans carry nothing to hide.
          if (v === null || typeof v === 'boolean') continue;
          const text = typeof v === 'string' ? v : String(v);
          const masked = maskText(text, keepLast, char, keepSeparators);
          if (masked === text) continue;
          column[i] = masked;
          rec.cell(i, v, masked, 1);
        }
      },
    };
  },
};
