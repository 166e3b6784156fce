/** Proposes a cleaning plan from a profile: evidence-backed operations with reasons, in an idempotent order. */
import type { ColumnProfile, DatasetProfile } from '../../../shared/profile.js';
import {
  PLAN_VERSION, type CellPolicy, type DedupeMode, type EmailOp, type ImputeOp, type Operation, type OutlierOp,
  type NullifyOp, type ParseBooleanOp, type ParseDateOp, type ParseNumberOp, type PhoneOp, type Plan,
} from '../../../shared/plan.js';
import { DEFAULT_FALSY, DEFAULT_TRUTHY, parseBooleanLoose } from '../formats/booleans.js';
import { isPlaceholder, PLACEHOLDER_TOKENS } from '../formats/nulls.js';
import { detectDecimalSeparator } from '../formats/numbers.js';
import { findIssue, share } from '../profile/issues.js';
import { ROW_KEY_DISTINCT_SHARE } from '../profile/infer.js';
import { proposeText, type Draft, type TextDrafts } from './proposeText.js';

export interface ProposeOptions {
  salt: string;
  /** @default 'near' */
  dedupe?: DedupeMode;
}

/** Imputation is offered only below this missing share: past it the fill would outweigh the data. */
export const MAX_IMPUTE_SHARE = 0.5;
/** A mode fills gaps only when most present values already hold it; otherwise the fill is mostly wrong. */
export const MIN_MODE_SHARE = 0.5;

const STAGES = ['unicode', 'trim', 'nullify', 'case', 'alias', 'parse', 'impute', 'outlier'] as const;
type Stage = (typeof STAGES)[number];

const TEXT_SOURCE = /^(string|mixed|null)$|char|text|string|utf8/i;

function storedAsText(c: ColumnProfile): boolean {
  return TEXT_SOURCE.test(c.sourceType) || (c.typeConflicts?.string ?? 0) > 0;
}

function missing(c: ColumnProfile): number {
  return c.nulls + c.blanks;
}

/** At or above this conformance the few values that fail to parse are garbage ('0000-00-00'), not data. */
const SET_NULL_CONFIDENCE = 0.98;

function onError(c: ColumnProfile): CellPolicy {
  // Nulling loses nothing: provenance keeps every original. It buys a typed column (DATE, DOUBLE)
  // instead of text, which is what the analyst downstream needs.
  if (findIssue(c.issues, 'nonconforming') === undefined) return 'set-null';
  return c.confidence >= SET_NULL_CONFIDENCE ? 'set-null' : 'keep-original';
}

function typed(c: ColumnProfile): string {
  return `inferred ${c.inferred} with confidence ${c.confidence.toFixed(3)}`;
}

