/** Streaming CSV/TSV source: sniffs encoding and dialect, then scans records into column-major batches. */
import { EngineError, throwIfAborted } from '../errors.js';
import type { Cell, RowBatch } from '../table.js';
import { CsvScanner, type CsvDialect } from './csvScanner.js';
import {
  decodeHead, detectEncoding, normalizeEncoding, readHead, readTextChunks, SNIFF_BYTES,
  type FileHead, type TextEncodingName,
} from './encoding.js';
import { batchSizeOf, MAX_COLUMNS, tooManyColumns } from './readOptions.js';
import { sniffCsv, type SniffResult } from './sniff.js';
import type { ReadOptions, Source, SourceInfo } from './types.js';

export interface CsvSourceOptions {
  /** Reported in SourceInfo; 'tsv' forces a tab delimiter unless `delimiter` is given. @default 'csv' */
  format?: 'csv' | 'tsv';
  /** One character; a character plus a space (', ') also drops one space after each delimiter. Sniffed when absent. */
  delimiter?: string;
  /** Quote character. Sniffed when absent. */
  quote?: '"' | "'";
  /** 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' (common aliases accepted). Detected when absent. */
  encoding?: string;
  /** Whether the first non-blank record is a header. Sniffed when absent. */
  header?: boolean;
  /** Bytes per file read; small values exercise chunk boundaries. @default 1 MiB */
  chunkBytes?: number;
}

/** The sniff window grows up to this while the sample holds no complete record. */
const MAX_SNIFF_BYTES = 16 * 1024 * 1024;

interface Resolved {
  info: SourceInfo;
  dialect: CsvDialect;
  encoding: TextEncodingName;
  names: string[];
}

/** What a reader of a byte range of the file needs to parse it exactly as a whole-file read would. */
export interface CsvLayout {
  path: string;
  dialect: CsvDialect;
  encoding: TextEncodingName;
  names: string[];
  hasHeader: boolean;
  bytes: number;
}

const layouts = new WeakMap<Source, () => Promise<Resolved>>();

/** The sniffed layout of a source made by createCsvSource, or null for any other source. */
export async function csvLayout(source: Source): Promise<CsvLayout | null> {
  const resolve = layouts.get(source);
  if (!resolve) return null;
  const r = await resolve();
  return { path: r.info.path, dialect: r.dialect, encoding: r.encoding, names: r.names, hasHeader: r.info.hasHeader === true, bytes: r.info.bytes };
}

/**
 * Header names made unique: a repeat gets `_2`, `_3`, … (skipping suffixes another header already
 * has); an empty name becomes `column_<position>`. Names from the file are placed before the
 * generated ones, so a generated name never displaces a real one. Names are compared ignoring
 * letter case, because SQL engines and Parquet do (`id` and `ID` become `id` and `ID_2`); NUL
 * characters and stray byte-order marks are dropped, since no SQL identifier can hold them.
 */
export function uniqueNames(raw: readonly (string | null)[]): string[] {
  const names = raw.map((v) => (v === null ? null : v.replace(/\0/g, '').replace(/^\uFEFF+/, '')));
  const empty = (v: string | null): v is null => v === null || v.trim() === '';
  const key = (s: string): string => s.toLowerCase();
  const taken = new Set(names.filter((v): v is string => !empty(v)).map(key));
  const used = new Set<string>();
  const claim = (name: string): string => {
    let out = name;
    if (used.has(key(name))) {
      let k = 2;
      while (taken.has(key(`${name}_${k}`))) k++;
      out = `${name}_${k}`;
    }
    used.add(key(out));
    taken.add(key(out));
    return out;
  };
  const out = names.map((v) => (empty(v) ? '' : claim(v)));
  return out.map((name, i) => name || claim(`column_${i + 1}`));
}

