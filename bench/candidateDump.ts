/**
 * Dumps what the near-duplicate finder receives in a real clean (the cleaned dedupe-field values and
 * row numbers) to one JSON file per column, so candidate generation can be studied without rerunning
 * passes 1 and 2: `node --import tsx bench/candidateDump.ts <input.csv> <outDir>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanFile } from '../src/main/engine/run/clean.js';
import type { DedupeBatch, DedupeField, DuplicateAssignment, DuplicateFinder } from '../src/main/engine/dedupe/types.js';

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) throw new Error('usage: candidateDump.ts <input> <outDir>');
mkdirSync(outDir, { recursive: true });

class Capture implements DuplicateFinder {
  readonly rows: number[] = [];
  readonly columns: (string | null)[][];
  constructor(readonly fields: DedupeField[]) {
    this.columns = fields.map(() => []);
  }
  add(batch: DedupeBatch): void {
    batch.columns.forEach((col, f) => {
      const out = this.columns[f] as (string | null)[];
      for (let r = 0; r < batch.length; r++) {
        const v = col[r];
        out.push(v === null || v === undefined ? null : String(v));
      }
    });
    for (let r = 0; r < batch.length; r++) this.rows.push(batch.rows[r] as number);
  }
  finish(): Promise<DuplicateAssignment[]> {
    writeFileSync(join(outDir as string, 'fields.json'), JSON.stringify(this.fields));
    writeFileSync(join(outDir as string, 'rows.json'), JSON.stringify(this.rows));
    this.columns.forEach((c, f) => writeFileSync(join(outDir as string, `col${f}.json`), JSON.stringify(c)));
    return Promise.resolve([]);
  }
}

await cleanFile({
  input, out: join(outDir, 'out.csv'), force: true, provenance: false, workers: 1,
  createNearFinder: (fields) => new Capture(fields),
});
console.log('dumped to', outDir);
