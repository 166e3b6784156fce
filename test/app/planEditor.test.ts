/** The plan editor's pure edits (alias table, added operations, dedupe settings), audit summaries and export choices. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiBridge, ApiResponse, AppInfo, AuditEntryView } from '../../src/shared/api.js';
import type { AliasOp, Plan } from '../../src/shared/plan.js';
import type { ColumnProfile } from '../../src/shared/profile.js';
import type { RunRecord } from '../../src/shared/run.js';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { inProcessBridge } from '../../src/main/app/inProcess.js';
import { parsePlan, validatePlan } from '../../src/main/engine/plan/parse.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { createClient } from '../../src/renderer/src/api/client.js';
import { auditSummary } from '../../src/renderer/src/features/audit/auditSummary.js';
import { exportableArtifacts } from '../../src/renderer/src/features/export/artifacts.js';
import { addOp, aliasGroups, mergeAlias, nextOpId, patchDedupe, removeVariant, renameCanonical, withMapping } from '../../src/renderer/src/features/plan/planEdit.js';
import { createSessionStore } from '../../src/renderer/src/state/session.js';

/** Every problem the engine finds in a plan for these columns, parsing and validation alike. */
function issuesOf(json: unknown, columns: string[]): unknown[] {
  const { plan, issues } = parsePlan(json);
  return [...issues, ...validatePlan(plan, columns)];
}

const MAPPING = { 'new york': 'New York', NYC: 'New York', Boston: 'boston', chicago: 'Chicago' };

describe('alias table edits', () => {
  it('groups variants by the canonical value they become', () => {
    expect(aliasGroups(MAPPING)).toEqual([
      { canonical: 'New York', variants: ['new york', 'NYC'] },
      { canonical: 'boston', variants: ['Boston'] },
      { canonical: 'Chicago', variants: ['chicago'] },
    ]);
  });

  it('renames a canonical value: its variants follow, the old value becomes a variant, and the new one is no longer replaced', () => {
    const frozen = structuredClone(MAPPING);
    expect(renameCanonical(MAPPING, 'boston', 'Boston')).toEqual({ 'new york': 'New York', NYC: 'New York', chicago: 'Chicago', boston: 'Boston' });
    expect(renameCanonical(MAPPING, 'New York', 'New York City')).toEqual({ 'new york': 'New York City', NYC: 'New York City', Boston: 'boston', chicago: 'Chicago', 'New York': 'New York City' });
    expect(renameCanonical(MAPPING, 'Chicago', 'Chicago')).toBe(MAPPING);
    expect(renameCanonical(MAPPING, 'Chicago', '')).toBe(MAPPING);
    expect(MAPPING).toEqual(frozen);
  });

  it('merges one group into another and drops a variant', () => {
    const merged = mergeAlias(MAPPING, 'Chicago', 'New York');
    expect(aliasGroups(merged)).toEqual([{ canonical: 'New York', variants: ['new york', 'NYC', 'chicago', 'Chicago'] }, { canonical: 'boston', variants: ['Boston'] }]);
    expect(removeVariant(MAPPING, 'NYC')).toEqual({ 'new york': 'New York', Boston: 'boston', chicago: 'Chicago' });
  });

  it('keeps confidences of variants still mapped; a variant added by hand counts as certain', () => {
    const params: AliasOp['params'] = { mapping: MAPPING, confidence: { 'new york': 0.95, NYC: 0.8, Boston: 0.9, chicago: 0.95 } };
    expect(withMapping(params, renameCanonical(MAPPING, 'boston', 'Boston'))).toEqual({
      mapping: { 'new york': 'New York', NYC: 'New York', chicago: 'Chicago', boston: 'Boston' },
      confidence: { 'new york': 0.95, NYC: 0.8, chicago: 0.95, boston: 1 },
    });
    expect(withMapping({ mapping: MAPPING }, { a: 'b' })).toEqual({ mapping: { a: 'b' } });
  });

  it('produces a plan the engine accepts', () => {
    const plan = { version: 1, salt: '', dedupe: { mode: 'off', columns: [] }, operations: [{ id: 'op-001', op: 'core/alias', column: 'city', params: withMapping({ mapping: MAPPING }, renameCanonical(MAPPING, 'boston', 'Boston')) }] };
    expect(issuesOf(plan, ['city'])).toEqual([]);
    expect(issuesOf({ ...plan, operations: [{ ...plan.operations[0], params: { mapping: { a: 7 } } }] }, ['city'])).not.toEqual([]);
  });
});

