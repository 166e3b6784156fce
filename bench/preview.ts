/**
 * Preview-page latency as the desktop app sees it: `dataset.page` through the API handlers (the
 * same code the IPC and HTTP transports call), 200 rows at seeded random offsets of a cleaned file.
 * Usage: preview.ts <file.parquet> [requests=100] [limit=200] [seed=1]; prints JSON.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApi } from '../src/main/app/api.js';
import { mix32 } from '../src/main/engine/hash.js';
import { SqliteRunStore } from '../src/main/store/SqliteRunStore.js';

const [file, requestsArg, limitArg, seedArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: preview.ts <file.parquet> [requests] [limit] [seed]\n');
  process.exit(2);
}
const requests = Number(requestsArg ?? 100);
const limit = Number(limitArg ?? 200);
const seed = Number(seedArg ?? 1);
const path = resolve(file);
const dir = await mkdtemp(join(tmpdir(), 'ds-bench-preview-'));
const store = new SqliteRunStore(join(dir, 'cat.db'));
const api = createApi({ store, dataDir: dir });
try {
  // The first request loads the file into DuckDB; the app pays it once per file opened.
  let t = performance.now();
  const first = await api.handlers['dataset.page']({ path, offset: 0, limit });
  const firstMs = performance.now() - t;
  const total = first.total;
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const offset = Math.floor((mix32(i + 1, seed) / 2 ** 32) * Math.max(1, total - limit));
    t = performance.now();
    const page = await api.handlers['dataset.page']({ path, offset, limit });
    ms.push(performance.now() - t);
    if (page.rows.length !== Math.min(limit, total - offset)) throw new Error(`page at ${offset} has ${page.rows.length} rows`);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number): number => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)] as number;
  process.stdout.write(JSON.stringify({ rows: total, requests, limit, firstMs, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1) }) + '\n');
} finally {
  await api.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
