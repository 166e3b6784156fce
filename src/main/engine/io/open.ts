/** Input factory: detects a file's format by extension or first bytes and opens the matching Source. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { EngineError } from '../errors.js';
import { createCsvSource } from './csv.js';
import { createJsonSource } from './json.js';
import { createParquetSource } from './parquet.js';
import type { InputFormat, Source } from './types.js';
import { createXlsxSource } from './xlsx.js';

export interface OpenSourceOptions {
  /** Overrides detection. */
  format?: InputFormat;
  /** XLSX: sheet name or 1-based index. @default 1 */
  sheet?: string | number;
  /** CSV/TSV: delimiter instead of sniffing. */
  delimiter?: string;
  /** CSV/TSV/JSON: encoding instead of detecting. */
  encoding?: string;
  /** CSV/TSV: whether the first row is a header instead of sniffing. */
  header?: boolean;
}

const BY_EXTENSION: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.xlsx': 'xlsx',
};

const SNIFF_BYTES = 64 * 1024;

function readStart(path: string): Buffer {
  const buf = Buffer.alloc(SNIFF_BYTES);
  const fd = openSync(path, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

function sampleText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
  return b.toString('utf8');
}

/** Format from the first bytes: zip → xlsx, PAR1 → parquet, `[` → json, `{` → jsonl when its first line is a whole object, else csv. */
export function sniffFormat(start: Buffer): InputFormat {
  if (start.length >= 4 && start.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (start.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  const text = sampleText(start).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const nl = text.indexOf('\n');
    if (nl < 0) return 'json';
    try {
      JSON.parse(text.slice(0, nl));
      return 'jsonl';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}

function checkInput(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('NOT_FOUND', `Input file not found: ${path}`, { location: { file: path } });
    throw new EngineError('IO_ERROR', `Cannot open ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
  }
  if (!isFile) throw new EngineError('BAD_INPUT', `${path} is not a file`, { location: { file: path } });
}

/** The input format by extension, or by sniffing the first bytes when the extension says nothing. */
export function detectFormat(path: string): InputFormat {
  const known = BY_EXTENSION[extname(path).toLowerCase()];
  if (known) return known;
  checkInput(path);
  try {
    return sniffFormat(readStart(path));
  } catch (err) {
    throw new EngineError('IO_ERROR', `Cannot read ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
  }
}

/** Opens a Source for `path`; throws NOT_FOUND for a missing file before anything else. */
export function openSource(path: string, opts: OpenSourceOptions = {}): Source {
  checkInput(path);
  const format = opts.format ?? detectFormat(path);
  switch (format) {
    case 'csv':
    case 'tsv':
      return createCsvSource(path, {
        format,
        ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
        ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
        ...(opts.header !== undefined ? { header: opts.header } : {}),
      });
    case 'json':
    case 'jsonl':
      return createJsonSource(path, { format, ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}) });
    case 'parquet':
      return createParquetSource(path);
    case 'xlsx':
      return createXlsxSource(path, opts.sheet !== undefined ? { sheet: opts.sheet } : {});
    default:
      throw new EngineError('UNSUPPORTED_FORMAT', `Unsupported input format ${JSON.stringify(format)} for ${resolve(path)}; use csv, tsv, json, jsonl, parquet or xlsx`, { location: { file: path } });
  }
}
