/** core/rule: data-quality rules (required, range, pattern, allowed values, unique) that flag or quarantine rows. */
import type { RuleKind, RuleOp } from '../../../shared/plan.js';
import { parseNumberDetailed } from '../formats/numbers.js';
import { type Cell, cellText } from '../table.js';
import { Checker, cellReason, isBlank, isRecord, ownColumn, parseBase, rawParams, renameColumn, show, type Raw } from './common.js';
import type { OpModule, OpRecorder } from './types.js';

const KINDS: readonly RuleKind['kind'][] = ['required', 'range', 'pattern', 'allowed', 'unique'];
/** 'g' and 'y' make RegExp.test stateful (lastIndex), which would break a compiled-once matcher. */
const FLAG_CHARS = /^[imsuv]*$/;

function compilePattern(pattern: string, flags = ''): RegExp {
  return new RegExp(`^(?:${pattern})$`, flags);
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `[${min}, ${max}]`;
  return min !== undefined ? `>= ${min}` : `<= ${max}`;
}

/** Older plans put the rule's fields straight into params: { kind: 'range', min, max }. */
function parseRule(p: Raw): unknown {
  const r = p.rule ?? (typeof p.kind === 'string' ? p : undefined);
  if (typeof r === 'string') return { kind: r };
  if (!isRecord(r)) return r;
  const out: Raw = { kind: r.kind };
  for (const k of ['min', 'max', 'pattern', 'flags', 'values']) if (r[k] !== undefined) out[k] = r[k];
  return out;
}

export const ruleOp: OpModule<RuleOp> = {
  op: 'core/rule',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/rule',
      params: { rule: parseRule(p) as RuleKind, action: (p.action ?? 'flag') as RuleOp['params']['action'] },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.action', p.action, ['flag', 'quarantine']);
    const r = p.rule;
    if (!isRecord(r)) {
      c.error('params.rule', `must be an object like { "kind": "required" }, got ${show(r)}`);
      return c.issues;
    }
    if (!c.oneOf('params.rule.kind', r.kind, KINDS)) return c.issues;
    if (r.kind === 'range') {
      const hasMin = r.min !== undefined && c.finite('params.rule.min', r.min);
      const hasMax = r.max !== undefined && c.finite('params.rule.max', r.max);
      if (r.min === undefined && r.max === undefined) c.error('params.rule', 'a range rule needs min, max or both');
      if (hasMin && hasMax && (r.min as number) > (r.max as number)) c.error('params.rule.min', `min (${show(r.min)}) must not exceed max (${show(r.max)})`);
    } else if (r.kind === 'pattern') {
      const flagsOk = r.flags === undefined || (typeof r.flags === 'string' && FLAG_CHARS.test(r.flags));
      if (!flagsOk) c.error('params.rule.flags', `must be a combination of i, m, s, u, v (no g or y), got ${show(r.flags)}`);
      if (c.nonEmptyString('params.rule.pattern', r.pattern) && flagsOk) {
        try {
          compilePattern(r.pattern, r.flags as string | undefined);
        } catch (err) {
          c.error('params.rule.pattern', `invalid regular expression: ${(err as Error).message}`);
        }
      }
    } else if (r.kind === 'allowed') {
      c.stringList('params.rule.values', r.values);
    }
    return c.issues;
  },

  reads: ownColumn,
  writes: () => [],
  rename: renameColumn,

  describe(op) {
    const r = op.params.rule;
    const verb = op.params.action === 'quarantine' ? 'Quarantine rows where' : 'Flag values where';
    const col = JSON.stringify(op.column);
    switch (r.kind) {
      case 'required': return `${verb} ${col} is empty`;
      case 'range': return `${verb} ${col} is not ${rangeText(r.min, r.max)}`;
      case 'pattern': return `${verb} ${col} does not match /${r.pattern}/${r.flags ?? ''}`;
      case 'allowed': return `${verb} ${col} is not one of ${r.values.length} allowed values`;
      case 'unique': return `${verb} ${col} repeats an earlier value`;
    }
  },

  prepare(op) {
    const r = op.params.rule;
    const quarantine = op.params.action === 'quarantine';
    const col = op.column;
    const label = `rule ${r.kind}`;
    const pattern = r.kind === 'pattern' ? compilePattern(r.pattern, r.flags) : null;
    const allowed = r.kind === 'allowed' ? new Set(r.values) : null;
    const allowedText = r.kind === 'allowed' ? r.values.slice(0, 10).map((x) => show(x)).join(', ') + (r.values.length > 10 ? ', …' : '') : '';
    const patternText = r.kind === 'pattern' ? `/${r.pattern}/${r.flags ?? ''}` : '';
    // Memory: `unique` keeps every distinct text seen in the run, across batches (it lives as long
    // as this prepared op). That is O(distinct values) strings; exact, unlike a hashed set that
    // could report false repeats. Columns with tens of millions of distinct keys need a larger heap.
    const seen = r.kind === 'unique' ? new Set<string>() : null;
    const min = r.kind === 'range' ? (r.min ?? Number.NEGATIVE_INFINITY) : 0;
    const max = r.kind === 'range' ? (r.max ?? Number.POSITIVE_INFINITY) : 0;
    const range = r.kind === 'range' ? rangeText(r.min, r.max) : '';

    function fail(rec: OpRecorder, i: number, v: Cell, what: string): void {
      const reason = cellReason(label, v, col, what);
      if (quarantine) rec.quarantine(i, reason);
      else rec.flag(i, v, reason, 1);
    }

    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          const missing = v === null || (typeof v === 'string' && isBlank(v));
          if (r.kind === 'required') {
            if (missing) fail(rec, i, v, 'is empty');
            continue;
          }
          // Like SQL constraints, the other rules ignore missing values: `required` covers them.
          if (missing) continue;
          if (r.kind === 'range') {
            const x = typeof v === 'number' ? v : typeof v === 'string' ? (parseNumberDetailed(v, '.')?.value ?? null) : null;
            if (x === null || Number.isNaN(x)) fail(rec, i, v, 'is not a number');
            else if (x < min || x > max) fail(rec, i, v, `is outside ${range}`);
            continue;
          }
          const text = cellText(v) as string;
          if (pattern) {
            if (!pattern.test(text)) fail(rec, i, v, `does not match ${patternText}`);
          } else if (allowed) {
            if (!allowed.has(text)) fail(rec, i, v, `is not one of ${allowedText}`);
          } else if (seen) {
            if (seen.has(text)) fail(rec, i, v, 'repeats an earlier row');
            else seen.add(text);
          }
        }
      },
    };
  },
};
