/** Streaming JSON (array of records, or one record) and JSON Lines source with flattening and schema drift. */
import { EngineError, throwIfAborted } from '../errors.js';
import type { RowBatch } from '../table.js';
import {
  decodeHead, detectEncoding, normalizeEncoding, readHead, readTextChunks, SNIFF_BYTES, type TextEncodingName,
} from './encoding.js';
import { JsonArraySplitter } from './jsonSplit.js';
import { JsonBatchBuilder, parseRecord, type ParsedRecord } from './jsonRecords.js';
import type { ReadOptions, Source, SourceInfo } from './types.js';

export interface JsonSourceOptions {
  /** 'json': one array of objects (or one object); 'jsonl': one object per line. @default by extension: .jsonl/.ndjson → 'jsonl', else 'json' */
  format?: 'json' | 'jsonl';
  /** Forced encoding; detected (BOM, UTF-8 validity) when absent. */
  encoding?: string;
  /** Bytes per file read; small values exercise chunk boundaries. @default 1 MiB */
  chunkBytes?: number;
}

const DEFAULT_BATCH_SIZE = 8192;

interface Resolved {
  info: SourceInfo;
  encoding: TextEncodingName;
  format: 'json' | 'jsonl';
}

/** Physical line reader over text chunks: LF, CRLF and lone CR all end a line (JSON text cannot hold a raw CR or LF). */
class LineSplitter {
  private buf = '';
  private pos = 0;
  private ended = false;
  /** Next LF / CR offset at or after `pos`: -1 unknown, -2 none in the buffer. */
  private nextLF = -1;
  private nextCR = -1;
  line = 0;
  text = '';

  push(chunk: string): void {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos) + chunk;
      this.pos = 0;
    } else {
      this.buf += chunk;
    }
    this.nextLF = this.nextCR = -1;
  }

  end(): void {
    this.ended = true;
  }

  next(): boolean {
    const buf = this.buf;
    const p = this.pos;
    if (p >= buf.length) return false;
    // Cached so a file without CRs does not rescan to the end for every line.
    if (this.nextLF === -1 || (this.nextLF >= 0 && this.nextLF < p)) this.nextLF = buf.indexOf('\n', p);
    if (this.nextLF === -1) this.nextLF = -2;
    if (this.nextCR === -1 || (this.nextCR >= 0 && this.nextCR < p)) this.nextCR = buf.indexOf('\r', p);
    if (this.nextCR === -1) this.nextCR = -2;
    const lf = this.nextLF;
    const cr = this.nextCR;
    let end: number;
    let after: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      if (cr + 1 >= buf.length && !this.ended) return false;
      end = cr;
      after = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (lf >= 0) {
      end = lf;
      after = lf + 1;
    } else {
      if (!this.ended) return false;
      end = after = buf.length;
    }
    this.text = buf.slice(p, end);
    this.pos = after;
    this.line++;
    return true;
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}

function formatOf(path: string, opts: JsonSourceOptions): 'json' | 'jsonl' {
  if (opts.format) return opts.format;
  return /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'json';
}

/** Parses the records of the sniff window (complete ones only) to give an early schema. */
function windowSchema(path: string, format: 'json' | 'jsonl', sample: string, whole: boolean): string[] {
  const builder = new JsonBatchBuilder(path);
  const add = (rec: ParsedRecord): void => {
    if (rec.ok) builder.add(rec.value, 0, rec.line);
  };
  if (format === 'jsonl') {
    const lines = new LineSplitter();
    lines.push(sample);
    if (whole) lines.end();
    while (lines.next()) if (!isBlank(lines.text)) add(parseRecord(lines.text, lines.line, path));
  } else {
    const splitter = new JsonArraySplitter(path);
    splitter.push(sample);
    if (whole) splitter.end();
    for (let el = splitter.next(); el !== null; el = splitter.next()) add(parseRecord(el.text, el.line, path, el.column));
  }
  return builder.names;
}

async function resolve(path: string, opts: JsonSourceOptions): Promise<Resolved> {
  const head = await readHead(path, SNIFF_BYTES);
  const whole = head.bytes.length >= head.size;
  const encoding = opts.encoding !== undefined ? normalizeEncoding(opts.encoding) : detectEncoding(head.bytes, whole).encoding;
  const sample = decodeHead(head, encoding);
  if (whole && sample.trim() === '') throw new EngineError('BAD_INPUT', 'file is empty', { location: { file: path } });
  const format = formatOf(path, opts);
  const names = windowSchema(path, format, sample, whole);
  return {
    info: { format, path, bytes: head.size, encoding, schema: names.map((name) => ({ name, sourceType: 'json' })) },
    encoding,
    format,
  };
}

async function* readJson(path: string, opts: JsonSourceOptions, resolved: Resolved, readOpts: ReadOptions): AsyncGenerator<RowBatch> {
  const batchSize = readOpts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new EngineError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${batchSize}`);
  const { signal } = readOpts;
  throwIfAborted(signal);
  const jsonl = resolved.format === 'jsonl';
  const lines = new LineSplitter();
  const splitter = new JsonArraySplitter(path);
  const builder = new JsonBatchBuilder(path);
  let rowNo = 0;
  const chunks = readTextChunks(path, resolved.encoding, { chunkBytes: opts.chunkBytes, signal, onBytes: readOpts.onBytes });
  try {
    let exhausted = false;
    for (;;) {
      for (;;) {
        let rec: ParsedRecord;
        if (jsonl) {
          if (!lines.next()) break;
          if (isBlank(lines.text)) continue;
          rec = parseRecord(lines.text, lines.line, path);
        } else {
          const el = splitter.next();
          if (el === null) break;
          rec = parseRecord(el.text, el.line, path, el.column);
        }
        rowNo++;
        if (rec.ok) builder.add(rec.value, rowNo, rec.line);
        else builder.quarantine({ row: rowNo, line: rec.line, raw: rec.raw, reason: rec.reason });
        if (builder.size >= batchSize) {
          yield builder.take();
          throwIfAborted(signal);
        }
      }
      if (exhausted) break;
      const chunk = await chunks.next();
      if (chunk.done === true) {
        exhausted = true;
        if (jsonl) lines.end();
        else splitter.end();
      } else if (jsonl) {
        lines.push(chunk.value);
      } else {
        splitter.push(chunk.value);
      }
    }
    if (builder.size > 0) yield builder.take();
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * A JSON or JSON Lines file as a Source. Records are flattened to dotted columns; scalars keep
 * their JSON type. Batches carry the union of columns seen so far. In JSON Lines a bad line is
 * quarantined; in a JSON array a syntax error is fatal (an element that is not an object is quarantined).
 */
export function createJsonSource(path: string, opts: JsonSourceOptions = {}): Source {
  let cached: Promise<Resolved> | undefined;
  const resolveOnce = (): Promise<Resolved> => {
    cached ??= resolve(path, opts).catch((err: unknown) => {
      cached = undefined;
      throw err;
    });
    return cached;
  };
  return {
    info: async () => (await resolveOnce()).info,
    read: (readOpts: ReadOptions = {}) => {
      const overrides: JsonSourceOptions = readOpts.encoding === undefined ? opts : { ...opts, encoding: readOpts.encoding };
      return (async function* () {
        const resolved = await (overrides === opts ? resolveOnce() : resolve(path, overrides));
        yield* readJson(path, opts, resolved, readOpts);
      })();
    },
  };
}
