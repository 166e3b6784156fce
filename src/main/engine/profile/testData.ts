/** Shared fixtures for the profile and plan tests: batches from arrays, and the FEBRL sample file read simply. */
import { existsSync, readFileSync } from 'node:fs';
import { FEBRL2_CSV } from '../../../../test/fixtures/datasets/paths.js';
import type { Cell, RowBatch } from '../table.js';

/** Splits row-major `rows` (1-based row numbers from `first`) into column-major batches of `size`. */
export function toBatches(names: string[], rows: readonly Cell[][], size: number, first = 1): RowBatch[] {
  const out: RowBatch[] = [];
  for (let s = 0; s < rows.length; s += size) {
    const chunk = rows.slice(s, s + size);
    const nums = chunk.map((_, i) => first + s + i);
    out.push({
      names,
      columns: names.map((_, c) => chunk.map((r) => r[c] ?? null)),
      length: chunk.length,
      rows: nums,
      lines: nums,
      quarantined: [],
    });
  }
  return out;
}

/**
 * The FEBRL files separate fields with ', ' and quote nothing, so a split is enough here (and keeps
 * these tests independent of the CSV reader). Empty fields become null, as the CSV reader does.
 */
export function readFebrl(path: string): { names: string[]; rows: Cell[][] } {
  // Suites guarded by skipIf still collect, so a missing file must not throw here.
  if (!existsSync(path)) return { names: [], rows: [] };
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const names = (lines[0] as string).split(',').map((s) => s.trim());
  const rows = lines.slice(1).map((l) => l.split(', ').map((v) => (v === '' ? null : v)));
  return { names, rows };
}

export const FEBRL2 = FEBRL2_CSV;

/** All `rows` in one batch, numbered from `first`. */
export function oneBatch(names: string[], rows: readonly Cell[][], first = 1): RowBatch {
  const nums = rows.map((_, i) => first + i);
  return { names, columns: names.map((_, c) => rows.map((r) => r[c] ?? null)), length: rows.length, rows: nums, lines: nums, quarantined: [] };
}
