/** Private temp folders named after the owning process, so what a run killed with -9 leaves behind is swept by the next run. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';

/** Every kind of temp folder the engine makes; a sweep removes dead processes' folders of all of them. */
export const TEMP_PREFIXES = ['ds-parquet-spill-', 'ds-duckdb-', 'ds-spill-', 'ds-parquet-link-', 'ds-exact-', 'ds-explain-'] as const;
export type TempPrefix = (typeof TEMP_PREFIXES)[number];

const SUFFIX = /^(\d+)-[A-Za-z0-9]{6}$/;
const swept = new Set<string>();

/** Whether a process with this pid exists on this machine (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<prefix><pid>-XXXXXX` folders in `parent` whose process no longer exists, once per
 * process and folder. A reused pid only keeps a stale folder a while longer; a process in another
 * pid namespace sharing the folder would look dead, which is why only the engine's prefixes are touched.
 */
export function sweepStaleTempDirs(parent: string): void {
  if (swept.has(parent)) return;
  swept.add(parent);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const prefix = TEMP_PREFIXES.find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const m = SUFFIX.exec(name.slice(prefix.length));
    const pid = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** mkdtemp under `parent` with the pid in the name, after sweeping dead processes' folders. */
export async function makeTempDir(parent: string, prefix: TempPrefix): Promise<string> {
  sweepStaleTempDirs(parent);
  return mkdtemp(join(parent, `${prefix}${process.pid}-`));
}

export function makeTempDirSync(parent: string, prefix: TempPrefix): string {
  sweepStaleTempDirs(parent);
  return mkdtempSync(join(parent, `${prefix}${process.pid}-`));
}
