/** Shared plumbing for text sinks: batch validation and large buffered writes to a temp file. */
import { EngineError } from '../errors.js';
import type { Cell } from '../table.js';
import { TempFile } from './atomic.js';
import type { EncodedRows, EncodingSink, RowEncoding } from './encoded.js';

/** Flush once this many UTF-16 units are buffered: few large writes, bounded memory. */
const FLUSH_CHARS = 1 << 20;
/** Pieces at least this long are written directly. */
const DIRECT_CHARS = 1 << 16;

export function checkBatch(columns: Cell[][], length: number, expected: number, path: string): void {
  if (columns.length !== expected) {
    throw new EngineError('INTERNAL', `Sink for ${path} expects ${expected} columns, got ${columns.length}`);
  }
  if (!Number.isInteger(length) || length < 0) throw new EngineError('INTERNAL', `Sink for ${path}: bad batch length ${length}`);
  for (let c = 0; c < columns.length; c++) {
    if ((columns[c] as Cell[]).length < length) throw new EngineError('INTERNAL', `Sink for ${path}: column ${c} has fewer than ${length} cells`);
  }
}

/**
 * Collects small pieces of text into large writes and awaits each write (backpressure). Large
 * pieces go out as they are: joining them first would only copy them once more.
 */
export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly file: { write(data: string | Uint8Array): Promise<unknown> }) {}

  async push(text: string): Promise<void> {
    if (text.length >= DIRECT_CHARS) {
      await this.flush();
      await this.file.write(text);
      return;
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_CHARS) await this.flush();
  }

  /** Writes already encoded bytes after whatever text is pending. */
  async pushBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    if (bytes.byteLength > 0) await this.file.write(bytes);
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.file.write(text);
  }
}

export interface TextFormat {
  /** Written once, before the first row ('' for none). */
  header: string;
  /** Formats rows [start, end) of a batch as text, each row ending in '\n'. */
  rows(columns: Cell[][], start: number, end: number): string;
}

/** A Sink that writes formatted text to a temp file beside `path` and renames it on commit(). */
export async function createTextSink(path: string, columnCount: number, format: TextFormat, overwrite: boolean, encoding: RowEncoding): Promise<EncodingSink> {
  const file = await TempFile.create(path, { overwrite });
  const out = new BufferedWriter(file);
  let state: 'open' | 'committed' | 'aborted' = 'open';
  try {
    if (format.header) await out.push(format.header);
  } catch (err) {
    await file.abort();
    throw err;
  }
  const ensureOpen = (): void => {
    if (state !== 'open') throw new EngineError('INTERNAL', `Sink for ${file.target} is already ${state}`);
  };
  return {
    encoding,
    async writeEncoded(rows: EncodedRows) {
      ensureOpen();
      await out.pushBytes(rows.bytes);
    },
    async write(columns, length) {
      ensureOpen();
      checkBatch(columns, length, columnCount, file.target);
      // Rows go out in slices so one huge batch never builds one huge string.
      for (let start = 0; start < length; start += 4096) {
        await out.push(format.rows(columns, start, Math.min(length, start + 4096)));
      }
    },
    async commit() {
      ensureOpen();
      try {
        await out.flush();
        await file.commit();
        state = 'committed';
      } catch (err) {
        // A failed commit leaves nothing behind, even if the caller never calls abort().
        state = 'aborted';
        await file.abort();
        throw err;
      }
    },
    async abort() {
      if (state === 'committed') return;
      state = 'aborted';
      await file.abort();
    },
  };
}
