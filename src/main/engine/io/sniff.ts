/** CSV dialect sniffing from a text sample: delimiter, quote, skip-initial-space and header presence. */
import { EngineError } from '../errors.js';
import { CsvScanner, type CsvDialect } from './csvScanner.js';

export const DELIMITER_CANDIDATES = [',', '\t', ';', '|'] as const;
/** Records kept from the sample for header detection and naming. */
const KEEP_RECORDS = 100;

export interface SniffOverrides {
  /** One character, or a character followed by a space to also skip one initial space per field. */
  delimiter?: string | undefined;
  quote?: string | undefined;
  header?: boolean | undefined;
}

export interface SniffResult extends CsvDialect {
  hasHeader: boolean;
  /** The first non-blank records of the sample (at most 100). */
  records: (string | null)[][];
  /** Complete non-blank records in the sample. */
  recordCount: number;
  /** Most common field count among the sample's records (0 if none). */
  fieldCount: number;
}

interface SampleScan {
  counts: number[];
  records: (string | null)[][];
  /** Every delimiter was followed by a space (meaningful when scanned with skipInitialSpace). */
  spaced: boolean;
}

/** Scans the complete records of a sample; an unclosed quote just ends the sample. */
function scanSample(sample: string, whole: boolean, dialect: CsvDialect, keep: number): SampleScan {
  const scanner = new CsvScanner(dialect, '');
  scanner.push(sample);
  if (whole) scanner.end();
  const counts: number[] = [];
  const records: (string | null)[][] = [];
  let spaced = true;
  try {
    while (scanner.next()) {
      if (scanner.blank) continue;
      counts.push(scanner.count);
      if (scanner.skipped !== scanner.count - 1) spaced = false;
      if (records.length < keep) records.push(scanner.fields.slice(0, scanner.count));
    }
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
  }
  return { counts, records, spaced };
}

function modal(counts: readonly number[]): { value: number; freq: number } {
  const freq = new Map<number, number>();
  let value = 0;
  let best = 0;
  for (const c of counts) {
    const f = (freq.get(c) ?? 0) + 1;
    freq.set(c, f);
    if (f > best || (f === best && c > value)) {
      best = f;
      value = c;
    }
  }
  return { value, freq: best };
}

/** `'` wins only when more fields are wholly wrapped in it than in `"`. */
export function sniffQuote(sample: string): '"' | "'" {
  const wrapped = (q: string): number => {
    const re = new RegExp(`(?:^|[,;\\t|]) ?${q}[^${q}\\r\\n]*${q}(?= ?(?:[,;\\t|]|$))`, 'gm');
    return sample.match(re)?.length ?? 0;
  };
  return wrapped("'") > wrapped('"') ? "'" : '"';
}

const NUMBER = /^\s*[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?\s*$/;

export function looksNumeric(s: string | null): boolean {
  return s !== null && NUMBER.test(s);
}

/**
 * Decides whether the first record is a header. Strongest evidence first: columns that are mostly
 * numbers under a non-numeric first cell (header) or a numeric one (data). Messy data rarely has a
 * column of clean numbers, so "mostly" is 80%. Only without that evidence do we vote like Python's
 * csv.Sniffer on fixed-width columns. Unsure means header.
 */
export function sniffHeader(records: readonly (readonly (string | null)[])[], fieldCount: number): boolean {
  const first = records[0];
  if (!first) return true;
  const later = records.slice(1).filter((r) => r.length === fieldCount);
  if (later.length === 0) return true;
  let numericHeader = 0;
  let numericData = 0;
  let widthVotes = 0;
  const columns = Math.min(first.length, fieldCount);
  for (let c = 0; c < columns; c++) {
    const head = first[c] ?? null;
    let numeric = 0;
    let width = -1;
    let seen = 0;
    for (const row of later) {
      const v = row[c] ?? null;
      if (v === null || v.trim() === '') continue;
      seen++;
      if (looksNumeric(v.trim())) numeric++;
      width = width === -1 || width === v.length ? v.length : -2;
    }
    if (seen === 0 || head === null) continue;
    if (numeric >= 0.8 * seen) {
      if (looksNumeric(head.trim())) numericData++;
      else numericHeader++;
    } else if (width >= 0 && seen > 1) widthVotes += head.length === width ? -1 : 1;
  }
  if (numericHeader !== numericData) return numericHeader > numericData;
  const named = first.filter((v): v is string => v !== null);
  const votes = widthVotes - (new Set(named).size < named.length ? 1 : 0);
  if (votes !== 0) return votes > 0;
  return !first.some(looksNumeric);
}

interface Candidate {
  dialect: CsvDialect;
  scan: SampleScan;
  fieldCount: number;
  consistency: number;
}

function candidateFor(sample: string, whole: boolean, delimiter: string, quote: string, skip: boolean | undefined): Candidate {
  let dialect: CsvDialect = { delimiter, quote, skipInitialSpace: true };
  let scan = skip === false ? undefined : scanSample(sample, whole, dialect, KEEP_RECORDS);
  const spaced = scan !== undefined && scan.spaced && scan.counts.some((c) => c > 1);
  if (!scan || (!spaced && skip !== true)) {
    dialect = { delimiter, quote, skipInitialSpace: false };
    scan = scanSample(sample, whole, dialect, KEEP_RECORDS);
  }
  const m = modal(scan.counts);
  return { dialect, scan, fieldCount: m.value, consistency: scan.counts.length ? m.freq / scan.counts.length : 0 };
}

/** Picks the dialect for a sample; `whole` says the sample is the entire file. */
export function sniffCsv(sample: string, whole: boolean, overrides: SniffOverrides = {}): SniffResult {
  const quote = overrides.quote ?? sniffQuote(sample);
  let best: Candidate | undefined;
  if (overrides.delimiter !== undefined) {
    const d = overrides.delimiter;
    best = candidateFor(sample, whole, d.charAt(0), quote, d.length === 2);
  } else {
    for (const d of DELIMITER_CANDIDATES) {
      const cand = candidateFor(sample, whole, d, quote, undefined);
      if (cand.fieldCount < 2) continue;
      if (!best || cand.consistency > best.consistency || (cand.consistency === best.consistency && cand.fieldCount > best.fieldCount)) {
        best = cand;
      }
    }
    best ??= candidateFor(sample, whole, ',', quote, false);
  }
  const { records, counts } = best.scan;
  return {
    ...best.dialect,
    hasHeader: overrides.header ?? sniffHeader(records, best.fieldCount),
    records,
    recordCount: counts.length,
    fieldCount: best.fieldCount,
  };
}
