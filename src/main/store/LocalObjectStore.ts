/** The ObjectStore on local disk: keys are paths under a root folder; writes are atomic renames. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FetchedObject, ObjectStore, PutOptions } from '../app/objectStore.js';
import { EngineError } from '../engine/errors.js';
import { tempPathFor } from '../engine/io/atomic.js';

export class LocalObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    const p = resolve(this.root, key);
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new EngineError('INVALID_ARGUMENT', `object key ${JSON.stringify(key)} leaves the store's folder`);
    return p;
  }

  url(key: string): string {
    return this.path(key);
  }

  async putFile(key: string, path: string, _opts: PutOptions = {}): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const tmp = tempPathFor(target);
    try {
      await copyFile(path, tmp);
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new EngineError('IO_ERROR', `cannot store ${target}: ${(err as Error).message}`, { cause: err });
    }
  }

  async getFile(key: string, path: string, opts: { signal?: AbortSignal } = {}): Promise<FetchedObject> {
    const h = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({ transform(chunk: Buffer, _e, cb) { h.update(chunk); bytes += chunk.length; cb(null, chunk); } });
    try {
      await pipeline(createReadStream(this.path(key)), tap, createWriteStream(path), opts.signal ? { signal: opts.signal } : {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('NOT_FOUND', `${this.path(key)} not found`);
      throw err;
    }
    return { bytes, sha256: h.digest('hex') };
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.path(key)).then((s) => s.isFile(), () => false);
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile()) out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    await walk(this.root);
    // Hidden `.name.hex.tmp` files are uploads in progress, not objects.
    return out.filter((k) => k.startsWith(prefix) && !/(^|\/)\.[^/]*\.tmp$/.test(k)).sort();
  }

  /** Local writes are a copy and a rename, never multipart: there is nothing to abort. */
  async abortUpload(_key: string, _uploadId: string): Promise<void> {}

  async delete(keys: readonly string[]): Promise<void> {
    for (const k of keys) await rm(this.path(k), { force: true });
  }

  async close(): Promise<void> {}
}
