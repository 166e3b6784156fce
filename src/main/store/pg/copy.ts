/** COPY … FROM STDIN through pg-copy-streams (loaded lazily), with backpressure and cancellation. */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { throwIfAborted } from '../../engine/errors.js';

type CopyModule = typeof import('pg-copy-streams');
let copyModule: Promise<CopyModule> | null = null;

async function loadCopy(): Promise<CopyModule> {
  copyModule ??= import('pg-copy-streams').then((m) => ((m as unknown as { default?: CopyModule }).default ?? m));
  return copyModule;
}

/** An open COPY FROM STDIN; write text chunks, then end() or, on failure, fail(). */
export class CopyIn {
  private constructor(private readonly stream: import('node:stream').Writable, private readonly done: Promise<void>) {}

  static async start(client: PoolClient, sql: string): Promise<CopyIn> {
    const { from } = await loadCopy();
    const stream = client.query(from(sql));
    const done = finished(stream);
    // Keep the rejection observed until someone awaits it, so a server error is not "unhandled".
    done.catch(() => undefined);
    return new CopyIn(stream, done);
  }

  async write(chunk: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    if (chunk.length === 0) return;
    if (!this.stream.write(chunk, 'utf8')) {
      await Promise.race([once(this.stream, 'drain'), this.done]);
    }
  }

  async end(): Promise<void> {
    this.stream.end();
    await this.done;
  }

  /** Aborts the COPY: the server sees CopyFail and the surrounding transaction must roll back. */
  async fail(): Promise<void> {
    this.stream.destroy(new Error('copy aborted'));
    await this.done.catch(() => undefined);
  }
}

/** Streams every chunk into one COPY statement. */
export async function copyChunks(client: PoolClient, sql: string, chunks: AsyncIterable<string> | Iterable<string>, signal?: AbortSignal): Promise<void> {
  const copy = await CopyIn.start(client, sql);
  try {
    for await (const chunk of chunks) await copy.write(chunk, signal);
  } catch (err) {
    await copy.fail();
    throw err;
  }
  await copy.end();
}
