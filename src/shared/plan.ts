/** Plan JSON: the versioned, editable list of cleaning operations (DESIGN.md §2). */

export const PLAN_VERSION = 1;

/** What happens to a cell an operation cannot handle. */
export type CellPolicy = 'keep-original' | 'set-null' | 'quarantine';

interface OpBase {
  /** Stable id, unique within the plan; provenance refers to it. */
  id: string;
  /** Why the operation was proposed or added, for humans. */
  reason?: string;
  /** Disabled operations stay in the plan but do not run. */
  enabled?: boolean;
}

export interface TrimOp extends OpBase { op: 'core/trim'; column: string; params: { collapse: boolean } }
export interface UnicodeOp extends OpBase { op: 'core/unicode'; column: string; params: { form: 'NFC' | 'NFKC'; stripControl: boolean } }
export interface NullifyOp extends OpBase {
  op: 'core/nullify';
  column: string;
  /** Placeholder tokens (matched trimmed, case-insensitively) that become null; `blanks` also nulls empty text. */
  params: { values: string[]; blanks: boolean };
}
export interface CaseOp extends OpBase { op: 'core/case'; column: string; params: { mode: 'lower' | 'upper' | 'title' } }
export interface AliasOp extends OpBase {
  op: 'core/alias';
  column: string;
  /** variant -> canonical value. Matching is exact on the (already normalised) cell text. */
  params: { mapping: Record<string, string>; confidence?: Record<string, number> };
}
export interface ParseNumberOp extends OpBase {
  op: 'core/parse-number';
  column: string;
  params: { decimal: '.' | ','; percent: 'fraction' | 'keep'; onError: CellPolicy; integer?: boolean };
}
export interface ParseDateOp extends OpBase {
  op: 'core/parse-date';
  column: string;
  /** formats in the engine's token syntax, e.g. 'YYYY-MM-DD', 'DD/MM/YYYY', 'YYYYMMDD', 'MMM D, YYYY'. Tried in order. */
  params: { formats: string[]; output: 'date' | 'datetime'; onError: CellPolicy };
}
export interface ParseBooleanOp extends OpBase {
  op: 'core/parse-boolean';
  column: string;
  params: { truthy: string[]; falsy: string[]; onError: CellPolicy };
}
export interface EmailOp extends OpBase { op: 'core/email'; column: string; params: { onError: CellPolicy } }
export interface PhoneOp extends OpBase {
  op: 'core/phone';
  column: string;
  /** defaultCountryCode: digits without '+', applied to national numbers (leading trunk '0' dropped). */
  params: { defaultCountryCode?: string; onError: CellPolicy };
}
export interface ImputeOp extends OpBase {
  op: 'core/impute';
  column: string;
  params: { strategy: 'median' | 'mode' | 'constant'; value: string | number | boolean };
}
export interface OutlierOp extends OpBase {
  op: 'core/outlier';
  column: string;
  params: { method: 'iqr' | 'mad' | 'manual'; lower: number; upper: number; action: 'flag' | 'clip' | 'null' };
}
export type RuleKind =
  | { kind: 'required' }
  | { kind: 'range'; min?: number; max?: number }
  | { kind: 'pattern'; pattern: string; flags?: string }
  | { kind: 'allowed'; values: string[] }
  | { kind: 'unique' };
export interface RuleOp extends OpBase {
  op: 'core/rule';
  column: string;
  params: { rule: RuleKind; action: 'flag' | 'quarantine' };
}

/** Hides all but the end of a value: `4111 1111 1111 1234` → `**** **** **** 1234`. */
export interface MaskOp extends OpBase {
  op: 'core/mask';
  column: string;
  /**
   * keepLast: letters and digits left visible at the end; char: what replaces the others;
   * keepSeparators: leave spaces and punctuation as they are (only letters and digits are masked).
   */
  params: { keepLast: number; char: string; keepSeparators: boolean };
}
/** Replaces a value by `h:` + the first `length` hex digits of HMAC-SHA256 keyed with the plan's salt. */
export interface HashOp extends OpBase {
  op: 'core/hash';
  column: string;
  params: { length: number };
}

export type Operation =
  | TrimOp | UnicodeOp | NullifyOp | CaseOp | AliasOp | ParseNumberOp | ParseDateOp | ParseBooleanOp
  | EmailOp | PhoneOp | ImputeOp | OutlierOp | RuleOp | MaskOp | HashOp;

export type OpName = Operation['op'];

export type DedupeMode = 'near' | 'exact' | 'off';

/**
 * A person's decision on duplicates, replayed on every run of the plan (mode 'near').
 * Rows are 1-based data-row numbers of the input the decision was made on, so decisions only mean
 * something for that same input (see DedupeConfig.decisionsInput).
 * - accept: merge the two rows' clusters although their score is below the threshold;
 * - reject: never keep the two rows in one cluster, whatever their score;
 * - split: take the row out of its cluster (it is kept as unique), also undoing a removal by --against;
 * - survivor: keep this row as its cluster's survivor.
 */
export type DedupeDecision =
  | { kind: 'accept' | 'reject'; rows: [number, number]; note?: string }
  | { kind: 'split' | 'survivor'; rows: [number]; note?: string };

export type DedupeDecisionKind = DedupeDecision['kind'];

export interface DedupeConfig {
  mode: DedupeMode;
  /** Columns that form the duplicate key; identifier-like columns are left out by default. */
  columns: string[];
  /** Near-duplicate settings (used when mode is 'near'). */
  threshold?: number;
  reviewThreshold?: number;
  survivor?: 'most-complete' | 'first' | 'most-recent';
  recencyColumn?: string;
  /** Review decisions, applied in order of kind (split, reject, accept, survivor), then in list order. */
  decisions?: DedupeDecision[];
  /** sha256 of the input the decisions' row numbers refer to; on another input they are skipped. */
  decisionsInput?: string;
}

export interface Plan {
  version: number;
  salt: string;
  operations: Operation[];
  dedupe: DedupeConfig;
}

/** One validation problem; `index` is the operation's position in `operations` (-1 for plan-level). */
export interface PlanIssue {
  index: number;
  opId?: string;
  path: string;
  message: string;
}
