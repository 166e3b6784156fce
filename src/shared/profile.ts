/** Profile JSON: what pass 1 learned about every column. */

export type InferredType =
  | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'email' | 'phone' | 'url'
  | 'categorical' | 'text' | 'identifier' | 'empty';

export interface ValueCount { value: string; count: number }

export interface AliasCluster {
  canonical: string;
  /** Variants (including the canonical) with their sample counts. */
  variants: ValueCount[];
  method: 'fingerprint' | 'ngram-fingerprint' | 'edit-distance';
}

export interface ColumnProfile {
  name: string;
  /** Source type as the reader reported it (e.g. 'string', 'BIGINT'). */
  sourceType: string;
  inferred: InferredType;
  /** Share of non-empty sample values that conform to `inferred`. */
  confidence: number;
  count: number;
  nulls: number;
  blanks: number;
  distinct: number;
  min?: string | number;
  max?: string | number;
  mean?: number;
  quantiles?: { p01: number; p25: number; p50: number; p75: number; p99: number };
  /**
   * Equal-width histogram of the sample's numbers between p01 and p99 (`counts[i]` covers
   * [lower + i·w, lower + (i+1)·w), the last bin closed); `below`/`above` count the tails outside it.
   */
  histogram?: { lower: number; upper: number; counts: number[]; below: number; above: number };
  topValues: ValueCount[];
  /** Shape summaries like 'Aaaa 9999' with counts. */
  patterns: ValueCount[];
  /** Date formats detected, most common first. */
  dateFormats?: string[];
  /** Types seen per value when they conflict (JSON schema drift). */
  typeConflicts?: Record<string, number>;
  outlierBounds?: { iqr: { lower: number; upper: number }; mad: { lower: number; upper: number } };
  impute?: { median?: number; mode?: string };
  aliases?: AliasCluster[];
  /**
   * Personal data found in the sample ('email', 'phone', 'credit-card', 'national-id', 'iban'),
   * each with its share of the non-blank values. Absent when none was found.
   */
  pii?: { kind: string; share: number }[];
  issues: string[];
}

export interface DatasetProfile {
  version: number;
  input: { path: string; format: string; sha256: string; bytes: number; encoding?: string; delimiter?: string };
  rows: number;
  quarantined: number;
  sampleSize: number;
  salt: string;
  columns: ColumnProfile[];
}
