/**
 * The near-duplicate finder alone on a CSV, per step (wall ms from the finder's timings, and the
 * process's CPU seconds over finish(), workers included), with a scoring pool of N threads.
 *
 *   node --import tsx bench/finder.ts <file.csv> [--workers 2] [--truth file.truth.csv] [--exclude customer_id] [--report run.report.json]
 *
 * Columns are read as text with DuckDB and typed like `npm run eval` does (scripts/evalLib.ts), or as
 * a clean of the same file typed them (`--report`: its columns' inferred types); with a
 * truth file (row,entity) it also prints pairwise precision and recall of the clusters.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { InferredType } from '../src/shared/profile.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { inferType, scoreClusters, truthFromEntities } from '../scripts/evalLib.js';
import { createNearDuplicateFinder } from '../src/main/engine/dedupe/near.js';
import type { DedupeField } from '../src/main/engine/dedupe/types.js';
import { createExecutor, scoringPool } from '../src/main/engine/run/workers/pool.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { workers: { type: 'string', default: '2' }, truth: { type: 'string' }, exclude: { type: 'string', default: '' }, report: { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: finder.ts <file.csv> [--workers N] [--truth file] [--exclude a,b]');
const exclude = new Set((values.exclude ?? '').split(',').filter(Boolean));

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const reader = await con.runAndReadAll(`SELECT * FROM read_csv('${file.replace(/'/g, "''")}', all_varchar = true)`);
const names = reader.columnNames();
const rows = reader.currentRowCount;
const raw = names.map((_, c) => reader.getColumns()[c]?.map((v) => (v === null ? null : String(v))) ?? []);
const reported = values.report
  ? new Map((JSON.parse(await readFile(values.report, 'utf8')) as { columns: { name: string; before: { inferred: InferredType } }[] }).columns.map((c) => [c.name, c.before.inferred]))
  : null;
const fields: DedupeField[] = [];
const columns: (string | null)[][] = [];
names.forEach((name, c) => {
  if (exclude.has(name)) return;
  const type = reported?.get(name) ?? inferType(raw[c] as (string | null)[]);
  if (type === 'identifier' || type === 'empty') return;
  fields.push({ name, type });
  columns.push(raw[c] as (string | null)[]);
});
process.stderr.write(`${rows} rows, fields: ${fields.map((f) => `${f.name}:${f.type}`).join(' ')}\n`);

const finder = createNearDuplicateFinder({ fields, salt: 'bench' });
const t0 = performance.now();
for (let start = 0; start < rows; start += 8192) {
  const end = Math.min(rows, start + 8192);
  finder.add({ columns: columns.map((c) => c.slice(start, end)), length: end - start, rows: Array.from({ length: end - start }, (_, i) => start + i + 1) });
}
const addMs = performance.now() - t0;
const ex = await createExecutor(Number(values.workers), { salt: 'bench', batchSize: 8192, csv: null, profile: null, clean: null });
const cpu0 = process.cpuUsage();
const t1 = performance.now();
const out = await finder.finish(undefined, scoringPool(ex));
const wallMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
await ex.close();
const stats = finder.stats();
const result: Record<string, unknown> = {
  rows, records: stats.records, candidatePairs: stats.candidatePairs, perRecord: +(stats.candidatePairs / stats.records).toFixed(2),
  model: stats.model, addMs: Math.round(addMs), finishMs: Math.round(wallMs), finishCpuS: +((cpu.user + cpu.system) / 1e6).toFixed(1),
  ...finder.timings(), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
};
if (values.truth) {
  const { truth } = truthFromEntities(await readFile(values.truth, 'utf8'));
  const clusters = new Map<number, number[]>();
  for (const a of out) clusters.set(a.cluster, [...(clusters.get(a.cluster) ?? []), a.row]);
  const { precision, recall, f1 } = scoreClusters(clusters.values(), truth);
  Object.assign(result, { precision: +precision.toFixed(4), recall: +recall.toFixed(4), f1: +f1.toFixed(4) });
}
process.stdout.write(JSON.stringify(result) + '\n');