describe('added operations', () => {
  const plan: Plan = { version: 1, salt: '', dedupe: { mode: 'off', columns: [] }, operations: [{ id: 'op-002', op: 'core/trim', column: 'a', params: { collapse: false } }] };
  const amount = { name: 'amount', impute: { median: 12.5 }, outlierBounds: { iqr: { lower: -3, upper: 40 }, mad: { lower: 1, upper: 30 } } } as ColumnProfile;
  const city = { name: 'city', impute: { mode: 'Boston' } } as ColumnProfile;

  it('start from the column profile and take the next free id', () => {
    expect(nextOpId(plan)).toBe('op-003');
    const p = addOp(addOp(addOp(plan, 'core/impute', 'amount', amount), 'core/outlier', 'amount', amount), 'core/impute', 'city', city);
    expect(p.operations.slice(1)).toEqual([
      { id: 'op-003', op: 'core/impute', column: 'amount', params: { strategy: 'median', value: 12.5 }, reason: 'added in the plan editor' },
      { id: 'op-004', op: 'core/outlier', column: 'amount', params: { method: 'iqr', lower: -3, upper: 40, action: 'flag' }, reason: 'added in the plan editor' },
      { id: 'op-005', op: 'core/impute', column: 'city', params: { strategy: 'mode', value: 'Boston' }, reason: 'added in the plan editor' },
    ]);
    expect(plan.operations).toHaveLength(1);
    expect(issuesOf(p, ['a', 'amount', 'city'])).toEqual([]);
  });

  it('without a profile, an outlier policy starts manual and an imputation constant', () => {
    const p = addOp(addOp(plan, 'core/outlier', 'x'), 'core/impute', 'x');
    expect(p.operations[1]!.params).toEqual({ method: 'manual', lower: 0, upper: 0, action: 'flag' });
    expect(p.operations[2]!.params).toEqual({ strategy: 'constant', value: '' });
  });
});

describe('dedupe settings', () => {
  const value = { mode: 'near' as const, columns: ['a'], threshold: 0.8, decisions: [{ kind: 'split' as const, rows: [3] as [number] }], decisionsInput: 'f'.repeat(64) };

  it('keeps review decisions when a threshold changes, and clears a threshold set back to empty', () => {
    expect(patchDedupe(value, { reviewThreshold: 0.4 })).toEqual({ ...value, reviewThreshold: 0.4 });
    const cleared = patchDedupe(value, { threshold: undefined });
    expect('threshold' in cleared).toBe(false);
    expect(cleared.decisions).toEqual(value.decisions);
    expect(patchDedupe(value, { survivor: 'most-recent', recencyColumn: 'a' })).toMatchObject({ survivor: 'most-recent', recencyColumn: 'a', decisionsInput: value.decisionsInput });
  });
});

