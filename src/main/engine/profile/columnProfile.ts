/** Turns one column's sketch and sample values into its ColumnProfile (inference, stats, clusters, issues). */
import type { AliasCluster, ColumnProfile, ValueCount } from '../../../shared/profile.js';
import { formatIsoDate, parseDateWith } from '../formats/dates.js';
import { detectPii } from '../formats/pii.js';
import { collapseWhitespace } from '../formats/text.js';
import { clusterValues } from './cluster.js';
import { compareValueCounts } from './heavy.js';
import { inferType, type Inference } from './infer.js';
import { examples, findIssue, issue, share } from './issues.js';
import type { ColumnSketch } from './sketches.js';
import { countOutside, histogram, iqrBounds, madBounds, mean, mode, quantiles, sortedNumbers } from './stats.js';

/** Values shown in a profile (top values, patterns, text min/max) are cut to this many characters, so one huge cell cannot bloat every profile and report. */
export const MAX_SHOWN_LENGTH = 1000;

function clip(s: string): string {
  return s.length <= MAX_SHOWN_LENGTH ? s : `${s.slice(0, MAX_SHOWN_LENGTH - 1)}…`;
}

function clipCounts(values: ValueCount[]): ValueCount[] {
  return values.some((v) => v.value.length > MAX_SHOWN_LENGTH) ? values.map((v) => ({ value: clip(v.value), count: v.count })) : values;
}

/** Missing share from which a column gets a 'high-nulls' issue. */
export const HIGH_NULL_SHARE = 0.3;

export interface ColumnFacts {
  name: string;
  sourceType?: string;
  sketch: ColumnSketch;
  /** Raw sample cells as text (nulls dropped), in sample row order. */
  sample: readonly string[];
  rows: number;
  /** The sample holds every row, so its counts are exact. */
  complete: boolean;
  iqrK: number;
  madT: number;
  topN: number;
}

