/** core/alias: replace known variants with their canonical value (exact match on the normalised text). */
import type { AliasOp } from '../../../shared/plan.js';
import { Checker, isRecord, optional, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule } from './types.js';

/** Used when a plan gives no per-variant confidence: clustering found the variant, a human did not. */
export const DEFAULT_ALIAS_CONFIDENCE = 0.9;

const key = (k: string): string => `[${JSON.stringify(k)}]`;

export const aliasOp: OpModule<AliasOp> = {
  op: 'core/alias',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    const params = { mapping: p.mapping as Record<string, string> };
    optional(params, 'confidence', p.confidence);
    return { ...base, op: 'core/alias', params };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    const mapping = p.mapping;
    if (!isRecord(mapping) || Object.keys(mapping).length === 0) {
      c.error('params.mapping', `must be a non-empty object of variant → canonical value, got ${show(mapping)}`);
    } else {
      for (const [variant, canonical] of Object.entries(mapping)) {
        if (typeof canonical !== 'string') {
          c.error(`params.mapping${key(variant)}`, `canonical value must be a string, got ${show(canonical)}`);
          continue;
        }
        // Chains (a→b, b→c) would make the operation change its own output on a second run.
        const next = Object.hasOwn(mapping, canonical) ? mapping[canonical] : undefined;
        if (canonical !== variant && next !== undefined && next !== canonical) {
          c.error(`params.mapping${key(variant)}`, `${show(canonical)} is itself mapped to ${show(next)}; map ${show(variant)} straight to the final value`);
        }
      }
    }
    if (p.confidence !== undefined) {
      if (!isRecord(p.confidence)) c.error('params.confidence', `must be an object of variant → number, got ${show(p.confidence)}`);
      else {
        for (const [variant, conf] of Object.entries(p.confidence)) {
          const path = `params.confidence${key(variant)}`;
          if (isRecord(mapping) && !Object.hasOwn(mapping, variant)) c.error(path, `${show(variant)} is not a variant in mapping`);
          if (typeof conf !== 'number' || !(conf >= 0 && conf <= 1)) c.error(path, `must be a number from 0 to 1, got ${show(conf)}`);
        }
      }
    }
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const n = Object.keys(op.params.mapping).length;
    return `Replace ${n} variant${n === 1 ? '' : 's'} with canonical values in ${JSON.stringify(op.column)}`;
  },

  prepare(op) {
    const map = new Map<string, string>(Object.entries(op.params.mapping));
    const conf = new Map<string, number>(Object.entries(op.params.confidence ?? {}));
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i];
          if (typeof v !== 'string') continue;
          const t = map.get(v);
          if (t === undefined || t === v) continue;
          column[i] = t;
          rec.cell(i, v, t, conf.get(v) ?? DEFAULT_ALIAS_CONFIDENCE);
        }
      },
    };
  },
};
