/** The API in process over real files, engine and SQLite catalog: plans, cleans, cancel, diff filters, export, audit tampering. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiBridge, ArgOf, Method, ResultOf } from '../../src/shared/api.js';
import type { Plan } from '../../src/shared/plan.js';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { dispatch } from '../../src/main/app/dispatch.js';
import { inProcessBridge } from '../../src/main/app/inProcess.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';

const CSV = 'id,name,city\n1, Ann ,new york\n2,Bob,New York\n3,Bob,New York\n4,Cy,Boston\n';

let dir: string;
let store: SqliteRunStore;
let api: ApiService;
let bridge: ApiBridge;

async function call<K extends Method>(method: K, arg: ArgOf<K>): Promise<ResultOf<K>> {
  const r = await bridge.invoke(method, arg);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, details: r.error.details });
  return r.value;
}

async function cleanAndWait(name: string, extra: Partial<ArgOf<'clean.start'>> = {}) {
  const started = await call('clean.start', { path: join(dir, 'in.csv'), outDir: join(dir, 'out'), name, ...extra });
  return { started, status: await api.jobs.wait(started.jobId) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-api-'));
  mkdirSync(join(dir, 'out'));
  mkdirSync(join(dir, 'export'));
  writeFileSync(join(dir, 'in.csv'), CSV);
  store = new SqliteRunStore(join(dir, 'catalog.db'));
  api = createApi({ store, dataDir: join(dir, 'data') });
  bridge = inProcessBridge(api);
});

afterAll(async () => {
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('plans', () => {
  it('validates against columns, saves and loads', async () => {
    const profiled = await call('profile.start', { path: join(dir, 'in.csv'), dedupe: 'exact' });
    const job = await api.jobs.wait(profiled.jobId);
    expect(job.state).toBe('succeeded');
    if (job.outcome?.kind !== 'profile') throw new Error('no profile outcome');
    const plan = job.outcome.plan;
    expect(job.outcome.columns).toEqual(['id', 'name', 'city']);
    expect((await call('plan.validate', { plan, columns: job.outcome.columns })).issues).toEqual([]);
    const wrong = await call('plan.validate', { plan: { ...plan, operations: [{ id: 'x', op: 'core/trim', column: 'nope', params: { collapse: false } }] }, columns: ['id'] });
    expect(wrong.issues[0]).toMatchObject({ index: 0, opId: 'x' });

    const file = join(dir, 'out', 'p.json');
    expect(await call('plan.save', { plan, path: file })).toEqual({ path: file });
    await expect(call('plan.save', { plan, path: file })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    await expect(call('plan.save', { plan, path: join(dir, 'out', 'p.txt') })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const loaded = await call('plan.load', { path: file, columns: ['id', 'name', 'city'] });
    expect(loaded.issues).toEqual([]);
    expect(loaded.plan?.operations.map((o) => [o.id, o.op, o.column])).toEqual(plan.operations.map((o) => [o.id, o.op, o.column]));
    expect(loaded.plan?.dedupe).toEqual(plan.dedupe);

    writeFileSync(join(dir, 'out', 'broken.json'), '{"operations": [');
    const broken = await call('plan.load', { path: join(dir, 'out', 'broken.json') });
    expect(broken.plan).toBeNull();
    expect(broken.issues[0]!.message).toMatch(/not valid JSON/);
  });

  it('refuses an unparseable plan before starting a clean', async () => {
    await expect(call('clean.start', { path: join(dir, 'in.csv'), outDir: join(dir, 'out'), name: 'x.csv', plan: 'nope' as unknown as Plan }))
      .rejects.toMatchObject({ code: 'INVALID_PLAN' });
  });
});

describe('cleans', () => {
  let runId: string;

  it('cleans, records the run, and serves diff, duplicates and audit', async () => {
    const { started, status } = await cleanAndWait('in.cleaned.csv', { dedupe: 'exact' });
    expect(status.state).toBe('succeeded');
    runId = started.runId;
    expect(started.out).toBe(join(dir, 'out', 'in.cleaned.csv'));
    const run = await call('runs.get', { runId });
    expect(run.status).toBe('succeeded');
    expect(Object.keys(run.artifacts).sort()).toEqual(['audit', 'auditHead', 'cleaned', 'duplicates', 'plan', 'provenance', 'quarantine', 'report']);
    const report = await call('run.report', { runId });
    expect(report.rows).toEqual({ in: 4, out: 3, duplicates: 1, quarantined: 0 });

    const facets = await call('run.diffFacets', { runId });
    const trim = facets.operations.find((o) => o.operation === 'core/trim')!;
    const byOp = await call('run.diff', { runId, offset: 0, limit: 10, opId: trim.opId });
    expect(byOp.total).toBe(1);
    expect(byOp.rows[0]).toMatchObject({ row: 1, status: 'changed', original: ['1', ' Ann ', 'new york'] });
    expect(byOp.rows[0]!.cleaned[1]).toBe('Ann');
    const dupRows = await call('run.diff', { runId, offset: 0, limit: 10, kind: 'duplicate' });
    expect(dupRows.rows.map((r) => [r.row, r.status])).toEqual([[3, 'duplicate']]);
    expect(dupRows.rows[0]!.changes.find((c) => c.kind === 'duplicate')!.survivor).toBe(2);

    const dups = await call('run.duplicates', { runId, offset: 0, limit: 10 });
    expect(dups.clusters).toHaveLength(1);
    expect(dups.clusters[0]!.members.map((m) => m.row)).toEqual([2, 3]);
    expect(dups.clusters[0]!.members[1]!.values).toEqual(['3', 'Bob', 'New York']);

    const audit = await call('audit.entries', { runId, offset: 0, limit: 10 });
    expect(audit.entries.map((e) => e.event)).toEqual(['run.started', 'plan.applied', 'run.finished']);
    const only = await call('audit.entries', { runId, offset: 0, limit: 10, event: 'plan.applied' });
    expect(only.total).toBe(1);
    expect(await call('audit.verify', { runId })).toMatchObject({ ok: true, entries: 3 });
  });

  it('fails a second clean into the same outputs unless forced', async () => {
    const again = await cleanAndWait('in.cleaned.csv');
    expect(again.status.state).toBe('failed');
    expect(again.status.error?.code).toBe('OUTPUT_EXISTS');
    expect((await call('runs.get', { runId: again.started.runId })).status).toBe('failed');
    const forced = await cleanAndWait('in.cleaned.csv', { force: true });
    expect(forced.status.state).toBe('succeeded');
  });

  it('exports artifacts without clobbering', async () => {
    const r = await call('run.export', { runId, folder: join(dir, 'export'), artifacts: ['cleaned', 'report'] });
    expect(r.files.sort()).toEqual([join(dir, 'export', 'in.cleaned.csv'), join(dir, 'export', 'in.cleaned.report.json')]);
    expect(readdirSync(join(dir, 'export')).sort()).toEqual(['in.cleaned.csv', 'in.cleaned.report.json']);
    await expect(call('run.export', { runId, folder: join(dir, 'export'), artifacts: ['cleaned'] })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    await expect(call('run.export', { runId, folder: join(dir, 'export'), artifacts: ['secrets'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await call('run.export', { runId, folder: join(dir, 'export'), artifacts: ['cleaned'], overwrite: true })).files).toHaveLength(1);
  });

  it('reports a tampered audit log', async () => {
    const { started } = await cleanAndWait('tamper.csv');
    const run = await call('runs.get', { runId: started.runId });
    const path = run.artifacts['audit']!;
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    writeFileSync(path, [lines[0], lines[2]].join('\n') + '\n');
    expect(await call('audit.verify', { runId: started.runId })).toMatchObject({ ok: false, line: 2 });
  });

  it('cancels a running clean and leaves no output', async () => {
    const big = join(dir, 'big.csv');
    const rows = ['id,name,city'];
    for (let i = 0; i < 300_000; i++) rows.push(`${i}, name ${i % 977} ,city ${i % 13}`);
    writeFileSync(big, rows.join('\n') + '\n');
    const started = await call('clean.start', { path: big, outDir: join(dir, 'out'), name: 'big.cleaned.parquet' });
    expect(await call('job.cancel', { jobId: started.jobId })).toEqual({ cancelled: true });
    const status = await api.jobs.wait(started.jobId);
    expect(status.state).toBe('cancelled');
    expect(status.error?.code).toBe('CANCELLED');
    expect((await call('runs.get', { runId: started.runId })).status).toBe('cancelled');
    expect(existsSync(started.out)).toBe(false);
  });
});

describe('arguments and transport', () => {
  it('rejects bad arguments with INVALID_ARGUMENT', async () => {
    await expect(call('dataset.page', { path: join(dir, 'in.csv'), offset: -1, limit: 10 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('dataset.page', { path: join(dir, 'in.csv'), offset: 0, limit: 5000 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('dataset.info', { path: join(dir, 'in.csv'), format: 'exe' as 'csv' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('clean.start', { path: join(dir, 'in.csv'), outDir: join(dir, 'out'), name: 'in.csv', force: true })).resolves.toBeDefined();
    await expect(call('clean.start', { path: join(dir, 'in.csv'), outDir: dir, name: 'in.csv', force: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('settings.set', { workers: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('runs.get', { runId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses unknown and inherited method names', async () => {
    expect(await dispatch(api.handlers, 'toString', undefined)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(api.handlers, '__proto__', undefined)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps settings and recent files', async () => {
    expect(await call('settings.set', { theme: 'dark', outputDir: join(dir, 'out') })).toMatchObject({ theme: 'dark', outputDir: join(dir, 'out') });
    const s = await call('settings.get', undefined);
    expect(s.recentFiles.slice(0, 2)).toEqual([join(dir, 'in.csv'), join(dir, 'big.csv')]);
  });
});
