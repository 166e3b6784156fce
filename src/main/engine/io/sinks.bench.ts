/** Sink throughput: 1M rows × 10 typed columns through the CSV, JSONL and Parquet sinks. Run: npx tsx src/main/engine/io/sinks.bench.ts [rows] [threads] [format] */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell } from '../table.js';
import { openSink } from './sinks.js';
import type { OutputFormat } from './types.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const THREADS = Number(process.argv[3] ?? 4);
const BATCH = 8192;
const NAMES = ['id', 'name', 'score', 'flag', 'day', 'ts', 'city', 'amount', 'note', 'code'];
const CITIES = ['Berlin', 'Paris', 'Zürich, CH', 'New "York"'];

/** A fixed set of batches, generated once so the timing covers the sinks only. */
function makeBatches(count: number): Cell[][][] {
  return Array.from({ length: count }, (_, b) => {
    const c: Cell[][] = NAMES.map(() => new Array<Cell>(BATCH));
    for (let i = 0; i < BATCH; i++) {
      const k = b * BATCH + i;
      const col = (n: number): Cell[] => c[n] as Cell[];
      col(0)[i] = k;
      col(1)[i] = `name ${k % 9973}`;
      col(2)[i] = (k % 1000) / 7;
      col(3)[i] = k % 3 === 0;
      col(4)[i] = `2024-0${1 + (k % 9)}-1${k % 10}`;
      col(5)[i] = `2024-03-0${1 + (k % 9)}T12:${10 + (k % 50)}:00`;
      col(6)[i] = CITIES[k % 4] as string;
      col(7)[i] = k % 17 === 0 ? null : k * 3;
      col(8)[i] = k % 5 === 0 ? '' : `note\n${k}`;
      col(9)[i] = `C${k % 100}`;
    }
    return c;
  });
}

async function run(format: OutputFormat, dir: string, batches: Cell[][][]): Promise<void> {
  const path = join(dir, `out.${format}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sink = await openSink(path, { columns: NAMES, overwrite: true, duckdb: { threads: THREADS } });
  for (let done = 0, b = 0; done < ROWS; done += BATCH, b++) {
    const n = Math.min(BATCH, ROWS - done);
    await sink.write(batches[b % batches.length] as Cell[][], n);
  }
  const t1 = performance.now();
  await sink.commit();
  const t2 = performance.now();
  const secs = (t2 - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const mb = statSync(path).size / 1024 ** 2;
  console.log(`${format.padEnd(8)} ${ROWS} rows: write ${((t1 - t0) / 1000).toFixed(2)}s + commit ${((t2 - t1) / 1000).toFixed(2)}s = ${secs.toFixed(2)}s, ${Math.round(ROWS / secs).toLocaleString('en-US')} rows/s wall, ${Math.round(ROWS / cpuSecs).toLocaleString('en-US')} rows per CPU-second (all threads), ${mb.toFixed(1)} MiB`);
}

const dir = mkdtempSync(join(tmpdir(), 'ds-sink-bench-'));
try {
  const batches = makeBatches(16);
  for (const format of (process.argv[4] ? [process.argv[4] as OutputFormat] : (['csv', 'jsonl', 'parquet'] as const))) await run(format, dir, batches);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