function checkDelimiter(d: string): void {
  const ok = (d.length === 1 || (d.length === 2 && d[1] === ' ')) && !/^["'\r\n]/.test(d);
  if (!ok) throw new EngineError('INVALID_ARGUMENT', `invalid CSV delimiter ${JSON.stringify(d)}: use one character, optionally followed by a space`);
}

async function sniffFile(path: string, opts: CsvSourceOptions): Promise<{ head: FileHead; sniff: SniffResult; sample: string; encoding: TextEncodingName }> {
  let head = await readHead(path, SNIFF_BYTES);
  if (head.size === 0) throw new EngineError('BAD_INPUT', 'file is empty', { location: { file: path } });
  const encoding = opts.encoding !== undefined
    ? normalizeEncoding(opts.encoding)
    : detectEncoding(head.bytes, head.bytes.length >= head.size).encoding;
  const delimiter = opts.delimiter ?? (opts.format === 'tsv' ? '\t' : undefined);
  for (;;) {
    const whole = head.bytes.length >= head.size;
    const sample = decodeHead(head, encoding);
    const sniff = sniffCsv(sample, whole, { delimiter, quote: opts.quote, header: opts.header });
    if (sniff.recordCount >= 1 || whole || head.bytes.length >= MAX_SNIFF_BYTES) return { head, sniff, sample, encoding };
    head = await readHead(path, Math.min(head.bytes.length * 4, MAX_SNIFF_BYTES));
  }
}

/** No complete record in the sample: an unclosed quote, a blank file, or a first record too long to sniff. */
function explainNoRecords(path: string, sample: string, whole: boolean, dialect: CsvDialect): never {
  if (!whole) {
    throw new EngineError('LIMIT_EXCEEDED', `the first record is longer than ${MAX_SNIFF_BYTES / 1024 / 1024} MiB`, { location: { file: path, line: 1 } });
  }
  const scanner = new CsvScanner(dialect, path);
  scanner.push(sample);
  scanner.end();
  while (scanner.next()) {
    /* an unclosed quote throws from next() with its line and column */
  }
  throw new EngineError('BAD_INPUT', 'file is empty', { location: { file: path } });
}

async function resolve(path: string, opts: CsvSourceOptions): Promise<Resolved> {
  if (opts.delimiter !== undefined) checkDelimiter(opts.delimiter);
  const { head, sniff, sample, encoding } = await sniffFile(path, opts);
  const dialect: CsvDialect = { delimiter: sniff.delimiter, quote: sniff.quote, skipInitialSpace: sniff.skipInitialSpace };
  const first = sniff.records[0];
  if (!first) explainNoRecords(path, sample, head.bytes.length >= head.size, dialect);
  const width = sniff.hasHeader ? first.length : sniff.fieldCount || first.length;
  if (width > MAX_COLUMNS) throw tooManyColumns(path, width, 1);
  const names = sniff.hasHeader
    ? uniqueNames(first)
    : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const info: SourceInfo = {
    format: opts.format ?? 'csv',
    path,
    bytes: head.size,
    encoding,
    delimiter: dialect.delimiter,
    hasHeader: sniff.hasHeader,
    schema: names.map((name) => ({ name, sourceType: 'string' })),
  };
  return { info, dialect, encoding, names };
}

function newBatch(names: string[]): RowBatch {
  return { names, columns: names.map(() => []), length: 0, rows: [], lines: [], quarantined: [] };
}

/**
 * Turns scanned records into batches. The hot loop lives in this synchronous method rather than
 * in the async generator: V8 optimises generator bodies poorly and deopts them between reads.
 */
export class CsvBatcher {
  private rowNo: number;
  private batch: RowBatch;
  private headerPending: boolean;
  private readonly width: number;

  /** `firstRow`: the data row number of the first record (a shard of a file starts mid-file). */
  constructor(private readonly scanner: CsvScanner, private readonly names: string[], hasHeader: boolean, private readonly batchSize: number, firstRow = 1) {
    this.rowNo = firstRow - 1;
    this.batch = newBatch(names);
    this.headerPending = hasHeader;
    this.width = names.length;
  }

  /** Scans until a batch is full (returned) or the scanner needs more input (null). */
  fill(): RowBatch | null {
    const scanner = this.scanner;
    const fields = scanner.fields;
    const width = this.width;
    const batch = this.batch;
    const columns: Cell[][] = batch.columns;
    while (scanner.next()) {
      // A blank line is a null cell in a one-column file (that is how such a row is written) and noise otherwise.
      if (scanner.blank && (this.headerPending || width > 1)) continue;
      if (this.headerPending) {
        this.headerPending = false;
        continue;
      }
      const row = ++this.rowNo;
      const count = scanner.count;
      if (count !== width || scanner.problem !== null) {
        const ragged = count !== width ? `expected ${width} fields, found ${count}` : null;
        const reason = scanner.problem === null ? ragged! : ragged === null ? scanner.problem : `${scanner.problem}; ${ragged}`;
        batch.quarantined.push({ row, line: scanner.line, raw: scanner.raw(), reason });
      } else {
        for (let c = 0; c < width; c++) columns[c]!.push(fields[c]!);
        batch.rows.push(row);
        batch.lines.push(scanner.line);
        batch.length++;
      }
      if (batch.length + batch.quarantined.length >= this.batchSize) {
        this.batch = newBatch(this.names);
        return batch;
      }
    }
    return null;
  }

  /** The last, partly filled batch, or null if it is empty. */
  rest(): RowBatch | null {
    const batch = this.batch;
    return batch.length > 0 || batch.quarantined.length > 0 ? batch : null;
  }
}

async function* readCsv(path: string, opts: CsvSourceOptions, resolved: Resolved, readOpts: ReadOptions): AsyncGenerator<RowBatch> {
  const batchSize = batchSizeOf(readOpts);
  const { signal } = readOpts;
  throwIfAborted(signal);
  const scanner = new CsvScanner(resolved.dialect, path);
  const batcher = new CsvBatcher(scanner, resolved.names, resolved.info.hasHeader === true, batchSize);
  const chunks = readTextChunks(path, resolved.encoding, { chunkBytes: opts.chunkBytes, signal, onBytes: readOpts.onBytes });
  try {
    for (;;) {
      for (let batch = batcher.fill(); batch !== null; batch = batcher.fill()) {
        yield batch;
        throwIfAborted(signal);
      }
      if (scanner.ended) break;
      const chunk = await chunks.next();
      if (chunk.done === true) scanner.end();
      else scanner.push(chunk.value);
    }
    const last = batcher.rest();
    if (last !== null) yield last;
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * A CSV/TSV file as a Source. Cells are strings; an empty unquoted field is null and a quoted
 * empty field ("") is ''. Blank lines are skipped unless the file has one column. Rows whose field count differs
 * from the header's (or whose quoting is broken) are quarantined with their raw text.
 */
export function createCsvSource(path: string, opts: CsvSourceOptions = {}): Source {
  let cached: Promise<Resolved> | undefined;
  const resolveDefault = (): Promise<Resolved> => {
    cached ??= resolve(path, opts).catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    return cached;
  };
  const source: Source = {
    info: async () => (await resolveDefault()).info,
    read: (readOpts: ReadOptions = {}) => {
      const overrides: CsvSourceOptions = { ...opts };
      if (readOpts.delimiter !== undefined) overrides.delimiter = readOpts.delimiter;
      if (readOpts.encoding !== undefined) overrides.encoding = readOpts.encoding;
      if (readOpts.header !== undefined) overrides.header = readOpts.header;
      const changed = readOpts.delimiter !== undefined || readOpts.encoding !== undefined || readOpts.header !== undefined;
      return (async function* () {
        const resolved = await (changed ? resolve(path, overrides) : resolveDefault());
        yield* readCsv(path, opts, resolved, readOpts);
      })();
    },
  };
  layouts.set(source, resolveDefault);
  return source;
}
