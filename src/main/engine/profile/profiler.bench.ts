/** Profiler throughput on generated in-memory tables (1M rows × 10 columns by default). Run: npx tsx src/main/engine/profile/profiler.bench.ts [rows] */
import type { Cell, RowBatch } from '../table.js';
import { Profiler } from './profiler.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const BATCH = 8192;
const NAMES = ['id', 'name', 'city', 'amount', 'qty', 'date', 'email', 'flag', 'code', 'note'];
const CITIES = Array.from({ length: 50 }, (_, i) => `City ${String.fromCharCode(65 + (i % 26))}${i}`);

let state = 12345;
function rnd(n: number): number {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return (state >>> 8) % n;
}

/** Six of ten columns outgrow exact counting (ids, amounts, emails, codes, notes): the expensive case. */
function mixedRow(i: number, cols: Cell[][], r: number): void {
  const set = (c: number, v: Cell): void => {
    (cols[c] as Cell[])[r] = v;
  };
  set(0, String(i));
  set(1, `name${rnd(5000)}`);
  set(2, rnd(50) === 0 ? null : (CITIES[rnd(50)] as string));
  set(3, (rnd(100000) / 100).toFixed(2));
  set(4, String(rnd(100)));
  set(5, `2020-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`);
  set(6, `user${rnd(100000)}@example.com`);
  set(7, rnd(2) ? 'yes' : 'no');
  set(8, String(rnd(99999)).padStart(5, '0'));
  set(9, `note ${rnd(1_000_000)} about item ${rnd(1000)}`);
}

/** Every column stays under 1,000 distinct values: the common case for categorical data. */
function lowCardinalityRow(_i: number, cols: Cell[][], r: number): void {
  for (let c = 0; c < cols.length; c++) (cols[c] as Cell[])[r] = c % 2 ? `value ${rnd(10 + c * 80)}` : String(rnd(10 + c * 80) * 3);
}

function run(label: string, fill: (i: number, cols: Cell[][], r: number) => void): void {
  const p = new Profiler({ salt: 'bench' });
  let cpu = 0;
  let wall = 0;
  for (let s = 0; s < ROWS; s += BATCH) {
    const n = Math.min(BATCH, ROWS - s);
    const cols: Cell[][] = NAMES.map(() => new Array<Cell>(n));
    const rows = new Array<number>(n);
    for (let r = 0; r < n; r++) {
      rows[r] = s + r + 1;
      fill(s + r + 1, cols, r);
    }
    const batch: RowBatch = { names: NAMES, columns: cols, length: n, rows, lines: rows, quarantined: [] };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    p.addBatch(batch);
    wall += performance.now() - t0;
    const d = process.cpuUsage(c0);
    cpu += (d.user + d.system) / 1000;
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  p.finish({ path: 'memory', format: 'csv', sha256: '', bytes: 0 }, 0);
  const finishWall = performance.now() - t0;
  const d = process.cpuUsage(c0);
  const finishCpu = (d.user + d.system) / 1000;
  const rate = Math.round(ROWS / ((cpu + finishCpu) / 1000));
  console.log(`${label}: ${ROWS} rows x ${NAMES.length} cols; addBatch ${cpu.toFixed(0)} ms cpu (${wall.toFixed(0)} wall), finish ${finishCpu.toFixed(0)} ms cpu (${finishWall.toFixed(0)} wall); ${rate.toLocaleString('en')} rows/s`);
}

run('mixed', mixedRow);
run('low-cardinality', lowCardinalityRow);
