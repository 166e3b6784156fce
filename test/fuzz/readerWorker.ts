/** Fuzz worker thread: writes each case to a temp file, reads it through the real Source, and reports what happened. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { EngineError } from '../../src/main/engine/errors.js';
import { createCsvSource, type CsvSourceOptions } from '../../src/main/engine/io/csv.js';
import { createJsonSource, type JsonSourceOptions } from '../../src/main/engine/io/json.js';
import type { Source } from '../../src/main/engine/io/types.js';
import type { FuzzCase, FuzzOutcome } from './protocol.js';

const dir = mkdtempSync(join(tmpdir(), 'ds-fuzz-'));
let seq = 0;

function sourceFor(c: FuzzCase, path: string): Source {
  if (c.kind === 'csv' || c.kind === 'tsv') {
    const o: CsvSourceOptions = { format: c.kind, chunkBytes: c.chunkBytes };
    if (c.encoding !== undefined) o.encoding = c.encoding;
    return createCsvSource(path, o);
  }
  const o: JsonSourceOptions = { format: c.kind, chunkBytes: c.chunkBytes };
  if (c.encoding !== undefined) o.encoding = c.encoding;
  return createJsonSource(path, o);
}

/** Checks one batch's shape; returns a problem or null. */
function checkBatch(names: string[], columns: unknown[][], length: number, rows: number[], lines: number[]): string | null {
  if (columns.length !== names.length) return `batch has ${names.length} names but ${columns.length} columns`;
  for (let c = 0; c < columns.length; c++) if (columns[c]!.length !== length) return `column ${c} holds ${columns[c]!.length} cells for ${length} rows`;
  if (rows.length !== length || lines.length !== length) return `batch of ${length} rows has ${rows.length} row numbers and ${lines.length} lines`;
  for (const col of columns) {
    for (const v of col) {
      const t = typeof v;
      if (v !== null && t !== 'string' && t !== 'number' && t !== 'boolean') return `cell of type ${t}`;
      if (t === 'number' && !Number.isFinite(v)) return `non-finite number cell ${String(v)}`;
    }
  }
  return null;
}

async function run(c: FuzzCase): Promise<FuzzOutcome> {
  const path = join(dir, `case-${++seq}.${c.kind}`);
  writeFileSync(path, c.bytes);
  const seen: number[] = [];
  let rows = 0;
  let quarantined = 0;
  try {
    const source = sourceFor(c, path);
    await source.info();
    for await (const b of source.read({ batchSize: c.batchSize })) {
      const problem = checkBatch(b.names, b.columns, b.length, b.rows, b.lines);
      if (problem) return { kind: 'broken', message: problem, rows, quarantined };
      rows += b.length;
      quarantined += b.quarantined.length;
      for (const r of b.rows) seen.push(r);
      for (const q of b.quarantined) {
        if (typeof q.reason !== 'string' || q.reason.length === 0) return { kind: 'broken', message: `quarantined row ${q.row} has no reason`, rows, quarantined };
        seen.push(q.row);
      }
    }
    // Rows yielded and rows quarantined share one sequence: together exactly 1..N, each once.
    seen.sort((a, b) => a - b);
    for (let i = 0; i < seen.length; i++) {
      if (seen[i] !== i + 1) return { kind: 'broken', message: `row numbers are not 1..${seen.length}: position ${i} holds ${seen[i]}`, rows, quarantined };
    }
    return { kind: 'ok', rows, quarantined };
  } catch (err) {
    if (err instanceof EngineError) {
      const text = err.oneLine();
      if (/[\r\n]/.test(text)) return { kind: 'broken', message: `EngineError spans several lines: ${JSON.stringify(text)}`, rows, quarantined };
      return { kind: 'engine-error', code: err.code, message: text, rows, quarantined };
    }
    const e = err as Error;
    return { kind: 'crash', message: `${e?.name ?? 'thrown'}: ${e?.message ?? String(err)}\n${e?.stack ?? ''}`, rows, quarantined };
  } finally {
    rmSync(path, { force: true });
  }
}

parentPort!.on('message', (m: { id: number; c: FuzzCase } | 'stop') => {
  if (m === 'stop') {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  void run(m.c).then((outcome) => parentPort!.postMessage({ id: m.id, outcome }));
});
