/** The served API end to end: real server on a free port, real files, real engine; auth, origin, limits, SSE, metrics, OpenAPI. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvents, CleanStarted, JobStatus } from '../../src/shared/api.js';
import type { Report } from '../../src/shared/report.js';
import { startServer, type RunningServer } from '../../src/main/server/index.js';

const CSV = [
  'id,name,email,city,amount',
  '1,  Alice Smith ,alice@example.com,new york,"1,200.50"',
  '2,Bob Jones,bob@example.com,New York,300',
  '3,Carol White,carol@example.com,Boston,',
  '4,Dan Brown,dan@example.com,boston,450',
  '5,Bob Jones,bob@example.com,New York,300',
  '6,Eve Black,eve@example.com,New York,120',
].join('\n') + '\n';

let dir: string;
let server: RunningServer;
const logs: string[] = [];

async function api(method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** Raw request so Host and Origin can be set freely (fetch forbids Host). */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

interface SseFrame {
  event: string;
  data: unknown;
}

/** Opens the event stream and collects frames until `until` says stop. */
async function openEvents(): Promise<{ frames: SseFrame[]; waitFor(pred: (f: SseFrame) => boolean): Promise<SseFrame>; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/events?token=${encodeURIComponent(server.token)}`, { signal: ac.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const frames: SseFrame[] = [];
  const waiters: { pred: (f: SseFrame) => boolean; resolve: (f: SseFrame) => void }[] = [];
  let buf = '';
  const first = await reader.read();
  buf += decoder.decode(first.value);
  void (async () => {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        return;
      }
      if (chunk.done) return;
      buf += decoder.decode(chunk.value, { stream: true });
      let cut: number;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        const frame = { event, data: JSON.parse(data) as unknown };
        frames.push(frame);
        for (const w of waiters.splice(0)) {
          if (w.pred(frame)) w.resolve(frame);
          else waiters.push(w);
        }
      }
    }
  })();
  return {
    frames,
    waitFor: (pred) => {
      const hit = frames.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => ac.abort(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-server-'));
  mkdirSync(join(dir, 'out'));
  mkdirSync(join(dir, 'ui'));
  writeFileSync(join(dir, 'people.csv'), CSV);
  writeFileSync(join(dir, 'ui', 'index.html'), '<!doctype html><title>ui</title>');
  server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: join(dir, 'ui'), log: (e) => logs.push(JSON.stringify(e)) });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('access control', () => {
  it('binds loopback and answers /health without a token', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    const none = await fetch(`${server.url}/api/app.info`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong access token' } });
    const wrong = await api('app.info', {}, { Authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    // ?token= is for EventSource only, not for method calls.
    const query = await fetch(`${server.url}/api/app.info?token=${server.token}`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(query.status).toBe(401);
    const events = await fetch(`${server.url}/api/events`);
    expect(events.status).toBe(401);
  });

  it('answers with the token', async () => {
    const ok = await api('app.info', {});
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ platform: process.platform, dataDir: join(dir, 'data') });
  });

  it('refuses a foreign Origin and accepts its own', async () => {
    const foreign = await api('app.info', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((foreign.json as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const own = await api('app.info', {}, { Origin: server.url });
    expect(own.status).toBe(200);
  });

  it('refuses a non-loopback Host header (DNS rebinding)', async () => {
    const port = new URL(server.url).port;
    const evil = await raw('/health', { Host: `evil.example:${port}` });
    expect(evil.status).toBe(403);
    const local = await raw('/health', { Host: `localhost:${port}` });
    expect(local.status).toBe(200);
  });

  it('limits the body size and checks JSON', async () => {
    const big = await api('plan.validate', { plan: { operations: [] }, columns: ['x'.repeat(5 * 1024 * 1024)] });
    expect(big.status).toBe(413);
    const bad = await fetch(`${server.url}/api/app.info`, { method: 'POST', body: '{nope', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    const unknown = await api('no.such', {});
    expect(unknown.status).toBe(404);
    const get = await fetch(`${server.url}/api/app.info`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
  });

  it('validates paths from the client', async () => {
    const rel = await api('dataset.info', { path: 'people.csv' });
    expect(rel.status).toBe(400);
    expect((rel.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    const missing = await api('dataset.info', { path: join(dir, 'nope.csv') });
    expect(missing.status).toBe(404);
    const name = await api('clean.start', { path: join(dir, 'people.csv'), outDir: join(dir, 'out'), name: '../escape.csv' });
    expect(name.status).toBe(400);
  });

  it('never logs the token', () => {
    expect(logs.length).toBeGreaterThan(5);
    for (const l of logs) expect(l).not.toContain(server.token);
    const entry = JSON.parse(logs.find((l) => l.includes('"path":"/api/app.info"'))!) as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'request', method: 'POST', path: '/api/app.info' });
  });
});

describe('documents and static files', () => {
  it('describes every method in /openapi.json', async () => {
    const res = await fetch(`${server.url}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    for (const m of Object.keys(server.api.handlers)) expect(doc.paths).toHaveProperty(`/api/${m}`);
    expect(doc.paths).toHaveProperty('/api/events');
  });

  it('serves the UI with a CSP and nothing outside its folder', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>ui</title>');
    const escape = await raw('/..%2f..%2fpeople.csv', {});
    expect(escape.status).toBe(404);
  });
});

