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
import { runClean } from '../../src/main/app/runService.js';
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
    expect(Object.keys(run.artifacts).sort()).toEqual(['audit', 'auditHead', 'cleaned', 'duplicates', 'plan', 'provenance', 'quarantine', 'report', 'reportHtml']);
    const html = readFileSync(run.artifacts['reportHtml']!, 'utf8');
    expect(html).toContain('in = out + duplicates + quarantined — 4 = 3 + 1 + 0');
    expect(html).toContain(run.artifacts['auditHead']!);
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
    expect(dups.inputSha256).toBe(report.input.sha256);
    expect(dups.compared).toEqual(['name', 'city']);
    // The survivor has nothing to be compared with; the member matches it on every compared column.
    expect(dups.clusters[0]!.members[0]!.fieldSimilarity).toEqual([null, null, null]);
    expect(dups.clusters[0]!.members[1]!.fieldSimilarity).toEqual([null, 1, 1]);
    expect(dups.clusters[0]!.fieldAgreement).toBe(1);
    expect((await call('run.duplicates', { runId, offset: 0, limit: 10, order: 'confident' })).total).toBe(1);
    await expect(call('run.duplicates', { runId, offset: 0, limit: 10, order: 'random' as 'doubtful' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // Exact dedupe leaves nothing for review.
    expect(await call('run.reviewPairs', { runId })).toEqual({ columns: ['id', 'name', 'city'], total: 0, pairs: [] });

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

  it('exports every file artifact and the HTML report by default', async () => {
    const folder = join(dir, 'export-all');
    mkdirSync(folder);
    const r = await call('run.export', { runId, folder });
    const names = readdirSync(folder).sort();
    expect(names).toEqual(['in.cleaned.audit.jsonl', 'in.cleaned.csv', 'in.cleaned.duplicates.csv', 'in.cleaned.plan.json', 'in.cleaned.provenance.parquet',
      'in.cleaned.quarantine.jsonl', 'in.cleaned.report.html', 'in.cleaned.report.json']);
    expect(r.files).toHaveLength(names.length);
    await expect(call('run.export', { runId, folder, artifacts: ['auditHead'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('renders the HTML report on export for a run that did not write one', async () => {
    const other = await runClean(store, { input: join(dir, 'in.csv'), out: join(dir, 'out', 'cli-run.csv'), dedupe: 'exact' });
    expect(other.report.outputs['reportHtml']).toBeUndefined();
    const folder = join(dir, 'export-cli');
    mkdirSync(folder);
    const r = await call('run.export', { runId: other.runId, folder, artifacts: ['reportHtml', 'report'] });
    expect(r.files).toEqual([join(folder, 'cli-run.report.html'), join(folder, 'cli-run.report.json')]);
    const html = readFileSync(join(folder, 'cli-run.report.html'), 'utf8');
    expect(html).toContain(other.auditHead);
    expect(html).toContain('(chain verified)');
    await expect(call('run.export', { runId: other.runId, folder, artifacts: ['reportHtml'] })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
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

describe('dataset pages filtered by a value (profile click-through)', () => {
  const HOSTILE = 'c"ol; DROP TABLE t1; --';

  beforeAll(() => {
    writeFileSync(join(dir, 'filter.csv'), `id,"${HOSTILE.replaceAll('"', '""')}",note\n1,a,x\n2,,y\n3,a,\n4,b,z\n5,   ,w\n6,a,v\n`);
  });

  it('pages only matching rows, keeping their row numbers, with parameters for values', async () => {
    const path = join(dir, 'filter.csv');
    const a = await call('dataset.page', { path, offset: 0, limit: 2, filter: { column: HOSTILE, match: 'value', value: 'a' } });
    expect(a.columns).toEqual(['id', HOSTILE, 'note']);
    expect(a.total).toBe(3);
    expect(a.rowNumbers).toEqual([1, 3]);
    const next = await call('dataset.page', { path, offset: 2, limit: 2, filter: { column: HOSTILE, match: 'value', value: 'a' } });
    expect(next.rowNumbers).toEqual([6]);
    expect(next.rows).toEqual([['6', 'a', 'v']]);
    const empty = await call('dataset.page', { path, offset: 0, limit: 10, filter: { column: HOSTILE, match: 'empty' } });
    expect(empty.rowNumbers).toEqual([2, 5]);
    const injected = await call('dataset.page', { path, offset: 0, limit: 10, filter: { column: 'note', match: 'value', value: "x' OR '1'='1" } });
    expect(injected.total).toBe(0);
    const all = await call('dataset.page', { path, offset: 0, limit: 10 });
    expect(all.total).toBe(6);
  });

  it('rejects a filter on a missing column or with a bad shape', async () => {
    const path = join(dir, 'filter.csv');
    await expect(call('dataset.page', { path, offset: 0, limit: 1, filter: { column: 'nope', match: 'empty' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('dataset.page', { path, offset: 0, limit: 1, filter: { column: 'id', match: 'like' } as unknown as { column: string; match: 'empty' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(call('dataset.page', { path, offset: 0, limit: 1, filter: { column: 'id', match: 'value' } as unknown as { column: string; match: 'empty' } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
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
