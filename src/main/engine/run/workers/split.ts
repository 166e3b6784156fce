/**
 * Cuts a CSV/TSV file into byte ranges of whole records, each holding a fixed number of data rows,
 * so workers can parse ranges independently and still number rows and lines exactly as one
 * sequential read would. Record boundaries follow the scanner's rules (csvScanner.ts): a quote
 * only opens a field at its start, so a stray inch mark inside a value does not hide a newline.
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { EngineError, throwIfAborted } from '../../errors.js';
import type { CsvLayout } from '../../io/csv.js';

export interface ByteSegment {
  index: number;
  /** File offsets [start, end) of whole records. */
  start: number;
  end: number;
  /** Data row number of the segment's first row (rows include quarantined ones, as readers count them). */
  firstRow: number;
  /** Physical line on which the segment starts. */
  firstLine: number;
  rows: number;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const READ_BYTES = 4 << 20;

/** Whether byte-range splitting applies: an ASCII-compatible encoding and ASCII delimiter and quote. */
export function canSplit(layout: CsvLayout): boolean {
  const d = layout.dialect.delimiter.charCodeAt(0);
  const q = layout.dialect.quote.charCodeAt(0);
  return (layout.encoding === 'utf-8' || layout.encoding === 'windows-1252') && d < 128 && q < 128 && layout.dialect.delimiter.length === 1;
}

function countBreaks(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && b[i + 1] === LF) i++;
    }
  }
  return n;
}

/**
 * Scans records in a growing window. `scan` returns false when the window ends inside a record
 * and more bytes are needed (the caller reads more and calls again from the same record start).
 */
class RecordScanner {
  /** After a successful scan: where the next record starts, where this one's text ends, breaks inside quotes. */
  next = 0;
  textEnd = 0;
  extraLines = 0;
  private lfAt = -2;
  private crAt = -2;
  private qAt = -2;

  constructor(private readonly D: number, private readonly Q: number, private readonly skipSpace: boolean) {}

  /** Forget cached search results (the window grew or moved). */
  reset(): void {
    this.lfAt = this.crAt = this.qAt = -2;
  }

  private find(b: Buffer, byte: number, from: number, cached: number): number {
    return cached >= from || cached === -1 ? cached : b.indexOf(byte, from);
  }

  scan(b: Buffer, start: number, eof: boolean): boolean {
    const { D, Q } = this;
    const n = b.length;
    let j = start;
    let extra = 0;
    for (;;) {
      this.lfAt = this.find(b, LF, j, this.lfAt);
      this.crAt = this.find(b, CR, j, this.crAt);
      this.qAt = this.find(b, Q, j, this.qAt);
      const lf = this.lfAt;
      const cr = this.crAt;
      const term = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      const q = this.qAt;
      if (q >= 0 && (term < 0 || q < term)) {
        const prev = q > start ? (b[q - 1] as number) : -1;
        const opens = q === start || prev === D || (this.skipSpace && prev === SPACE && q - 2 >= start && b[q - 2] === D);
        if (!opens) {
          j = q + 1;
          continue;
        }
        let k = q + 1;
        let close = -1;
        for (;;) {
          const c = b.indexOf(Q, k);
          if (c < 0) break;
          if (c + 1 >= n && !eof) return false;
          if (b[c + 1] === Q) {
            k = c + 2;
            continue;
          }
          close = c;
          break;
        }
        if (close < 0) {
          if (!eof) return false;
          // Unclosed: the record runs to the end of the file; the parser reports it with its line.
          this.textEnd = this.next = n;
          this.extraLines = extra + countBreaks(b, q + 1, n);
          return true;
        }
        extra += countBreaks(b, q + 1, close);
        j = close + 1;
        continue;
      }
      if (term < 0) {
        if (!eof) return false;
        this.textEnd = this.next = n;
        this.extraLines = extra;
        return true;
      }
      if (term === cr) {
        if (cr + 1 >= n && !eof) return false;
        this.next = b[cr + 1] === LF ? cr + 2 : cr + 1;
      } else {
        this.next = lf + 1;
      }
      this.textEnd = term;
      this.extraLines = extra;
      return true;
    }
  }
}

