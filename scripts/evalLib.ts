/** Dedupe evaluation harness: loads the benchmark datasets with their truth, runs the near-duplicate finder, scores pairs. */
import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { FIXTURE_DATASETS_DIR } from '../test/fixtures/datasets/paths.js';
import type { InferredType } from '../src/shared/profile.js';
import type { DedupeField } from '../src/main/engine/dedupe/types.js';
import { createNearDuplicateFinder, type NearDedupeStats } from '../src/main/engine/dedupe/near.js';

/**
 * The benchmark datasets ship with the repository (test/fixtures/datasets, byte-for-byte copies with their
 * SOURCE.md), so the accuracy tests run on any machine; DATASETS_DIR points elsewhere for other copies.
 */
export const DATASETS_DIR = process.env.DATASETS_DIR ?? FIXTURE_DATASETS_DIR;

/** A table handed to the finder: columns of strings (null = empty) and the truth as pairs of 1-based rows. */
export interface EvalTable {
  name: string;
  names: string[];
  columns: (string | null)[][];
  rows: number;
  /** True duplicate pairs as "a,b" with a < b (1-based rows). */
  truth: Set<string>;
}

export interface EvalResult {
  name: string;
  rows: number;
  truePairs: number;
  predictedPairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Wall-clock seconds of add() + finish(). */
  seconds: number;
  /** CPU seconds (user + system) of this process over the same span; steadier than wall time on a busy machine. */
  cpuSeconds: number;
  rowsPerSecond: number;
  stats: NearDedupeStats;
}

