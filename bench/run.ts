/**
 * `npm run bench`: the engine against DuckDB on the project's dirty data, each run in its own process.
 *
 *   npm run bench -- [--sizes 1m,10m] [--repeat N] [--workers N] [--only full,exact,duckdb,workers,preview]
 *
 * Sizes default to 1m,10m (what issue 5 measures); `--sizes 1m` limits a run to one size.
 *
 * Per size: the full clean (profile, plan, clean, exact + near duplicates, provenance, Parquet), the
 * exact-only clean, and the DuckDB baseline on the same file; the 1→2 worker speedup of pass 2; and,
 * on the smallest size, the preview page latency. Data is generated once into bench/.cache/.
 * Results: a table on stdout and bench/results.json. The machine's other load shows in wall time,
 * so CPU seconds (user + sys) are reported beside it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, median, type Measurement } from './measure.js';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'bench', '.cache');
const CLI = join(ROOT, 'bin', 'data-sanitizer.js');
const NODE = process.execPath;
const TSX = ['--import', 'tsx'];

const SIZES: Record<string, number> = { '100k': 100_000, '1m': 1_000_000, '10m': 10_000_000, '100m': 100_000_000 };

interface Row {
  size: string;
  rows: number;
  mode: string;
  runs: number;
  wallS: number;
  cpuS: number;
  peakRssMB: number;
  rowsPerS: number;
  vsDuckdb: number | null;
  timings?: Record<string, number>;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1m,10m' },
    repeat: { type: 'string' },
    workers: { type: 'string' },
    only: { type: 'string' },
  },
});
const sizes = (values.sizes ?? '1m,10m').split(',').map((s) => s.trim().toLowerCase());
for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size ${s}; use ${Object.keys(SIZES).join(', ')}`);
const only = new Set((values.only ?? 'full,exact,duckdb,workers,preview').split(','));
const workers = values.workers ?? String(availableParallelism());

async function dataFor(size: string): Promise<string> {
  const file = join(CACHE, `dirty-${size}.csv`);
  if (existsSync(file)) return file;
  await mkdir(CACHE, { recursive: true });
  const tmp = `${file}.partial`;
  process.stderr.write(`generating ${size} rows into ${file} …\n`);
  await measure(NODE, [...TSX, join(ROOT, 'scripts', 'generate.ts'), '--rows', String(SIZES[size]), '--format', 'csv', '--seed', '1', '--out', tmp, '--no-truth'], { cwd: ROOT });
  await rename(tmp, file);
  return file;
}

async function freshDir(name: string): Promise<string> {
  const dir = join(CACHE, 'runs', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** One CLI clean; returns the measurement and the run's report timings. */
async function clean(input: string, dir: string, extra: string[]): Promise<{ m: Measurement; timings: Record<string, number> }> {
  const out = join(dir, 'cleaned.parquet');
  const m = await measure(NODE, [CLI, 'clean', input, '--out', out, '--store', join(dir, 'cat.db'), '--quiet', '--force', ...extra], { cwd: dir });
  const report = JSON.parse(await readFile(join(dir, 'cleaned.report.json'), 'utf8')) as { timings: Record<string, number> };
  return { m, timings: report.timings };
}

async function repeated(n: number, run: () => Promise<{ m: Measurement; timings?: Record<string, number> }>): Promise<{ m: Measurement; timings?: Record<string, number> }> {
  const all: { m: Measurement; timings?: Record<string, number> }[] = [];
  for (let i = 0; i < n; i++) all.push(await run());
  const mid = median(all.map((a) => a.m));
  return all.find((a) => a.m === mid) as { m: Measurement; timings?: Record<string, number> };
}