export interface SplitOptions {
  signal?: AbortSignal;
  /** Bytes consumed so far, for progress. */
  onBytes?: (bytes: number) => void;
}

/**
 * Yields the data part of the file (after the header) as segments of `rowsPerSegment` rows (the
 * last one shorter). Blank records are skipped exactly where the reader skips them, so a range
 * parsed on its own yields the same rows, row numbers and line numbers as the whole-file read.
 */
export async function* splitCsv(layout: CsvLayout, rowsPerSegment: number, opts: SplitOptions = {}): AsyncGenerator<ByteSegment> {
  const { dialect } = layout;
  const width = layout.names.length;
  const scanner = new RecordScanner(dialect.delimiter.charCodeAt(0), dialect.quote.charCodeAt(0), dialect.skipInitialSpace);
  const fh = await open(layout.path, 'r').catch((err: unknown) => {
    throw new EngineError('IO_ERROR', `cannot read ${layout.path}: ${(err as Error).message}`, { location: { file: layout.path }, cause: err });
  });
  try {
    // The window only has to hold the record being scanned: segments are read again by whoever parses them.
    let buf = Buffer.allocUnsafe(READ_BYTES);
    let len = 0;
    let base = 0;
    let pos = 0;
    let eof = false;
    let view = buf.subarray(0, 0);
    const read = async (): Promise<void> => {
      throwIfAborted(opts.signal);
      if (pos > 0) {
        buf.copy(buf, 0, pos, len);
        base += pos;
        len -= pos;
        pos = 0;
      }
      if (len === buf.length) {
        const grown = Buffer.allocUnsafe(2 * buf.length);
        buf.copy(grown, 0, 0, len);
        buf = grown;
      }
      const { bytesRead } = await fh.read(buf, len, buf.length - len, base + len);
      if (bytesRead === 0) eof = true;
      len += bytesRead;
      view = buf.subarray(0, len);
      opts.onBytes?.(base + len);
      scanner.reset();
    };
    await read();
    if (layout.encoding === 'utf-8' && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    let line = 1;
    let row = 0;
    let headerPending = layout.hasHeader;
    let segStart = base + pos;
    let segLine = line;
    let segRows = 0;
    let index = 0;
    for (;;) {
      if (pos >= len && eof) break;
      if (pos >= len || !scanner.scan(view, pos, eof)) {
        await read();
        continue;
      }
      const blank = scanner.textEnd === pos;
      line += 1 + scanner.extraLines;
      pos = scanner.next;
      if (blank && (headerPending || width > 1)) {
        if (segRows === 0) {
          segStart = base + pos;
          segLine = line;
        }
        continue;
      }
      if (headerPending) {
        headerPending = false;
        segStart = base + pos;
        segLine = line;
        continue;
      }
      row++;
      segRows++;
      if (segRows < rowsPerSegment) continue;
      yield { index: index++, start: segStart, end: base + pos, firstRow: row - segRows + 1, firstLine: segLine, rows: segRows };
      segStart = base + pos;
      segLine = line;
      segRows = 0;
    }
    if (segRows > 0) yield { index, start: segStart, end: base + pos, firstRow: row - segRows + 1, firstLine: segLine, rows: segRows };
  } finally {
    await fh.close();
  }
}

/** Reads a segment's bytes into `into` (grown when too small); returns the filled view. */
export function readSegment(fd: number, seg: Pick<ByteSegment, 'start' | 'end'>, into: { buf: Buffer }): Buffer {
  const n = seg.end - seg.start;
  if (into.buf.length < n) into.buf = Buffer.allocUnsafe(Math.max(n, 2 * into.buf.length));
  let done = 0;
  while (done < n) {
    const got = readSync(fd, into.buf, done, n - done, seg.start + done);
    if (got === 0) throw new EngineError('IO_ERROR', `the input changed while it was being read (${n - done} bytes missing at offset ${seg.start + done})`);
    done += got;
  }
  return into.buf.subarray(0, n);
}
