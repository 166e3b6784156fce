/** Streaming JSON (array of records, or one record) and JSON Lines source with flattening and schema drift. */
import { EngineError, throwIfAborted } from '../errors.js';
import type { RowBatch } from '../table.js';
import {
  decodeHead, detectEncoding, normalizeEncoding, readHead, readTextChunks, SNIFF_BYTES, type TextEncodingName,
} from './encoding.js';
import { JsonArraySplitter, LineSplitter, type RecordSplitter } from './jsonSplit.js';
import { batchSizeOf } from './readOptions.js';
import { JsonBatchBuilder, parseRecord } from './jsonRecords.js';
import type { ReadOptions, Source, SourceInfo } from './types.js';

export interface JsonSourceOptions {
  /** 'json': one array of objects (or one object); 'jsonl': one object per line. @default by extension: .jsonl/.ndjson → 'jsonl', else 'json' */
  format?: 'json' | 'jsonl';
  /** Forced encoding; detected (BOM, UTF-8 validity) when absent. */
  encoding?: string;
  /** Bytes per file read; small values exercise chunk boundaries. @default 1 MiB */
  chunkBytes?: number;
}

interface Resolved {
  info: SourceInfo;
  encoding: TextEncodingName;
  format: 'json' | 'jsonl';
}

function formatOf(path: string, opts: JsonSourceOptions): 'json' | 'jsonl' {
  if (opts.format) return opts.format;
  return /\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'json';
}

/**
 * Parses, flattens and batches the records a splitter yields. The loop lives in a synchronous
 * method, not the async generator, so V8 keeps it optimised.
 */
class JsonBatcher {
  readonly builder: JsonBatchBuilder;
  private rowNo = 0;

  constructor(readonly splitter: RecordSplitter, private readonly file: string, private readonly jsonl: boolean, private readonly batchSize: number) {
    this.builder = new JsonBatchBuilder(file);
  }

  /** Reads records until a batch is full (returned) or the splitter needs more input (null). */
  fill(): RowBatch | null {
    const builder = this.builder;
    for (let el = this.splitter.next(); el !== null; el = this.splitter.next()) {
      const rec = parseRecord(el.text, el.line, this.file, this.jsonl ? undefined : el.column);
      const row = ++this.rowNo;
      if (rec.ok) builder.add(rec.value, row, rec.line);
      else builder.quarantine({ row, line: rec.line, raw: rec.raw, reason: rec.reason });
      if (builder.size >= this.batchSize) return builder.take();
    }
    return null;
  }
}

function splitterFor(format: 'json' | 'jsonl', path: string): RecordSplitter {
  return format === 'jsonl' ? new LineSplitter() : new JsonArraySplitter(path);
}

/** Parses the complete records of the sniff window to give an early schema. */
function windowSchema(path: string, format: 'json' | 'jsonl', sample: string, whole: boolean): string[] {
  const batcher = new JsonBatcher(splitterFor(format, path), path, format === 'jsonl', Number.POSITIVE_INFINITY);
  batcher.splitter.push(sample);
  if (whole) batcher.splitter.end();
  batcher.fill();
  return batcher.builder.names;
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
  const batchSize = batchSizeOf(readOpts);
  const { signal } = readOpts;
  throwIfAborted(signal);
  const splitter = splitterFor(resolved.format, path);
  const batcher = new JsonBatcher(splitter, path, resolved.format === 'jsonl', batchSize);
  const chunks = readTextChunks(path, resolved.encoding, { chunkBytes: opts.chunkBytes, signal, onBytes: readOpts.onBytes });
  try {
    let exhausted = false;
    for (;;) {
      for (let batch = batcher.fill(); batch !== null; batch = batcher.fill()) {
        yield batch;
        throwIfAborted(signal);
      }
      if (exhausted) break;
      const chunk = await chunks.next();
      if (chunk.done === true) {
        exhausted = true;
        splitter.end();
      } else {
        splitter.push(chunk.value);
      }
    }
    if (batcher.builder.size > 0) yield batcher.builder.take();
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
