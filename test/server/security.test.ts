/** Hostile use of `serve`: no token, foreign origins, oversized bodies, request floods, and the token leaking anywhere. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanStarted } from '../../src/shared/api.js';
import { RateLimiter } from '../../src/main/server/rateLimit.js';
import { startServer, type RunningServer } from '../../src/main/server/index.js';

let dir: string;
let server: RunningServer;
const logs: string[] = [];

function post(s: RunningServer, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A chunked POST (no Content-Length), so only the streaming size check can stop it. */
function chunkedPost(s: RunningServer, path: string, chunks: number, chunkBytes: number): Promise<number> {
  const u = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: u.hostname, port: Number(u.port), path, method: 'POST',
      headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    // The server may cut the connection once it has refused the body.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    const piece = Buffer.alloc(chunkBytes, 0x20);
    let i = 0;
    const pump = (): void => {
      while (i < chunks) {
        i++;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-security-'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'people.csv'), 'id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n2,Bob,bob@example.com\n');
  server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: null, maxBodyBytes: 64 * 1024, log: (e) => logs.push(JSON.stringify(e)) });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve under hostile use', () => {
  it('refuses every API path without the token, including the event stream and artifacts', async () => {
    for (const [path, method] of [['/api/app.info', 'POST'], ['/api/runs.list', 'POST'], ['/api/events', 'GET'], ['/api/runs/x/artifacts/report', 'GET'], ['/metrics', 'GET']] as const) {
      const res = await fetch(`${server.url}${path}`, { method, ...(method === 'POST' ? { body: '{}', headers: { 'Content-Type': 'application/json' } } : {}) });
      expect([path, res.status]).toEqual([path, 401]);
    }
    const lower = await post(server, 'app.info', {}, { Authorization: `bearer ${server.token.slice(0, -1)}` });
    expect(lower.status).toBe(401);
  });

  it('refuses foreign and opaque origins, also for the event stream', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1.evil.example:${new URL(server.url).port}`]) {
      expect((await post(server, 'app.info', {}, { Origin: origin })).status).toBe(403);
      const sse = await fetch(`${server.url}/api/events?token=${encodeURIComponent(server.token)}`, { headers: { Origin: origin } });
      expect(sse.status).toBe(403);
      await sse.body?.cancel();
    }
  });

  it('refuses a body over the limit whether or not it declares its length', async () => {
    const declared = await post(server, 'plan.validate', { plan: {}, columns: ['x'.repeat(70 * 1024)] });
    expect(declared.status).toBe(413);
    expect(await chunkedPost(server, '/api/plan.validate', 200, 1024)).toBe(413);
    // The server still answers afterwards.
    expect((await post(server, 'app.info', {})).status).toBe(200);
  });

  it('never writes the token to its log, reports, audit logs, catalog or settings', async () => {
    const started = (await (await post(server, 'clean.start', { path: join(dir, 'people.csv'), outDir: join(dir, 'out'), name: 'people.cleaned.csv', dedupe: 'exact' })).json()) as CleanStarted;
    expect((await server.api.jobs.wait(started.jobId)).state).toBe('succeeded');
    await fetch(`${server.url}/api/runs/${started.runId}/artifacts/report?token=${encodeURIComponent(server.token)}`).then((r) => r.body?.cancel());
    await fetch(`${server.url}/api/app.info?token=${encodeURIComponent(server.token)}`, { method: 'POST' });
    expect(logs.length).toBeGreaterThan(5);
    for (const line of logs) expect(line).not.toContain(server.token);
    const written = [...filesUnder(join(dir, 'out')), ...filesUnder(join(dir, 'data'))];
    expect(written.some((f) => f.endsWith('.audit.jsonl'))).toBe(true);
    expect(written.some((f) => f.endsWith('catalog.db'))).toBe(true);
    for (const f of written) expect([f, readFileSync(f).includes(server.token)]).toEqual([f, false]);
  });
});

describe('request rate limit', () => {
  it('answers 429 with Retry-After past the budget, counts unauthenticated requests, and leaves /health alone', async () => {
    const s = await startServer({ dataDir: join(dir, 'data-limited'), port: 0, staticDir: null, log: () => undefined, rateLimit: { burst: 5, perSecond: 0.2 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(s, 'app.info', {})).status);
      // Guessing at the token spends the same budget.
      for (let i = 0; i < 2; i++) statuses.push((await post(s, 'app.info', {}, { Authorization: 'Bearer wrong-wrong-wrong-wrong' })).status);
      expect(statuses).toEqual([200, 200, 200, 401, 401]);
      const limited = await post(s, 'app.info', {});
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await limited.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'too many requests; slow down' } });
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('token buckets refill over time, per client, and forget idle clients', () => {
    let now = 0;
    const rl = new RateLimiter({ burst: 2, perSecond: 1, maxClients: 3 }, () => now);
    expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 1000]);
    expect(rl.take('b')).toBe(0);
    now = 500;
    expect(rl.take('a')).toBe(500);
    now = 1500;
    expect(rl.take('a')).toBe(0);
    expect([rl.take('c'), rl.take('d')]).toEqual([0, 0]);
    // Four clients seen with room for three: the least recently seen went first.
    expect(rl.clients).toBe(3);
    now = 10_000;
    expect([rl.take('e'), rl.clients]).toEqual([0, 1]);
    expect(() => new RateLimiter({ burst: 0 })).toThrow(/burst/);
  });
});