function readCsv(path: string, ltrim: boolean): string[][] {
  return parse(readFileSync(path, 'utf8'), { bom: true, ltrim, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

function columnsOf(header: string[], body: string[][], drop: Set<string>): { names: string[]; columns: (string | null)[][] } {
  const names: string[] = [];
  const columns: (string | null)[][] = [];
  header.forEach((h, c) => {
    if (drop.has(h)) return;
    names.push(h);
    columns.push(body.map((r) => {
      const v = (r[c] ?? '').trim();
      return v === '' ? null : v;
    }));
  });
  return { names, columns };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

/** FEBRL: rec_id (ground truth) is removed; rows sharing the N of rec-N-… are one entity. */
export function loadFebrl(name: 'febrl1' | 'febrl2'): EvalTable {
  const file = name === 'febrl1' ? 'dataset1.csv' : 'dataset2.csv';
  const [header, ...body] = readCsv(join(DATASETS_DIR, name, file), true);
  if (!header) throw new Error(`${file} is empty`);
  const idCol = header.indexOf('rec_id');
  const groups = new Map<string, number[]>();
  body.forEach((r, i) => {
    const m = /^rec-(\d+)-/.exec(r[idCol] ?? '');
    if (!m) throw new Error(`${file} row ${i + 1}: rec_id "${r[idCol]}" is not rec-N-…`);
    const list = groups.get(m[1] as string) ?? [];
    list.push(i + 1);
    groups.set(m[1] as string, list);
  });
  const truth = new Set<string>();
  for (const list of groups.values()) for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) truth.add(pairKey(list[x] as number, list[y] as number));
  return { name, ...columnsOf(header, body, new Set(['rec_id'])), rows: body.length, truth };
}

/** DBLP-ACM: DBLP2 then ACM, one table with a `source` column; ids removed; truth from the perfect mapping. */
export function loadDblpAcm(): EvalTable {
  const dir = join(DATASETS_DIR, 'dblp_acm');
  const [dh, ...dblp] = readCsv(join(dir, 'DBLP2.csv'), false);
  const [ah, ...acm] = readCsv(join(dir, 'ACM.csv'), false);
  const [, ...mapping] = readCsv(join(dir, 'DBLP-ACM_perfectMapping.csv'), false);
  if (!dh || !ah) throw new Error('DBLP-ACM files are empty');
  const fields = ['id', 'title', 'authors', 'venue', 'year'];
  const pick = (h: string[], r: string[]): string[] => fields.map((f) => r[h.indexOf(f)] ?? '');
  const body = [...dblp.map((r) => [...pick(dh, r), 'dblp']), ...acm.map((r) => [...pick(ah, r), 'acm'])];
  const rowOf = new Map<string, number>();
  dblp.forEach((r, i) => rowOf.set(`dblp:${r[dh.indexOf('id')]}`, i + 1));
  acm.forEach((r, i) => rowOf.set(`acm:${String(Number(r[ah.indexOf('id')]))}`, dblp.length + i + 1));
  const truth = new Set<string>();
  for (const [d, a] of mapping) {
    const x = rowOf.get(`dblp:${d}`);
    const y = rowOf.get(`acm:${String(Number(a))}`);
    if (x === undefined || y === undefined) throw new Error(`mapping ${d},${a} names an unknown id`);
    truth.add(pairKey(x, y));
  }
  return { name: 'dblp_acm', ...columnsOf([...fields, 'source'], body, new Set(['id'])), rows: body.length, truth };
}

const INT = /^[+-]?\d+$/;
const DEC = /^[+-]?(?:\d+[.,]\d*|\.\d+)$/;
const ISO = /^\d{4}-\d{2}-\d{2}/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

function isCompactDate(v: string): boolean {
  if (!/^\d{8}$/.test(v)) return false;
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(4, 6));
  const d = Number(v.slice(6, 8));
  return y >= 1800 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/**
 * A simple stand-in for the profiler: the first type that ≥95% of non-empty values conform to;
 * unique key-like values are identifiers, few distinct values are categorical.
 */
export function inferType(values: readonly (string | null)[]): InferredType {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return 'empty';
  const share = (test: (v: string) => boolean): number => present.filter(test).length / present.length;
  const distinct = new Set(present).size;
  if (distinct === present.length && present.length >= 20 && share((v) => !/\s/.test(v)) >= 0.95) return 'identifier';
  if (share((v) => ISO.test(v) || isCompactDate(v)) >= 0.95) return 'date';
  if (share((v) => INT.test(v)) >= 0.95) return 'integer';
  if (share((v) => INT.test(v) || DEC.test(v)) >= 0.95) return 'decimal';
  if (share((v) => EMAIL.test(v)) >= 0.95) return 'email';
  if (distinct <= Math.max(10, Math.min(100, present.length * 0.01))) return 'categorical';
  return 'text';
}

/** Dedupe fields as a plan would choose them: every typed column except identifiers and empty ones. */
export function dedupeFields(t: EvalTable): { fields: DedupeField[]; columns: (string | null)[][] } {
  const fields: DedupeField[] = [];
  const columns: (string | null)[][] = [];
  t.names.forEach((name, c) => {
    const col = t.columns[c] as (string | null)[];
    const type = inferType(col);
    if (type === 'identifier' || type === 'empty') return;
    fields.push({ name, type });
    columns.push(col);
  });
  return { fields, columns };
}

/** Runs the finder with default settings, feeding batches of `batchSize` rows, and scores predicted cluster pairs. */
export async function evaluate(t: EvalTable, salt = 'eval', batchSize = 8192): Promise<EvalResult> {
  const { fields, columns } = dedupeFields(t);
  const started = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const finder = createNearDuplicateFinder({ fields, salt });
  for (let start = 0; start < t.rows; start += batchSize) {
    const end = Math.min(t.rows, start + batchSize);
    const rows: number[] = [];
    for (let r = start; r < end; r++) rows.push(r + 1);
    finder.add({ columns: columns.map((c) => c.slice(start, end)), length: end - start, rows });
  }
  const assignments = await finder.finish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const clusters = new Map<number, number[]>();
  for (const a of assignments) {
    const list = clusters.get(a.cluster) ?? [];
    list.push(a.row);
    clusters.set(a.cluster, list);
  }
  return {
    name: t.name, rows: t.rows, ...scoreClusters(clusters.values(), t.truth), seconds, cpuSeconds, rowsPerSecond: t.rows / seconds, stats: finder.stats(),
  };
}

export function datasetsPresent(): boolean {
  return existsSync(join(DATASETS_DIR, 'febrl1', 'dataset1.csv')) && existsSync(join(DATASETS_DIR, 'dblp_acm', 'ACM.csv'));
}

export function loadAll(): EvalTable[] {
  return [loadFebrl('febrl1'), loadFebrl('febrl2'), loadDblpAcm()];
}

/** Writes the table as the CLI would get it: a header and the rows in order, ground truth left out. */
export async function writeCsv(t: Pick<EvalTable, 'names' | 'columns' | 'rows'>, path: string): Promise<void> {
  const cell = (v: string | null): string => (v === null ? '' : /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [t.names.map(cell).join(',')];
  for (let r = 0; r < t.rows; r++) lines.push(t.columns.map((c) => cell(c[r] ?? null)).join(','));
  await writeFile(path, lines.join('\n') + '\n');
}

/** Rows grouped by cluster from a --duplicates file (row,cluster,kept,similarity). */
export function clustersFromCsv(text: string): Map<number, number[]> {
  const clusters = new Map<number, number[]>();
  const lines = text.trimEnd().split(/\r?\n/);
  if (lines[0] !== 'row,cluster,kept,similarity') throw new Error(`unexpected --duplicates header: ${lines[0]}`);
  for (const line of lines.slice(1)) {
    const [row, cluster] = line.split(',').map(Number) as [number, number];
    const list = clusters.get(cluster) ?? [];
    list.push(row);
    clusters.set(cluster, list);
  }
  return clusters;
}

export interface PairScore { truePairs: number; predictedPairs: number; truePositives: number; precision: number; recall: number; f1: number }

/** Pairwise precision, recall and F1 of predicted clusters against true pairs ("a,b", a < b). */
export function scoreClusters(clusters: Iterable<readonly number[]>, truth: ReadonlySet<string>): PairScore {
  let predicted = 0;
  let tp = 0;
  for (const list of clusters) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        predicted++;
        if (truth.has(pairKey(list[x] as number, list[y] as number))) tp++;
      }
    }
  }
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs: truth.size, predictedPairs: predicted, truePositives: tp, precision, recall, f1 };
}

