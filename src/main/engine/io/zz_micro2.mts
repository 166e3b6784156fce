import { createCsvSource } from './csv.js';
import { readTextChunks } from './encoding.js';
for (const mode of ['chunks', 'full', 'chunks', 'full']) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let rows = 0;
  if (mode === 'chunks') { for await (const t of readTextChunks('/tmp/csvt/big.csv', 'utf-8')) rows += t.length; }
  else for await (const b of createCsvSource('/tmp/csvt/big.csv').read()) rows += b.length;
  const u = process.cpuUsage(c0);
  console.log(mode, rows, ((u.user+u.system)/1e6).toFixed(2), 's cpu', ((performance.now()-t0)/1000).toFixed(2), 's wall');
}