function parseOp(c: ColumnProfile, willImpute: boolean): Draft<Operation> | undefined {
  const text = storedAsText(c);
  const errors = onError(c);
  const bad = [findIssue(c.issues, 'nonconforming'), findIssue(c.issues, 'placeholder-nulls')].filter(Boolean).join('; ');
  const tail = bad ? `; ${bad} (${errors === 'set-null' ? 'set to null; originals kept in provenance' : 'kept as written'})` : '';
  switch (c.inferred) {
    case 'integer':
    case 'decimal': {
      const fmt = findIssue(c.issues, 'number-format');
      const conflict = findIssue(c.issues, 'type-conflict');
      // A numeric fill in a text column would mix numbers and text, so imputing parses first.
      const fill = willImpute ? 'numbers are stored as text and missing values will be filled with a number' : undefined;
      if (!text || (fmt === undefined && conflict === undefined && fill === undefined)) return undefined;
      const values = c.topValues.map((v) => v.value);
      const pct = values.filter((v) => v.trim().endsWith('%')).length;
      const params: ParseNumberOp['params'] = {
        decimal: detectDecimalSeparator(values),
        percent: values.length > 0 && pct >= 0.9 * values.length ? 'fraction' : 'keep',
        onError: errors,
      };
      if (c.inferred === 'integer') params.integer = true;
      return { op: 'core/parse-number', column: c.name, params, reason: `${typed(c)}; ${fmt ?? conflict ?? fill}${tail}` } satisfies Draft<ParseNumberOp>;
    }
    case 'date':
    case 'datetime': {
      const formats = c.dateFormats ?? [];
      if (!text || formats.length === 0) return undefined;
      const iso = c.inferred === 'date' ? formats.every((f) => f === 'YYYY-MM-DD') : formats.every((f) => f.startsWith('YYYY-MM-DDTHH:mm:ss'));
      if (iso) return undefined;
      const mixed = findIssue(c.issues, 'mixed-formats');
      const why = mixed ?? `written as ${formats[0] as string}`;
      return {
        op: 'core/parse-date', column: c.name, params: { formats, output: c.inferred, onError: errors },
        reason: `${typed(c)}; ${why}; rewrite as ISO 8601${tail}`,
      } satisfies Draft<ParseDateOp>;
    }
    case 'boolean': {
      if (!text || c.topValues.every((v) => v.value === 'true' || v.value === 'false')) return undefined;
      const seen = c.topValues.slice(0, 4).map((v) => `'${v.value}'`).join(', ');
      return {
        op: 'core/parse-boolean', column: c.name,
        params: { truthy: [...DEFAULT_TRUTHY], falsy: [...DEFAULT_FALSY], onError: errors },
        reason: `${typed(c)}; written as ${seen}${tail}`,
      } satisfies Draft<ParseBooleanOp>;
    }
    case 'email': {
      const upper = c.patterns.filter((p) => p.value.includes('A')).reduce((n, p) => n + p.count, 0);
      if (upper === 0 && bad === '' && findIssue(c.issues, 'stray-whitespace') === undefined) return undefined;
      const why = upper > 0 ? `${upper} values have upper-case letters` : 'some values are not valid addresses';
      return { op: 'core/email', column: c.name, params: { onError: 'keep-original' }, reason: `${typed(c)}; ${why}; normalise to lower case${tail}` } satisfies Draft<EmailOp>;
    }
    case 'phone': {
      if (c.patterns.every((p) => p.value === '9' || p.value === '+9')) return undefined;
      const shapes = c.patterns.slice(0, 3).map((p) => `'${p.value}' (${p.count})`).join(', ');
      return { op: 'core/phone', column: c.name, params: { onError: 'keep-original' }, reason: `${typed(c)}; written in ${c.patterns.length} shapes, e.g. ${shapes}; normalise to +digits${tail}` } satisfies Draft<PhoneOp>;
    }
    default:
      return undefined;
  }
}

/** A boolean fill only once the column holds booleans, so imputing never creates a type conflict of its own. */
function imputeOp(c: ColumnProfile, textDrafts: TextDrafts): Draft<ImputeOp> | undefined {
  const miss = missing(c);
  if (miss === 0 || c.count === 0 || miss / c.count >= MAX_IMPUTE_SHARE) return undefined;
  const gap = `${share(miss, c.count)} values are missing`;
  if ((c.inferred === 'integer' || c.inferred === 'decimal') && c.impute?.median !== undefined) {
    const value = c.inferred === 'integer' ? Math.round(c.impute.median) : c.impute.median;
    return { op: 'core/impute', column: c.name, params: { strategy: 'median', value }, reason: `${gap}; the sample median is ${value}` };
  }
  if ((c.inferred === 'categorical' || c.inferred === 'boolean') && c.impute?.mode !== undefined) {
    const top = c.topValues[0];
    const present = c.count - miss;
    if (!top || top.count < MIN_MODE_SHARE * present) return undefined;
    const mode = textDrafts.canonical(c.impute.mode);
    const value = c.sourceType === 'boolean' ? (parseBooleanLoose(mode) ?? mode) : mode;
    if (typeof value === 'string' && value.trim().length === 0) return undefined;
    return {
      op: 'core/impute', column: c.name, params: { strategy: 'mode', value },
      reason: `${gap}; '${String(value)}' holds ${share(top.count, present)} of the present values`,
    };
  }
  return undefined;
}

/** The mode as a boolean once parse-boolean runs before the fill. */
function asBoolean(d: Draft<ImputeOp>): Draft<ImputeOp> {
  const b = typeof d.params.value === 'string' ? parseBooleanLoose(d.params.value) : null;
  return b === null ? d : { ...d, params: { ...d.params, value: b } };
}