export interface CliEvalResult extends PairScore {
  name: string;
  rows: number;
  /** Wall-clock seconds of the whole `clean` command, and the report's dedupe phase. */
  seconds: number;
  dedupeSeconds: number;
  model: string;
}

const BIN = resolve(import.meta.dirname, '..', 'bin', 'data-sanitizer.js');

/**
 * Runs the real CLI with default settings on the table written as CSV (rows in the given order,
 * no ground-truth columns) and scores the pairs of its --duplicates file.
 */
export async function evaluateCli(t: EvalTable): Promise<CliEvalResult> {
  const dir = await mkdtemp(join(tmpdir(), `ds-eval-${t.name}-`));
  try {
    const input = join(dir, `${t.name}.csv`);
    await writeCsv(t, input);
    return await scoreCliRun(t.name, t.rows, input, t.truth, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The same for a file that already exists, e.g. one from `npm run generate`, whose truth file lists
 * `row,entity` (1-based data rows): rows of one entity are the true pairs.
 */
export async function evaluateCliFile(name: string, input: string, truthPath: string): Promise<CliEvalResult> {
  const { rows, truth } = truthFromEntities(await readFile(truthPath, 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), `ds-eval-${name}-`));
  try {
    return await scoreCliRun(name, rows, input, truth, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True pairs from a generator truth file (`row,entity` per data row). */
export function truthFromEntities(text: string): { rows: number; truth: Set<string> } {
  const lines = text.trimEnd().split(/\r?\n/);
  if (lines[0] !== 'row,entity') throw new Error(`unexpected truth header: ${lines[0]}`);
  const byEntity = new Map<number, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const [row, entity] = (lines[i] as string).split(',').map(Number) as [number, number];
    const list = byEntity.get(entity);
    if (list) list.push(row);
    else byEntity.set(entity, [row]);
  }
  const truth = new Set<string>();
  for (const list of byEntity.values()) for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) truth.add(pairKey(list[x] as number, list[y] as number));
  return { rows: lines.length - 1, truth };
}

async function scoreCliRun(name: string, rows: number, input: string, truth: ReadonlySet<string>, dir: string): Promise<CliEvalResult> {
  const started = process.hrtime.bigint();
  await promisify(execFile)(process.execPath, [BIN, 'clean', input, '--out', join(dir, 'out.csv'), '--duplicates', join(dir, 'dups.csv'), '--quiet', '--store', join(dir, 'catalog.db')], { maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const score = scoreClusters(clustersFromCsv(await readFile(join(dir, 'dups.csv'), 'utf8')).values(), truth);
  const report = JSON.parse(await readFile(join(dir, 'out.report.json'), 'utf8')) as { timings: Record<string, number>; duplicates: { model?: { fit: string } } };
  return { name, rows, ...score, seconds, dedupeSeconds: (report.timings['dedupeMs'] ?? 0) / 1000, model: report.duplicates.model?.fit ?? '-' };
}
