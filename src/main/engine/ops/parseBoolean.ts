/** core/parse-boolean: yes/no, y/n, 1/0 and friends to true/false. */
import type { ParseBooleanOp } from '../../../shared/plan.js';
import { BooleanMatcher, DEFAULT_FALSY, DEFAULT_TRUTHY } from '../formats/booleans.js';
import type { Cell } from '../table.js';
import { Checker, cellReason, failCell, isBlank, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

export const parseBooleanOp: OpModule<ParseBooleanOp> = {
  op: 'core/parse-boolean',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/parse-boolean',
      params: {
        truthy: (p.truthy ?? [...DEFAULT_TRUTHY]) as string[],
        falsy: (p.falsy ?? [...DEFAULT_FALSY]) as string[],
        onError: (p.onError ?? 'keep-original') as ParseBooleanOp['params']['onError'],
      },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    const truthy = p.truthy;
    const falsy = p.falsy;
    const okT = c.stringList('params.truthy', truthy);
    const okF = c.stringList('params.falsy', falsy);
    if (okT && okF) {
      const truthySet = new Set((truthy as string[]).map((t) => t.trim().toLowerCase()));
      (falsy as string[]).forEach((f, i) => {
        if (truthySet.has(f.trim().toLowerCase())) c.error(`params.falsy[${i}]`, `${show(f)} is also listed as truthy`);
      });
      for (const [list, path] of [[truthy as string[], 'params.truthy'], [falsy as string[], 'params.falsy']] as const) {
        list.forEach((t, i) => {
          if (t.trim().length === 0) c.error(`${path}[${i}]`, 'must not be blank');
        });
      }
    }
    c.policy(p);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Parse ${JSON.stringify(op.column)} as true/false (${op.params.truthy.join('/')} vs ${op.params.falsy.join('/')})`;
  },

  prepare(op) {
    const matcher = new BooleanMatcher(op.params.truthy, op.params.falsy);
    const onError = op.params.onError;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v === null || typeof v === 'boolean') continue;
          const s = typeof v === 'number' ? String(v) : v;
          if (isBlank(s)) continue;
          const b = matcher.match(s);
          if (b === null) {
            failCell(column, i, v, onError, cellReason('parse-boolean', v, op.column, 'is not a recognised true/false value'), rec);
            continue;
          }
          column[i] = b;
          rec.cell(i, v, b, 1);
        }
      },
    };
  },
};
