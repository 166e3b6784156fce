/**
 * Fuzz worker thread: writes each case to a temp file, reads it through the real Source, and, when
 * asked, cleans it in-process through the engine's cleanFile (one thread, no child processes), and
 * reports what happened.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { EngineError } from '../../src/main/engine/errors.js';
import { createCsvSource, type CsvSourceOptions } from '../../src/main/engine/io/csv.js';
import { createJsonSource, type JsonSourceOptions } from '../../src/main/engine/io/json.js';
import type { Source } from '../../src/main/engine/io/types.js';
import { cleanFile } from '../../src/main/engine/run/clean.js';
import type { CleanOutcome, FuzzCase, FuzzOutcome } from './protocol.js';

/** The harness's folder for this thread's case files (it removes the folder, even after terminating a hung thread). */
const dir = mkdtempSync(join((workerData as { dir: string }).dir, 'thread-'));
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

type Read = Extract<FuzzOutcome, { kind: 'ok' | 'engine-error' }>;

async function run(c: FuzzCase): Promise<FuzzOutcome> {
  const path = join(dir, `case-${++seq}.${c.kind}`);
  writeFileSync(path, c.bytes);
  try {
    const read = await readCase(c, path);
    if (!c.clean || (read.kind !== 'ok' && read.kind !== 'engine-error')) return read;
    const cleaned = await cleanCase(c, path, read);
    if ('problem' in cleaned) return { kind: cleaned.crash ? 'crash' : 'broken', message: `clean: ${cleaned.problem}`, rows: read.rows, quarantined: read.quarantined };
    return { ...read, clean: cleaned };
  } finally {
    rmSync(path, { force: true });
  }
}

async function readCase(c: FuzzCase, path: string): Promise<FuzzOutcome> {
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
    return { kind: 'crash', message: thrown(err), rows, quarantined };
  }
}

function thrown(err: unknown): string {
  const e = err as Error;
  return `${e?.name ?? 'thrown'}: ${e?.message ?? String(err)}\n${e?.stack ?? ''}`;
}

const lines = (p: string): string[] => (existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter((l) => l.length > 0) : []);

/** Rows in a CSV the engine wrote, read back through the engine's own reader. */
async function csvRows(p: string): Promise<number> {
  let n = 0;
  for await (const b of createCsvSource(p, { format: 'csv', encoding: 'utf-8', delimiter: ',', header: true }).read()) {
    if (b.quarantined.length > 0) throw new Error(`the written CSV reads back with quarantined rows: ${b.quarantined[0]!.reason}`);
    n += b.length;
  }
  return n;
}

/**
 * The whole clean, in-process, on one thread. It must agree with the reader: the same file is read
 * or refused by both; when read, every row the reader gave is accounted for (in = out + duplicates
 * + quarantined), the output holds `out` rows and the quarantine file one line with a reason per
 * quarantined row.
 */
async function cleanCase(c: FuzzCase, path: string, read: Read): Promise<CleanOutcome | { problem: string; crash?: true }> {
  const opts = c.clean!;
  const outDir = mkdtempSync(join(dir, 'clean-'));
  const out = join(outDir, `out.${opts.out}`);
  try {
    let report;
    try {
      ({ report } = await cleanFile({
        input: path, out, inputFormat: c.kind, dedupe: opts.dedupe, salt: 'fuzz', workers: 1, provenance: false, tmpDir: outDir,
        ...(c.encoding !== undefined ? { encoding: c.encoding } : {}),
      }));
    } catch (err) {
      if (!(err instanceof EngineError)) return { problem: thrown(err), crash: true };
      if (err.code === 'INTERNAL') return { problem: `INTERNAL: ${err.oneLine()}` };
      if (/[\r\n]/.test(err.oneLine())) return { problem: `EngineError spans several lines: ${JSON.stringify(err.oneLine())}` };
      if (read.kind === 'ok') return { problem: `the reader read ${read.rows} rows, but clean refused: ${err.oneLine()}` };
      if (existsSync(out)) return { problem: 'a refused run left its output' };
      return { kind: 'refused', code: err.code, rows: { in: 0, out: 0, duplicates: 0, quarantined: 0 } };
    }
    const r = report.rows;
    if (read.kind !== 'ok') return { problem: `the reader refused (${read.code}: ${read.message}), but clean read ${r.in} rows` };
    if (r.in !== read.rows + read.quarantined) return { problem: `report says ${r.in} rows in, the reader gave ${read.rows} + ${read.quarantined} quarantined` };
    if (r.in !== r.out + r.duplicates + r.quarantined || !report.invariantHolds) return { problem: `invariant broken: ${JSON.stringify(r)}` };
    if (r.quarantined < read.quarantined) return { problem: `clean quarantined ${r.quarantined} rows, the reader alone ${read.quarantined}` };
    const q = lines(join(outDir, 'out.quarantine.jsonl')).map((l) => JSON.parse(l) as { reason?: unknown });
    if (q.length !== r.quarantined) return { problem: `quarantine file holds ${q.length} rows, the report ${r.quarantined}` };
    if (q.some((x) => typeof x.reason !== 'string' || x.reason.length === 0)) return { problem: 'a quarantined row has no reason' };
    const text = opts.out === 'csv' ? readFileSync(out, 'utf8') : '';
    if (opts.out === 'csv' && (text === '' || text.startsWith('\n'))) {
      // No header: a table without columns. CSV cannot hold rows without fields, so only line breaks may follow.
      if (!/^\n*$/.test(text)) return { problem: 'a table without columns was written as more than blank lines' };
    } else {
      const written = opts.out === 'jsonl' ? lines(out).length : await csvRows(out);
      if (written !== r.out) return { problem: `output holds ${written} rows, the report ${r.out}` };
    }
    return { kind: 'ok', rows: r };
  } catch (err) {
    return { problem: thrown(err), crash: true };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

parentPort!.on('message', (m: { id: number; c: FuzzCase }) => {
  void run(m.c).then((outcome) => parentPort!.postMessage({ id: m.id, outcome }));
});