function countValues(values: readonly string[], key: (s: string) => string): ValueCount[] {
  const m = new Map<string, number>();
  for (const v of values) {
    const k = key(v);
    if (k.length === 0) continue;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  const out: ValueCount[] = [];
  for (const [value, count] of m) out.push({ value, count });
  return out;
}

function nonBlank(v: string): string {
  return v.trim().length === 0 ? '' : v;
}

function jsType(s: ColumnSketch): string {
  const kinds = [s.strings > 0 ? 'string' : '', s.numbers > 0 ? 'number' : '', s.booleans > 0 ? 'boolean' : ''].filter(Boolean);
  if (kinds.length === 0) return 'null';
  return kinds.length === 1 ? (kinds[0] as string) : 'mixed';
}

/** Values that are the same up to letter case (after trimming and collapsing spaces). */
export function caseVariants(values: readonly ValueCount[]): { groups: string[][]; affected: number } {
  const by = new Map<string, Map<string, number>>();
  for (const { value, count } of values) {
    const norm = collapseWhitespace(value.trim());
    const k = norm.toLowerCase();
    let g = by.get(k);
    if (!g) by.set(k, (g = new Map()));
    g.set(norm, (g.get(norm) ?? 0) + count);
  }
  const groups: string[][] = [];
  let affected = 0;
  for (const g of by.values()) {
    if (g.size < 2) continue;
    const sorted = [...g].map(([value, count]) => ({ value, count })).sort(compareValueCounts);
    groups.push(sorted.map((v) => v.value));
    for (let i = 1; i < sorted.length; i++) affected += (sorted[i] as ValueCount).count;
  }
  groups.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
  return { groups, affected };
}

function whitespaceIssues(s: ColumnSketch, issues: string[]): void {
  const total = s.strings;
  if (s.edgeSpace > 0) issues.push(issue('stray-whitespace', `${share(s.edgeSpace, total)} text values have leading or trailing whitespace`));
  if (s.innerSpace > 0) issues.push(issue('inner-whitespace', `${share(s.innerSpace, total)} text values have repeated spaces, tabs or non-breaking spaces inside`));
  if (s.lineBreaks > 0) issues.push(issue('line-breaks', `${share(s.lineBreaks, total)} text values span several lines`));
  if (s.invisible > 0) issues.push(issue('invisible-chars', `${share(s.invisible, total)} text values contain control, zero-width or bidi characters`));
  if (s.nonNfc > 0) issues.push(issue('unicode-forms', `${share(s.nonNfc, total)} text values are not in Unicode NFC form (e.g. decomposed accents)`));
}

function dateRange(values: readonly ValueCount[], formats: readonly string[], output: 'date' | 'datetime'): [string, string] | undefined {
  let lo: string | undefined;
  let hi: string | undefined;
  for (const { value } of values) {
    for (const f of formats) {
      const p = parseDateWith(value, f);
      if (!p) continue;
      const iso = formatIsoDate(p, output);
      if (lo === undefined || iso < lo) lo = iso;
      if (hi === undefined || iso > hi) hi = iso;
      break;
    }
  }
  return lo === undefined || hi === undefined ? undefined : [lo, hi];
}

function numericFacts(p: ColumnProfile, inf: Inference, f: ColumnFacts): void {
  const sorted = sortedNumbers(inf.numbers ?? []);
  const s = f.sketch;
  // The sketch parses with a '.' decimal; for decimal-comma columns the sample is the better source.
  if (inf.decimal === '.' && s.numCount > 0) {
    p.min = s.numMin;
    p.max = s.numMax;
    p.mean = s.numSum.value() / s.numCount;
  } else if (sorted.length > 0) {
    p.min = sorted[0] as number;
    p.max = sorted[sorted.length - 1] as number;
    p.mean = mean(sorted) as number;
  }
  const q = quantiles(sorted);
  if (!q) return;
  p.quantiles = q;
  const h = histogram(sorted);
  if (h) p.histogram = h;
  p.impute = { median: q.p50 };
  const iqr = iqrBounds(sorted, f.iqrK);
  const mad = madBounds(sorted, f.madT);
  if (!iqr || !mad) return;
  p.outlierBounds = { iqr, mad };
  if (q.p75 === q.p25) return;
  // The sample finds typical outliers; the all-rows range also catches rare ones the sample missed.
  const outside = countOutside(sorted, iqr);
  const lo = Number(p.min);
  const hi = Number(p.max);
  const range = `all-rows range is [${fmt(lo)}, ${fmt(hi)}]`;
  const bounds = `IQR bounds [${fmt(iqr.lower)}, ${fmt(iqr.upper)}]`;
  if (outside > 0) p.issues.push(issue('outliers', `${share(outside, sorted.length)} sampled values fall outside the ${bounds}; ${range}`));
  else if (lo < iqr.lower || hi > iqr.upper) p.issues.push(issue('outliers', `no sampled value falls outside the ${bounds}, but the ${range}`));
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

export function buildColumnProfile(f: ColumnFacts): ColumnProfile {
  const s = f.sketch;
  const trimmed = countValues(f.sample, (v) => v.trim());
  // Inference needs at least some values: fall back to the sketch's top values for sparse columns.
  const inferValues = trimmed.length > 0 || s.present === 0 ? trimmed : countValues(s.top(s.capacity).map((v) => v.value), (v) => v.trim());
  const inf = inferType({ name: f.name, values: inferValues, rows: f.rows });
  const p: ColumnProfile = {
    name: f.name,
    sourceType: f.sourceType ?? jsType(s),
    inferred: inf.inferred,
    confidence: inf.confidence,
    count: s.count,
    nulls: s.nulls,
    blanks: s.blanks,
    distinct: s.isExact || !f.complete ? s.distinct() : countValues(f.sample, nonBlank).length,
    topValues: clipCounts(s.topExact || !f.complete ? s.top(f.topN) : countValues(f.sample, nonBlank).sort(compareValueCounts).slice(0, f.topN)),
    patterns: clipCounts(s.patterns(f.topN)),
    issues: [...inf.issues],
  };
  whitespaceIssues(s, p.issues);
  const kinds = { string: s.strings, number: s.numbers, boolean: s.booleans };
  const present = Object.entries(kinds).filter(([, n]) => n > 0);
  if (present.length > 1) {
    p.typeConflicts = Object.fromEntries(present);
    p.issues.push(issue('type-conflict', `values arrive as ${present.map(([k, n]) => `${k} (${n})`).join(', ')}`));
  }
  const t = inf.inferred;
  if (t === 'integer' || t === 'decimal') numericFacts(p, inf, f);
  else if ((t === 'date' || t === 'datetime') && inf.dateFormats) {
    p.dateFormats = inf.dateFormats;
    const range = dateRange(trimmed, inf.dateFormats, t);
    if (range) [p.min, p.max] = range;
  } else if (t === 'identifier' && s.numCount === s.present && s.numCount > 0 && findIssue(p.issues, 'leading-zeros') === undefined) {
    // Numeric keys read better as numbers: 1..6000 rather than '1'..'999'.
    p.min = s.numMin;
    p.max = s.numMax;
  } else if (s.textMin !== null && s.textMax !== null) {
    p.min = clip(s.textMin);
    p.max = clip(s.textMax);
  }
  if (t === 'categorical' || t === 'boolean') {
    const m = mode(s.top(1));
    if (m !== undefined) p.impute = { mode: m };
  }
  if (t === 'categorical' || t === 'text') variantFacts(p, s, f.sample, t === 'categorical');
  const pii = detectPii(f.sample);
  if (pii.length > 0) p.pii = pii;
  const missing = s.nulls + s.blanks;
  if (s.count > 0 && missing / s.count >= HIGH_NULL_SHARE) p.issues.push(issue('high-nulls', `${share(missing, s.count)} values are missing (null or blank)`));
  return p;
}

/** Clusters and case variants: from exact all-rows counts when the sketch has them, else from the sample. */
function variantFacts(p: ColumnProfile, s: ColumnSketch, sample: readonly string[], categorical: boolean): void {
  const counts = s.isExact ? s.top(s.capacity) : countValues(sample, (v) => v);
  const cv = caseVariants(counts);
  if (cv.groups.length > 0) {
    const eg = cv.groups.slice(0, 3).map((g) => examples(g, 2)).join('; ');
    const n = cv.groups.length;
    p.issues.push(issue('case-variants', `${n} value${n === 1 ? ' appears' : 's appear'} in several letter cases (${eg}); ${cv.affected} occurrences use a less common casing`));
  }
  // Edit distance only for categories: in names and addresses a near spelling is usually another real value.
  const clusters: AliasCluster[] = clusterValues(counts, { editDistance: categorical });
  if (clusters.length > 0) {
    p.aliases = clusters;
    const eg = clusters.slice(0, 3).map((c) => `'${c.canonical}' ← ${examples(c.variants.filter((v) => v.value !== c.canonical).map((v) => v.value), 2)}`).join('; ');
    p.issues.push(issue('variant-spellings', `${clusters.length} group${clusters.length === 1 ? '' : 's'} of spelling variants (${eg})`));
  }
}
