/** Test helpers for the text readers: drain a Source into rows, and temp files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alignBatch, type Cell, type QuarantinedRow } from '../table.js';
import type { ReadOptions, Source } from './types.js';

export interface Drained {
  names: string[];
  /** Row-major cells aligned to the final `names`. */
  rows: Cell[][];
  rowNumbers: number[];
  lines: number[];
  quarantined: QuarantinedRow[];
  batches: number;
}

/** Reads a whole source; rows are aligned to the union of names (JSON drift). */
export async function drain(source: Source, opts: ReadOptions = {}): Promise<Drained> {
  const batches = [];
  for await (const b of source.read(opts)) batches.push(b);
  const names = batches.length ? batches[batches.length - 1]!.names : (await source.info()).schema.map((s) => s.name);
  const out: Drained = { names, rows: [], rowNumbers: [], lines: [], quarantined: [], batches: batches.length };
  for (const raw of batches) {
    const b = alignBatch(raw, names);
    for (let r = 0; r < b.length; r++) out.rows.push(b.columns.map((c) => c[r]!));
    out.rowNumbers.push(...b.rows);
    out.lines.push(...b.lines);
    out.quarantined.push(...b.quarantined);
  }
  return out;
}

/** Errors as plain data so tests can compare code, message and location. */
export async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string; location: unknown }> {
  try {
    await run();
  } catch (err) {
    const e = err as { code?: string; message: string; location?: unknown };
    return { code: e.code ?? 'none', message: e.message, location: e.location };
  }
  throw new Error('expected a failure');
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'ds-io-'));
  private n = 0;

  file(content: string | Uint8Array, ext = '.csv'): string {
    const p = join(this.path, `f${this.n++}${ext}`);
    writeFileSync(p, content);
    return p;
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
