import { createCsvSource } from './csv.js';
const f = '/tmp/ds-csv-bench-1000000.csv';
for (let k = 0; k < 4; k++) {
  const c0 = process.cpuUsage(); const t0 = performance.now(); let n = 0;
  const mem0 = process.memoryUsage();
  for await (const b of createCsvSource(f).read()) n += b.length;
  const u = process.cpuUsage(c0); const m = process.memoryUsage();
  console.log(k, n, ((u.user + u.system) / 1e6).toFixed(2), 's cpu', (m.heapUsed/1e6).toFixed(0), 'MB heap', (m.rss/1e6).toFixed(0), 'MB rss', (m.external/1e6).toFixed(0), 'ext', (m.arrayBuffers/1e6).toFixed(0), 'ab');
}