describe('audit summaries', () => {
  const base = { seq: 1, prev: '0', at: '', runId: 'r' };
  it('says what each event did in one line', () => {
    expect(auditSummary({ ...base, event: 'run.started', command: 'clean', input: '/d/people.csv', format: 'csv', inputSha256: 'abcdef0123456789', planHash: '0123456789abcdef' } as AuditEntryView))
      .toBe('clean people.csv (csv), input sha256 abcdef012345…, plan 0123456789ab…');
    expect(auditSummary({ ...base, event: 'plan.applied', operations: [{ op: 'core/trim', column: 'name' }, { op: 'core/alias', column: 'city' }], dedupe: { mode: 'near' }, proposed: false } as AuditEntryView))
      .toBe('2 operations: trim name, alias city; duplicates near (edited plan)');
    expect(auditSummary({ ...base, event: 'dedupe.decision', kind: 'reject', rows: [3, 9], status: 'applied', detail: 'row 9 taken out' } as AuditEntryView))
      .toBe('reject rows 3 & 9: applied (row 9 taken out)');
    expect(auditSummary({ ...base, event: 'run.finished', status: 'succeeded', rows: { in: 10, out: 8, duplicates: 1, quarantined: 1 } } as AuditEntryView))
      .toBe('succeeded: 10 in = 8 out + 1 duplicates + 1 quarantined');
    expect(auditSummary({ ...base, event: 'run.finished', status: 'failed', error: 'disk full' } as AuditEntryView)).toBe('failed: disk full');
    expect(auditSummary({ ...base, event: 'something.new' } as AuditEntryView)).toBe('');
  });
});

describe('export choices', () => {
  it('offers every file artifact in reading order, plus the HTML report even when the run wrote none', () => {
    const run = { artifacts: { audit: '/o/x.audit.jsonl', cleaned: '/o/x.parquet', auditHead: 'abc', extra: '/o/x.extra', provenance: '/o/x.provenance.parquet' } } as unknown as RunRecord;
    expect(exportableArtifacts(run).map((a) => [a.key, a.file])).toEqual([
      ['cleaned', '/o/x.parquet'], ['reportHtml', null], ['provenance', '/o/x.provenance.parquet'], ['audit', '/o/x.audit.jsonl'], ['extra', '/o/x.extra'],
    ]);
  });
});

describe('contract additions', () => {
  it('types the browser upload and the core count', () => {
    expectTypeOf<NonNullable<ApiBridge['upload']>>().returns.resolves.toEqualTypeOf<ApiResponse<{ path: string }>>();
    expectTypeOf<AppInfo['cores']>().toEqualTypeOf<number>();
  });
});

describe('settings through the session store', () => {
  let dir: string;
  let store: SqliteRunStore;
  let api: ApiService;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds-settings-'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'in.csv'), 'id,name\n1,Ann\n2,Bob\n');
    store = new SqliteRunStore(join(dir, 'catalog.db'));
    api = createApi({ store, dataDir: join(dir, 'data') });
  });

  afterAll(async () => {
    await api.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Cleans the file and returns how many workers the engine says it used. */
  async function cleanWorkers(name: string): Promise<number | undefined> {
    const started = await api.handlers['clean.start']({ path: join(dir, 'in.csv'), outDir: join(dir, 'out'), name: `${name}.csv` });
    let status = await api.handlers['job.status']({ jobId: started.jobId });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      status = await api.handlers['job.status']({ jobId: started.jobId });
    }
    expect(status.state).toBe('succeeded');
    return (await api.handlers['run.report']({ runId: started.runId })).timings['workers'];
  }

  it('saves the worker count and output folder, and a clean then uses that many workers', async () => {
    const session = createSessionStore(createClient(inProcessBridge(api)));
    await session.getState().init();
    expect(session.getState().appInfo?.cores).toBeGreaterThan(0);
    await session.getState().saveSettings({ workers: 1, outputDir: join(dir, 'out') });
    expect(session.getState().settings).toMatchObject({ workers: 1, outputDir: join(dir, 'out') });
    expect(session.getState().notice).toEqual({ kind: 'info', text: 'Settings saved.' });
    await session.getState().saveSettings({ workers: 0 });
    expect(session.getState().notice?.kind).toBe('error');
    expect(session.getState().settings?.workers).toBe(1);

    expect(await cleanWorkers('one')).toBe(1);
    await session.getState().saveSettings({ workers: 2 });
    expect(await cleanWorkers('two')).toBe(2);
  });
});
