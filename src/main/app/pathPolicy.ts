/** Which paths API clients may read and write: absolute only, inputs must exist, outputs stay inside chosen folders. */
import { realpath, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, normalize, relative, sep } from 'node:path';
import { EngineError } from '../engine/errors.js';

export interface PathPolicyOptions {
  /** When set, inputs must resolve inside one of these folders. @default anywhere */
  inputRoots?: string[];
  /** When set, output folders must resolve inside one of these folders. @default anywhere */
  outputRoots?: string[];
}

function inside(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export class PathPolicy {
  private readonly inputRoots: string[] | null;
  private readonly outputRoots: string[] | null;

  constructor(opts: PathPolicyOptions = {}) {
    this.inputRoots = opts.inputRoots?.map((r) => normalize(r)) ?? null;
    this.outputRoots = opts.outputRoots?.map((r) => normalize(r)) ?? null;
  }

  private absolute(p: string, what: string): string {
    if (!isAbsolute(p)) throw new EngineError('INVALID_ARGUMENT', `${what} must be an absolute path: ${p}`);
    return normalize(p);
  }

  private async within(real: string, roots: string[] | null, what: string): Promise<void> {
    if (!roots) return;
    for (const r of roots) {
      const rr = await realpath(r).catch(() => r);
      if (inside(real, rr)) return;
    }
    throw new EngineError('INVALID_ARGUMENT', `${what} ${real} is outside the folders this server allows`);
  }

  /** An existing, readable regular file. Returns the normalised absolute path. */
  async inputFile(p: string, what = 'input'): Promise<string> {
    const abs = this.absolute(p, what);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new EngineError('NOT_FOUND', `${what} not found: ${abs}`, { location: { file: abs } });
    if (!st.isFile()) throw new EngineError('INVALID_ARGUMENT', `${what} is not a file: ${abs}`);
    await this.within(await realpath(abs), this.inputRoots, what);
    return abs;
  }

  /** An existing folder outputs may be written to. */
  async outputDir(p: string, what = 'output folder'): Promise<string> {
    const abs = this.absolute(p, what);
    const st = await stat(abs).catch(() => null);
    if (!st) throw new EngineError('NOT_FOUND', `${what} not found: ${abs}`);
    if (!st.isDirectory()) throw new EngineError('INVALID_ARGUMENT', `${what} is not a folder: ${abs}`);
    await this.within(await realpath(abs), this.outputRoots, what);
    return abs;
  }

  /** A file to write: its folder must pass `outputDir`, its name must have one of `exts`. */
  async outputFile(p: string, exts: readonly string[], what = 'output'): Promise<string> {
    const abs = this.absolute(p, what);
    const dir = abs.slice(0, abs.length - basename(abs).length);
    await this.outputDir(dir, `${what} folder`);
    fileName(basename(abs), exts, what);
    return abs;
  }
}

/** A bare file name (no folders, no dot-names) with an allowed extension. */
export function fileName(name: string, exts: readonly string[], what = 'file name'): string {
  if (name !== basename(name) || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.startsWith('.')) {
    throw new EngineError('INVALID_ARGUMENT', `${what} must be a plain file name without folders: ${name}`);
  }
  const ext = extname(name).toLowerCase();
  if (!exts.includes(ext)) throw new EngineError('INVALID_ARGUMENT', `${what} must end in ${exts.join(', ')}: ${name}`);
  return name;
}
