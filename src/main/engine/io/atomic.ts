/** Atomic file output: write beside the target under a hidden temp name, fsync, then rename. */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EngineError } from '../errors.js';
import { processAlive } from './tempDirs.js';

export interface AtomicOptions {
  /** Replace an existing file at the target. @default true */
  overwrite?: boolean;
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** The error for an output that must not be clobbered. */
export function outputExists(path: string): EngineError {
  return new EngineError('OUTPUT_EXISTS', `${path} exists; use --force to overwrite`, { location: { file: path } });
}

function ioError(what: string, path: string, err: unknown): EngineError {
  return new EngineError('IO_ERROR', `${what} ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if (errno(err) === 'ENOENT') return false;
    throw ioError('Cannot check', path, err);
  }
}

/**
 * `<dir>/.<name>.<pid>-<random hex>.tmp`: hidden, beside the target so the final rename stays on
 * one filesystem, and named after the writing process so a later run can tell an orphan (its
 * writer was killed) from a file another live run is still writing.
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;
const sweptDirs = new Set<string>();

/**
 * Removes temp files that dead processes (killed mid-write) left in `dir`, once per process and
 * directory. Only names in our exact shape are touched; a live writer's files are left alone.
 * Returns how many were removed.
 */
export async function sweepOrphanTempFiles(dir: string): Promise<number> {
  if (sweptDirs.has(dir)) return 0;
  sweptDirs.add(dir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    await rm(join(dir, name), { force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; directories cannot be opened for sync on Windows.
  if (process.platform === 'win32') return;
  let h: FileHandle | undefined;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch {
    // Best effort: some filesystems refuse fsync on directories.
  } finally {
    await h?.close().catch(() => undefined);
  }
}

/**
 * Moves `from` to `to`. Without overwrite the move uses link+unlink, which fails atomically
 * when `to` already exists; filesystems without hard links fall back to check-then-rename.
 */
export async function publish(from: string, to: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    try {
      await rename(from, to);
    } catch (err) {
      throw ioError('Cannot move output into place at', to, err);
    }
  } else {
    try {
      await link(from, to);
      await unlink(from);
    } catch (err) {
      const code = errno(err);
      if (code === 'EEXIST') throw outputExists(to);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw ioError('Cannot move output into place at', to, err);
      if (await pathExists(to)) throw outputExists(to);
      try {
        await rename(from, to);
      } catch (e) {
        throw ioError('Cannot move output into place at', to, e);
      }
    }
  }
  await fsyncDir(dirname(to));
}

/**
 * A temp file beside its target. Write through write() or let another writer (DuckDB) fill
 * `path`; commit() fsyncs and renames, abort() removes. Nothing appears at `target` before commit().
 */
export class TempFile {
  private handle: FileHandle | null;
  private done = false;

  private constructor(
    readonly target: string,
    readonly path: string,
    handle: FileHandle,
    private readonly overwrite: boolean,
  ) {
    this.handle = handle;
  }

  /** Creates the temp file (exclusively) and the target's directory if missing; fails early if the target exists and overwrite is false. */
  static async create(target: string, opts: AtomicOptions = {}): Promise<TempFile> {
    const abs = resolve(target);
    const overwrite = opts.overwrite ?? true;
    if (!overwrite && (await pathExists(abs))) throw outputExists(abs);
    try {
      await mkdir(dirname(abs), { recursive: true });
    } catch (err) {
      throw ioError('Cannot create the directory for', abs, err);
    }
    await sweepOrphanTempFiles(dirname(abs));
    const tmp = tempPathFor(abs);
    let handle: FileHandle;
    try {
      handle = await open(tmp, 'wx');
    } catch (err) {
      throw ioError('Cannot create a temp file for', abs, err);
    }
    return new TempFile(abs, tmp, handle, overwrite);
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (!this.handle) throw new Error(`TempFile for ${this.target} is closed`);
    try {
      // writeFile continues from the current position and loops until every byte is written.
      await this.handle.writeFile(data);
    } catch (err) {
      // Named by the output the user asked for: the temp file is gone once the sink aborts.
      throw ioError('Cannot write', this.target, err);
    }
  }

  /** Closes our handle so another writer may replace the file's contents at `path`. */
  async release(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  async commit(): Promise<void> {
    if (this.done) throw new Error(`TempFile for ${this.target} already finished`);
    try {
      const h = this.handle ?? (await open(this.path, 'r+'));
      this.handle = null;
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    } catch (err) {
      throw ioError('Cannot flush', this.path, err);
    }
    await publish(this.path, this.target, this.overwrite);
    this.done = true;
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const h = this.handle;
    this.handle = null;
    await h?.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}

/** Writes `data` to `path` atomically: readers see the old file or the new one, never a partial one. */
export async function atomicWriteFile(path: string, data: string | Uint8Array, opts: AtomicOptions = {}): Promise<void> {
  const tmp = await TempFile.create(path, opts);
  try {
    await tmp.write(data);
    await tmp.commit();
  } catch (err) {
    await tmp.abort();
    throw err;
  }
}
