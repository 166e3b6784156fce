import { readFileSync } from 'node:fs';
import { CsvScanner } from './csvScanner.js';
const bytes = readFileSync('/tmp/csvt/big.csv');
const CH = 1 << 20;
const mode = process.argv[2];
for (let rep = 0; rep < 2; rep++) {
  const c0 = process.cpuUsage();
  const sc = new CsvScanner({ delimiter: ',', quote: '"', skipInitialSpace: false }, 'x');
  const dec = new TextDecoder();
  let rows = 0; let cols: (string|null)[][] = Array.from({length:10},()=>[]);
  for (let p = 0; p <= bytes.length; p += CH) {
    if (p < bytes.length) sc.push(mode === 'td' ? dec.decode(bytes.subarray(p, p + CH), {stream:true}) : bytes.toString('latin1', p, p + CH)); else sc.end();
    while (sc.next()) { rows++; for (let c=0;c<10;c++) cols[c]!.push(sc.fields[c]!); if (cols[0]!.length >= 8192) cols = Array.from({length:10},()=>[]); }
  }
  const u = process.cpuUsage(c0);
  console.log(mode, rows, ((u.user+u.system)/1e6).toFixed(2), 's cpu');
}
