import { readFileSync } from 'node:fs';
import { CsvScanner } from './csvScanner.js';
const text = readFileSync('/tmp/csvt/big.csv', 'utf8');
const CH = 1 << 20;
for (const keep of [false, true, false, true]) {
  const c0 = process.cpuUsage();
  const sc = new CsvScanner({ delimiter: ',', quote: '"', skipInitialSpace: false }, 'x');
  let rows = 0; let cols: (string|null)[][] = Array.from({length:10},()=>[]);
  for (let p = 0; p <= text.length; p += CH) {
    if (p < text.length) sc.push(text.slice(p, p + CH)); else sc.end();
    while (sc.next()) { rows++; if (keep) { for (let c=0;c<10;c++) cols[c]!.push(sc.fields[c]!); if (cols[0]!.length >= 8192) cols = Array.from({length:10},()=>[]); } }
  }
  if (!sc.done) { sc.end(); while (sc.next()) rows++; }
  const u = process.cpuUsage(c0);
  console.log(keep, rows, ((u.user+u.system)/1e6).toFixed(2), 's cpu');
}