function row(size: string, mode: string, runs: number, r: { m: Measurement; timings?: Record<string, number> }): Row {
  const n = SIZES[size] as number;
  const out: Row = { size, rows: n, mode, runs, wallS: r.m.wallS, cpuS: r.m.cpuS, peakRssMB: r.m.peakRssMB, rowsPerS: n / r.m.wallS, vsDuckdb: null };
  if (r.timings) out.timings = r.timings;
  return out;
}

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function table(rows: Row[]): string {
  const head = ['rows', 'mode', 'runs', 'wall s', 'cpu s', 'rows/s', 'peak RSS MB', '× DuckDB'];
  const body = rows.map((r) => [r.rows.toLocaleString('en-US'), r.mode, String(r.runs), fmt(r.wallS), fmt(r.cpuS), Math.round(r.rowsPerS).toLocaleString('en-US'), fmt(r.peakRssMB, 0), r.vsDuckdb === null ? '' : fmt(r.vsDuckdb, 2)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (c: string[]): string => '| ' + c.map((x, i) => (i < 2 ? x.padEnd(w[i] as number) : x.padStart(w[i] as number))).join(' | ') + ' |';
  return [line(head), '|' + w.map((x, i) => (i < 2 ? ':' + '-'.repeat(x + 1) : '-'.repeat(x + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n');
}

const results: Row[] = [];
const speedups: { size: string; pass2W1S: number; pass2W2S: number; speedup: number; wallW1S: number; wallW2S: number; cpuW1S: number; cpuW2S: number }[] = [];
let preview: Record<string, number> | null = null;

for (const size of sizes) {
  const input = await dataFor(size);
  const repeat = values.repeat !== undefined ? Number(values.repeat) : (SIZES[size] as number) >= 10_000_000 ? 1 : 3;
  const here: Row[] = [];
  let keep: string | null = null;
  if (only.has('full')) {
    const dir = await freshDir(`${size}-full`);
    here.push(row(size, `full (near, ${workers}w)`, repeat, await repeated(repeat, () => clean(input, dir, ['--workers', workers]))));
    keep = join(dir, 'cleaned.parquet');
  }
  if (only.has('exact')) {
    const dir = await freshDir(`${size}-exact`);
    here.push(row(size, `exact-only (${workers}w)`, repeat, await repeated(repeat, () => clean(input, dir, ['--dedupe', 'exact', '--workers', workers]))));
    keep ??= join(dir, 'cleaned.parquet');
  }
  let duck: Row | null = null;
  if (only.has('duckdb')) {
    const dir = await freshDir(`${size}-duckdb`);
    const r = await repeated(repeat, async () => ({ m: await measure(NODE, [...TSX, join(ROOT, 'bench', 'duckdbBaseline.ts'), input, join(dir, 'out.parquet')], { cwd: ROOT }) }));
    duck = row(size, 'DuckDB baseline', repeat, r);
    here.push(duck);
  }
  if (duck) for (const r of here) r.vsDuckdb = r.wallS / duck.wallS;
  if (only.has('workers')) {
    // Pass 2 alone (report timings: clean phase + write), exact-only so no single-threaded finder dilutes it.
    const dir = await freshDir(`${size}-workers`);
    const w1 = await repeated(repeat, () => clean(input, dir, ['--dedupe', 'exact', '--workers', '1']));
    const w2 = await repeated(repeat, () => clean(input, dir, ['--dedupe', 'exact', '--workers', '2']));
    const pass2 = (t: Record<string, number> | undefined): number => ((t?.['cleanMs'] ?? Number.NaN) + (t?.['writeMs'] ?? 0)) / 1000;
    speedups.push({ size, pass2W1S: pass2(w1.timings), pass2W2S: pass2(w2.timings), speedup: pass2(w1.timings) / pass2(w2.timings), wallW1S: w1.m.wallS, wallW2S: w2.m.wallS, cpuW1S: w1.m.cpuS, cpuW2S: w2.m.cpuS });
    here.push(row(size, 'exact-only (1w)', repeat, w1), row(size, 'exact-only (2w)', repeat, w2));
    if (duck) for (const r of here.slice(-2)) r.vsDuckdb = r.wallS / duck.wallS;
  }
  if (only.has('preview') && preview === null && keep) {
    const m = await measure(NODE, [...TSX, join(ROOT, 'bench', 'preview.ts'), keep, '100', '200', '1'], { cwd: ROOT });
    preview = { ...(JSON.parse(m.stdout) as Record<string, number>), peakRssMB: m.peakRssMB };
  }
  results.push(...here);
  process.stdout.write(`\n${table(here)}\n`);
}

const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.versions.node };
process.stdout.write(`\n${table(results)}\n`);
for (const s of speedups) {
  process.stdout.write(`pass 2, ${s.size}: 1 worker ${fmt(s.pass2W1S)} s, 2 workers ${fmt(s.pass2W2S)} s → ${fmt(s.speedup, 2)}× (whole run wall ${fmt(s.wallW1S)} → ${fmt(s.wallW2S)} s, cpu ${fmt(s.cpuW1S)} → ${fmt(s.cpuW2S)} s)\n`);
}
if (preview) process.stdout.write(`preview page (${preview['limit']} rows of ${preview['rows']}): first ${fmt(preview['firstMs'] as number, 0)} ms, p50 ${fmt(preview['p50Ms'] as number)} ms, p95 ${fmt(preview['p95Ms'] as number)} ms\n`);
process.stdout.write(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, node ${machine.node}\n`);
await writeFile(join(ROOT, 'bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), machine, results, speedups, preview }, null, 2) + '\n');
