/** `npm run eval`: pairwise precision, recall and F1 of near-duplicate detection on the benchmark datasets (default settings). */
import { datasetsPresent, evaluate, loadAll, type EvalResult } from './evalLib.js';
import { syntheticPeople } from './synthPeople.js';

function line(r: EvalResult): string {
  const pct = (x: number): string => x.toFixed(4);
  return `${r.name.padEnd(14)} rows=${String(r.rows).padStart(7)} true=${String(r.truePairs).padStart(6)} predicted=${String(r.predictedPairs).padStart(6)} ` +
    `P=${pct(r.precision)} R=${pct(r.recall)} F1=${pct(r.f1)}  ${r.seconds.toFixed(2)}s wall ${r.cpuSeconds.toFixed(2)}s cpu ${Math.round(r.rowsPerSecond)} rows/s ` +
    `(candidates=${r.stats.candidatePairs}, lsh b=${r.stats.lsh.bands} r=${r.stats.lsh.rows})`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const synthAt = args.indexOf('--synthetic');
  if (!datasetsPresent()) {
    console.error('datasets not found (set DATASETS_DIR or provide /work/shared/datasets)');
    process.exitCode = 1;
    return;
  }
  for (const t of loadAll()) {
    const r = await evaluate(t);
    console.log(line(r));
    if (verbose) console.log(JSON.stringify(r.stats, null, 1));
  }
  if (synthAt >= 0) {
    const n = Number(args[synthAt + 1] ?? 200_000);
    const r = await evaluate(syntheticPeople(n, 'synthetic'));
    console.log(line(r));
    if (verbose) console.log(JSON.stringify(r.stats, null, 1));
  }
}

await main();
