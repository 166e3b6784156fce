/** Buffered, atomic file output: big chunks with backpressure into a temp file that is renamed on commit. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

/** Lines are encoded straight into chunks of this size, which go to the stream whole. */
const CHUNK_BYTES = 1 << 20;

let tempCounter = 0;

/** A sibling temp path, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(path: string, tag = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${++tempCounter}`);
}

export class ChunkWriter {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private ready: Buffer[] = [];
  private failure: Error | undefined;
  private bytesOut = 0;
  private readonly stream: WriteStream;
  readonly tempPath: string;

  constructor(readonly path: string) {
    this.tempPath = tempPathFor(path);
    this.stream = createWriteStream(this.tempPath, { highWaterMark: 4 * CHUNK_BYTES });
    // Errors surface at the next flush/commit instead of crashing the process as an unhandled event.
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  /**
   * Encodes `s` into the current chunk (no intermediate strings or ropes); a full chunk is queued and
   * a fresh one started. Call `flush` when `full` is true to hand queued chunks over with backpressure.
   */
  write(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit, so this check never lets a write overflow.
    if (this.used + s.length * 3 > CHUNK_BYTES) {
      this.seal();
      if (s.length * 3 > CHUNK_BYTES) {
        this.ready.push(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(s, this.used, 'utf8');
  }

  get full(): boolean {
    return this.ready.length > 0;
  }

  /** Bytes handed to the stream so far. */
  get bytes(): number {
    return this.bytesOut;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.ready.push(this.chunk.subarray(0, this.used));
    // The stream may still hold the sealed chunk, so the next one is a new allocation, not a reuse.
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  /** Hands queued chunks to the stream, waiting for 'drain' whenever it is above its high-water mark. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const ready = this.ready;
    this.ready = [];
    for (const buf of ready) {
      this.bytesOut += buf.length;
      if (!this.stream.write(buf)) await once(this.stream, 'drain');
    }
  }

  /** Writes the rest, closes the file and renames it into place. */
  async commit(): Promise<void> {
    this.seal();
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
    if (this.failure) throw this.failure;
    await rename(this.tempPath, this.path);
  }

  /** Closes and deletes the temp file; the destination is left untouched. */
  async abort(): Promise<void> {
    this.stream.destroy();
    if (!this.stream.closed) await once(this.stream, 'close').catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}