describe('a full clean over the API', () => {
  it('streams progress over SSE and reports the row invariant', async () => {
    const events = await openEvents();
    try {
      const info = await api('dataset.info', { path: join(dir, 'people.csv') });
      expect(info.json).toMatchObject({ rows: 6, format: 'csv' });
      const page = await api('dataset.page', { path: join(dir, 'people.csv'), offset: 4, limit: 10 });
      expect(page.json).toMatchObject({ total: 6, rowNumbers: [5, 6] });

      const started = await api('clean.start', { path: join(dir, 'people.csv'), outDir: join(dir, 'out'), name: 'people.cleaned.parquet', dedupe: 'exact' });
      expect(started.status).toBe(200);
      const { jobId, runId } = started.json as CleanStarted;
      const finished = await events.waitFor((f) => f.event === 'job.finished' && (f.data as JobStatus).id === jobId);
      const status = finished.data as JobStatus;
      expect(status.state).toBe('succeeded');
      const progress = events.frames.filter((f) => f.event === 'job.progress' && (f.data as ApiEvents['job.progress']).jobId === jobId);
      expect(progress.length).toBeGreaterThan(0);
      const phases = new Set(progress.map((f) => (f.data as ApiEvents['job.progress']).progress.phase));
      expect(phases.has('profile')).toBe(true);

      const report = (await api('run.report', { runId })).json as Report;
      expect(report.rows.in).toBe(6);
      expect(report.rows.duplicates).toBe(1);
      expect(report.rows.in).toBe(report.rows.out + report.rows.duplicates + report.rows.quarantined);
      expect(report.invariantHolds).toBe(true);

      const runs = (await api('runs.list', { limit: 5 })).json as { id: string; status: string }[];
      expect(runs[0]).toMatchObject({ id: runId, status: 'succeeded' });

      const diff = (await api('run.diff', { runId, offset: 0, limit: 50, column: 'name' })).json as { rows: { row: number; original: (string | null)[]; cleaned: (string | null)[] }[] };
      const alice = diff.rows.find((r) => r.row === 1)!;
      expect(alice.original[1]).toBe('  Alice Smith ');
      expect(alice.cleaned[1]).toBe('Alice Smith');

      const dups = (await api('run.duplicates', { runId, offset: 0, limit: 10 })).json as { total: number; clusters: { members: { row: number; kept: boolean }[] }[] };
      expect(dups.total).toBe(1);
      expect(dups.clusters[0]!.members.map((m) => [m.row, m.kept])).toEqual([[2, true], [5, false]]);

      expect((await api('audit.verify', { runId })).json).toMatchObject({ ok: true, entries: 3 });

      const download = await fetch(`${server.url}/api/runs/${runId}/artifacts/report?token=${encodeURIComponent(server.token)}`);
      expect(download.status).toBe(200);
      expect(((await download.json()) as Report).runId).toBe(runId);

      const metrics = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${server.token}` } });
      expect(metrics.status).toBe(200);
      const text = await metrics.text();
      expect(text).toContain('data_sanitizer_runs_total{status="succeeded"} 1');
      expect(text).toContain('data_sanitizer_rows_processed_total 6');
      expect(text).toContain('data_sanitizer_jobs_running{kind="clean"} 0');
      expect(text).toMatch(/data_sanitizer_sse_clients 1/);
    } finally {
      events.close();
    }
  });

  it('serves the HTML report inert: text/html with a sandboxing CSP', async () => {
    const started = (await api('clean.start', { path: join(dir, 'people.csv'), outDir: join(dir, 'out'), name: 'people.html-check.csv', dedupe: 'exact' })).json as CleanStarted;
    expect((await server.api.jobs.wait(started.jobId)).state).toBe('succeeded');
    const res = await fetch(`${server.url}/api/runs/${started.runId}/artifacts/reportHtml?token=${encodeURIComponent(server.token)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(await res.text()).toContain('Data cleaning audit report');
  });

  it('runs jobs in worker threads: /health answers while a clean is running', async () => {
    expect(server.api.runner.mode).toBe('worker');
    const rows = ['id,name,city'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i}, name ${i % 977} ,city ${i % 13}`);
    writeFileSync(join(dir, 'big.csv'), rows.join('\n') + '\n');
    const events = await openEvents();
    try {
      const started = (await api('clean.start', { path: join(dir, 'big.csv'), outDir: join(dir, 'out'), name: 'big.cleaned.csv', dedupe: 'exact' })).json as CleanStarted;
      await events.waitFor((f) => f.event === 'job.progress' && (f.data as ApiEvents['job.progress']).jobId === started.jobId);
      let answered = 0;
      for (let i = 0; i < 3; i++) {
        const health = await fetch(`${server.url}/health`);
        expect(health.status).toBe(200);
        expect((await health.json()) as unknown).toMatchObject({ status: 'ok' });
        // Answered while the job still runs, on its own thread.
        if (server.api.jobs.get(started.jobId).state === 'running') {
          expect(server.api.runner.activeWorkers).toBeGreaterThan(0);
          answered++;
        }
      }
      expect(answered).toBeGreaterThan(0);
      expect((await api('job.cancel', { jobId: started.jobId })).json).toEqual({ cancelled: true });
      const done = await server.api.jobs.wait(started.jobId);
      expect(done.state).toBe('cancelled');
      expect(done.error).toMatchObject({ code: 'CANCELLED' });
      expect(((await api('runs.get', { runId: started.runId })).json as { status: string }).status).toBe('cancelled');
    } finally {
      events.close();
    }
  });

  it('refuses /metrics without the token', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
  });
});