function outlierOp(c: ColumnProfile): Draft<OutlierOp> | undefined {
  if (c.inferred !== 'integer' && c.inferred !== 'decimal') return undefined;
  const why = findIssue(c.issues, 'outliers');
  const b = c.outlierBounds?.iqr;
  if (why === undefined || !b) return undefined;
  return { op: 'core/outlier', column: c.name, params: { method: 'iqr', lower: b.lower, upper: b.upper, action: 'flag' }, reason: `${why}; flagged for review, values unchanged` };
}

/** Placeholders such as 'N/A' or '-' among the top values become real nulls before anything else reads them. */
function nullifyOp(c: ColumnProfile): Draft<NullifyOp> | undefined {
  const seen = c.topValues.filter((v) => isPlaceholder(v.value));
  if (seen.length === 0) return undefined;
  const n = seen.reduce((a, v) => a + v.count, 0);
  const eg = seen.slice(0, 4).map((v) => `'${v.value}' (${v.count})`).join(', ');
  return { op: 'core/nullify', column: c.name, params: { values: [...PLACEHOLDER_TOKENS], blanks: true }, reason: `${n} values are placeholders for missing data, e.g. ${eg}; set to null so they are not mistaken for data` };
}

/** Alias entries that map to or from a placeholder are moot once the placeholder is null. */
function withoutPlaceholders<T extends Draft<Operation>>(d: T | undefined): T | undefined {
  if (!d || d.op !== 'core/alias') return d;
  const mapping = Object.fromEntries(Object.entries(d.params.mapping).filter(([k, v]) => !isPlaceholder(k) && !isPlaceholder(v)));
  if (Object.keys(mapping).length === 0) return undefined;
  const params = { ...d.params, mapping };
  if (d.params.confidence) params.confidence = Object.fromEntries(Object.entries(d.params.confidence).filter(([k]) => k in mapping));
  return { ...d, params };
}

/** True for identifiers that are (nearly) unique per row (see ROW_KEY_DISTINCT_SHARE): row keys say nothing about duplicates. */
export function isRowKey(c: ColumnProfile): boolean {
  const present = c.count - missing(c);
  return c.inferred === 'identifier' && present > 0 && c.distinct >= ROW_KEY_DISTINCT_SHARE * present;
}

/**
 * One plan from one profile. Operations run stage by stage: unicode → trim → case → alias →
 * parsers → impute → outlier, so each step sees the text the previous ones produced (alias keys
 * are the normalised variants) and running the plan twice changes nothing the second time.
 * Ids are op-001, op-002, ... in that order, so the same profile always gives the same plan.
 */
export function proposePlan(profile: DatasetProfile, opts: ProposeOptions): Plan {
  const staged = new Map<Stage, Draft<Operation>[]>(STAGES.map((s) => [s, []]));
  const add = (stage: Stage, d: Draft<Operation> | undefined): void => {
    if (d) (staged.get(stage) as Draft<Operation>[]).push(d);
  };
  for (const c of profile.columns) {
    if (c.inferred === 'empty') continue;
    const t = proposeText(c);
    add('unicode', t.unicode);
    add('trim', t.trim);
    const nullify = nullifyOp(c);
    add('nullify', nullify);
    add('case', t.case);
    add('alias', nullify ? withoutPlaceholders(t.alias) : t.alias);
    const fill = c.inferred === 'identifier' ? undefined : imputeOp(c, t);
    const parse = parseOp(c, fill?.params.strategy === 'median');
    add('parse', parse);
    if (fill) add('impute', fill.params.strategy === 'mode' && parse?.op === 'core/parse-boolean' ? asBoolean(fill) : fill);
    add('outlier', outlierOp(c));
  }
  const operations: Operation[] = [];
  for (const s of STAGES) {
    for (const d of staged.get(s) as Draft<Operation>[]) {
      operations.push({ id: `op-${String(operations.length + 1).padStart(3, '0')}`, ...d } as Operation);
    }
  }
  const columns = profile.columns.filter((c) => c.inferred !== 'empty' && !isRowKey(c)).map((c) => c.name);
  const mode: DedupeMode = columns.length === 0 ? 'off' : (opts.dedupe ?? 'near');
  return { version: PLAN_VERSION, salt: opts.salt, operations, dedupe: { mode, columns } };
}
