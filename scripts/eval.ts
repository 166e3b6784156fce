/**
 * `npm run eval`: pairwise precision, recall and F1 of duplicate detection on the benchmark datasets,
 * through the real CLI with default settings (`--direct` scores the near-duplicate finder alone).
 * `--generated FILE` also scores a file from `npm run generate` against its FILE.truth.csv (exact + near duplicates).
 */
import { execFileSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { DATASETS_DIR, datasetsPresent, evaluate, evaluateCli, evaluateCliFile, loadAll, type CliEvalResult, type EvalTable } from './evalLib.js';
import { syntheticPeople } from './synthPeople.js';

const HEADER = ['dataset', 'rows', 'true', 'predicted', 'precision', 'recall', 'F1', 'seconds', 'dedupe s', 'model'];

function table(rows: string[][]): string {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function row(t: EvalTable, direct: boolean, verbose: boolean): Promise<string[]> {
  const f = (x: number): string => x.toFixed(4);
  if (direct) {
    const r = await evaluate(t);
    if (verbose) console.error(JSON.stringify(r.stats, null, 1));
    return [r.name, String(r.rows), String(r.truePairs), String(r.predictedPairs), f(r.precision), f(r.recall), f(r.f1), r.seconds.toFixed(2), r.seconds.toFixed(2), r.stats.model];
  }
  return cliRow(await evaluateCli(t));
}

function cliRow(r: CliEvalResult): string[] {
  const f = (x: number): string => x.toFixed(4);
  return [r.name, String(r.rows), String(r.truePairs), String(r.predictedPairs), f(r.precision), f(r.recall), f(r.f1), r.seconds.toFixed(2), r.dedupeSeconds.toFixed(2), r.model];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const direct = args.includes('--direct');
  const verbose = args.includes('--verbose');
  const synthAt = args.indexOf('--synthetic');
  if (!datasetsPresent()) {
    console.error(`datasets not found under ${DATASETS_DIR} (set DATASETS_DIR to a folder with febrl1, febrl2 and dblp_acm)`);
    process.exitCode = 1;
    return;
  }
  // --generated FILE alone scores just that file; with --benchmarks the datasets too.
  const tables: (() => EvalTable)[] = args.includes('--generated') && !args.includes('--benchmarks') ? [] : loadAll().map((t) => () => t);
  if (synthAt >= 0) tables.push(() => syntheticPeople(Number(args[synthAt + 1] ?? 200_000), 'synthetic'));
  // Score the CLI built from the current sources, not a stale build.
  if (!direct && !args.includes('--no-build')) execFileSync(process.execPath, [resolve(import.meta.dirname, 'build-cli.mjs')], { stdio: 'inherit', cwd: resolve(import.meta.dirname, '..') });
  console.log(direct ? 'near-duplicate finder, called directly (default settings)' : 'data-sanitizer clean through the CLI (default settings, --duplicates scored pairwise)');
  const rows: string[][] = [];
  for (const make of tables) rows.push(await row(make(), direct, verbose));
  const genAt = args.indexOf('--generated');
  if (genAt >= 0) {
    const file = args[genAt + 1];
    if (file === undefined) throw new Error('--generated needs a file from npm run generate');
    rows.push(cliRow(await evaluateCliFile(basename(file), file, `${file}.truth.csv`)));
  }
  console.log(table(rows));
}

await main();
