/** Parse-only throughput of the CSV reader against csv-parse on a generated 1M-row, 10-column file. Run: npx tsx src/main/engine/io/csv.bench.ts [rows] */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { createCsvSource } from './csv.js';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];

function generate(path: string, rows: number): void {
  const parts: string[] = ['id,name,city,age,score,email,date,flag,note,code\n'];
  let state = 12345;
  const rnd = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const w = (): string => WORDS[rnd(WORDS.length)]!;
  for (let i = 0; i < rows; i++) {
    const note = i % 10 === 0 ? '"has, a comma"' : w();
    parts.push(`${i},${w()} ${w()},${w()},${rnd(99) + 1},${(rnd(10000) / 10000).toFixed(4)},${w()}@x.org,2020-01-${String((i % 28) + 1).padStart(2, '0')},${i % 2 === 0},${note},C${i % 1000}\n`);
  }
  writeFileSync(path, parts.join(''));
}

async function timeIt(label: string, run: () => Promise<number>): Promise<void> {
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const rows = await run();
    const wall = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1e6;
    console.log(`${label}: ${rows} rows, ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s cpu, ${Math.round(rows / wall)} rows/s`);
  }
}

const rows = Number(process.argv[2] ?? 1_000_000);
const file = join(tmpdir(), `ds-csv-bench-${rows}.csv`);
if (!existsSync(file)) generate(file, rows);

await timeIt('createCsvSource', async () => {
  let n = 0;
  for await (const b of createCsvSource(file).read()) n += b.length;
  return n;
});
await timeIt('csv-parse', async () => {
  let n = 0;
  for await (const _ of createReadStream(file).pipe(parse())) n++;
  return n - 1;
});
