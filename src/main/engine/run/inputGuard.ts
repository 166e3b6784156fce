/** Detects an input file that changes between the passes of a run, so two passes never see two different files. */
import { stat } from 'node:fs/promises';
import { EngineError } from '../errors.js';

/** What identifies one version of a file without reading it again. */
export interface InputStamp {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

async function stampOf(path: string): Promise<InputStamp | null> {
  try {
    const s = await stat(path);
    return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev };
  } catch {
    return null;
  }
}

/** The input's stamp before the run reads it; null when `path` is not a file this process can stat. */
export async function stampInput(path: string): Promise<InputStamp | null> {
  return stampOf(path);
}

function describe(before: InputStamp, now: InputStamp | null): string {
  if (now === null) return 'it was removed';
  if (now.ino !== before.ino || now.dev !== before.dev) return 'it was replaced by another file';
  if (now.size !== before.size) return `its size went from ${before.size} to ${now.size} bytes`;
  return `it was modified at ${new Date(now.mtimeMs).toISOString()}`;
}

/**
 * Throws when the file no longer matches its stamp: pass 1 planned for one version and pass 2
 * would clean another, so the output could silently disagree with the profile and the report.
 * Size and modification time catch appends, truncation and rewrites; a rewrite that keeps the
 * size within the filesystem's timestamp granularity is the one change this cannot see.
 */
export async function assertInputUnchanged(path: string, before: InputStamp | null, during: string): Promise<void> {
  if (before === null) return;
  const now = await stampOf(path);
  if (now !== null && now.size === before.size && now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.dev === before.dev) return;
  throw new EngineError('BAD_INPUT', `the input changed while it was being read (${describe(before, now)} during ${during}); no output was written; run again once the file is complete`, {
    location: { file: path },
  });
}
