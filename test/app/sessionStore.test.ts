/** The renderer's session store against the real API (in-process bridge): open → profile → plan → clean, as the screens drive it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { inProcessBridge } from '../../src/main/app/inProcess.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { createClient } from '../../src/renderer/src/api/client.js';
import { addDecision, decisionsTouching, removeDecision, supersedes } from '../../src/renderer/src/features/duplicates/decisions.js';
import { moveOp, removeOp, setParams, toggleOp } from '../../src/renderer/src/features/plan/planEdit.js';
import { availableScreens, createSessionStore, type SessionStore } from '../../src/renderer/src/state/session.js';

let dir: string;
let store: SqliteRunStore;
let api: ApiService;
let session: SessionStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-session-'));
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'in.csv'), 'id,name,city\n1, Ann ,new york\n2,Bob,New York\n3,Bob,New York\n4,Cy,Boston\n');
  store = new SqliteRunStore(join(dir, 'catalog.db'));
  api = createApi({ store, dataDir: join(dir, 'data') });
  session = createSessionStore(createClient(inProcessBridge(api)));
});

afterAll(async () => {
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('session store', () => {
  it('starts on Open with only Open and Settings available', async () => {
    await session.getState().init();
    const s = session.getState();
    expect(s.screen).toBe('open');
    expect(s.appInfo?.dataDir).toBe(join(dir, 'data'));
    expect(availableScreens(s)).toEqual({ open: true, settings: true, connections: true, preview: false, profile: false, plan: false, run: false, diff: false, duplicates: false, audit: false });
  });

  it('shows an error for a missing file and stays put', async () => {
    expect(await session.getState().openDataset(join(dir, 'missing.csv'))).toBe(false);
    expect(session.getState().notice).toMatchObject({ kind: 'error' });
    expect(session.getState().notice?.text).toContain('missing.csv');
    expect(session.getState().dataset).toBeNull();
  });

  it('opens a dataset and moves to Preview', async () => {
    expect(await session.getState().openDataset(join(dir, 'in.csv'))).toBe(true);
    const s = session.getState();
    expect(s.screen).toBe('preview');
    expect(s.dataset).toMatchObject({ rows: 4, format: 'csv' });
    expect(s.settings?.recentFiles[0]).toBe(join(dir, 'in.csv'));
    expect(availableScreens(s)).toMatchObject({ preview: true, profile: true, plan: false });
  });

  it('profiles through a job and receives the proposed plan', async () => {
    await session.getState().startProfile();
    await vi.waitFor(() => expect(session.getState().profile).not.toBeNull(), { timeout: 20_000 });
    const s = session.getState();
    expect(s.profileJob?.state).toBe('succeeded');
    expect(s.profileJob?.phases.some((p) => p.phase === 'profile')).toBe(true);
    expect(s.plan?.operations.length).toBeGreaterThan(0);
    expect(availableScreens(s)).toMatchObject({ plan: true, run: true });
  });

  it('validates edits and reports issues by operation index', async () => {
    const plan = session.getState().plan!;
    session.getState().setPlan(setParams(plan, 0, { collapse: 'yes' }));
    await session.getState().validatePlan();
    expect(session.getState().planIssues.some((i) => i.index === 0)).toBe(true);
    session.getState().resetPlan();
    await session.getState().validatePlan();
    expect(session.getState().planIssues).toEqual([]);
  });

  it('cleans with the edited plan and lands on a succeeded run', async () => {
    const plan = session.getState().plan!;
    const edited = toggleOp(plan, plan.operations.length - 1);
    session.getState().setPlan(edited);
    await session.getState().startClean({ outDir: join(dir, 'out'), name: 'in.cleaned.csv', dedupe: 'exact' });
    await vi.waitFor(() => expect(session.getState().report).not.toBeNull(), { timeout: 30_000 });
    const s = session.getState();
    expect(s.cleanJob?.state).toBe('succeeded');
    expect(s.run?.status).toBe('succeeded');
    expect(s.report?.rows).toEqual({ in: 4, out: 3, duplicates: 1, quarantined: 0 });
    const disabled = edited.operations[edited.operations.length - 1]!;
    expect(s.report?.operations.some((o) => o.id === disabled.id)).toBe(false);
    expect(availableScreens(s)).toMatchObject({ diff: true, duplicates: true, audit: true });
  });

  it('opens Preview on the rows a profile card picks, and clears the filter', () => {
    session.getState().showRows({ column: 'city', match: 'value', value: 'Boston' });
    expect(session.getState().screen).toBe('preview');
    expect(session.getState().previewFilter).toEqual({ column: 'city', match: 'value', value: 'Boston' });
    session.getState().showRows(null);
    expect(session.getState().previewFilter).toBeNull();
  });

  it('records duplicate decisions in the open plan, for this input', async () => {
    const sha = session.getState().report!.input.sha256;
    expect(await session.getState().decide({ kind: 'split', rows: [3] }, sha)).toBe(true);
    expect(await session.getState().decide({ kind: 'reject', rows: [2, 3] }, sha)).toBe(true);
    expect(await session.getState().decide({ kind: 'accept', rows: [3, 2] }, sha)).toBe(true);
    const d = session.getState().plan!.dedupe;
    expect(d.decisionsInput).toBe(sha);
    expect(d.decisions).toEqual([{ kind: 'split', rows: [3] }, { kind: 'accept', rows: [3, 2] }]);
    session.getState().undoDecision(0);
    expect(session.getState().plan!.dedupe.decisions).toEqual([{ kind: 'accept', rows: [3, 2] }]);
    // The server accepts the plan with its decisions.
    await session.getState().validatePlan();
    expect(session.getState().planIssues).toEqual([]);
  });

  it('reopens a run from the catalog', async () => {
    const runId = session.getState().run!.id;
    await session.getState().openRun(runId);
    const s = session.getState();
    expect(s.screen).toBe('run');
    expect(s.run?.id).toBe(runId);
    expect(s.report?.runId).toBe(runId);
    expect(s.dataset?.path).toBe(join(dir, 'in.csv'));
  });

  it('loads the run\'s plan to record a decision when a reopened run has none open', async () => {
    expect(session.getState().plan).toBeNull();
    const sha = session.getState().report!.input.sha256;
    expect(await session.getState().decide({ kind: 'survivor', rows: [3] }, sha)).toBe(true);
    const plan = session.getState().plan!;
    expect(plan.operations.length).toBeGreaterThan(0);
    expect(plan.dedupe.decisions).toEqual([{ kind: 'survivor', rows: [3] }]);
  });
});

describe('duplicate decisions', () => {
  const base = { version: 1, salt: '', operations: [], dedupe: { mode: 'near' as const, columns: ['a'] } };
  const SHA = 'a'.repeat(64);

  it('replaces what a new decision supersedes and drops decisions made on another input', () => {
    let p = addDecision(base, { kind: 'survivor', rows: [4] }, SHA);
    p = addDecision(p, { kind: 'survivor', rows: [7] }, SHA, (d) => d.kind === 'survivor' && [4, 7].includes(d.rows[0]));
    expect(p.dedupe.decisions).toEqual([{ kind: 'survivor', rows: [7] }]);
    p = addDecision(p, { kind: 'reject', rows: [1, 2] }, SHA);
    p = addDecision(p, { kind: 'accept', rows: [2, 1] }, SHA);
    expect(p.dedupe.decisions).toEqual([{ kind: 'survivor', rows: [7] }, { kind: 'accept', rows: [2, 1] }]);
    expect(supersedes({ kind: 'split', rows: [7] }, { kind: 'survivor', rows: [7] })).toBe(true);
    expect(supersedes({ kind: 'split', rows: [7] }, { kind: 'accept', rows: [7, 8] })).toBe(false);
    const other = addDecision(p, { kind: 'split', rows: [9] }, 'b'.repeat(64));
    expect(other.dedupe).toMatchObject({ decisions: [{ kind: 'split', rows: [9] }], decisionsInput: 'b'.repeat(64) });
    expect(base.dedupe).toEqual({ mode: 'near', columns: ['a'] });
  });

  it('removes decisions, and the input marker with the last one', () => {
    const p = addDecision(addDecision(base, { kind: 'split', rows: [3] }, SHA), { kind: 'split', rows: [5] }, SHA);
    expect(decisionsTouching(p, [5, 6])).toEqual([{ index: 1, decision: { kind: 'split', rows: [5] } }]);
    const one = removeDecision(p, 0);
    expect(one.dedupe).toEqual({ mode: 'near', columns: ['a'], decisions: [{ kind: 'split', rows: [5] }], decisionsInput: SHA });
    expect(removeDecision(one, 0).dedupe).toEqual({ mode: 'near', columns: ['a'] });
  });
});

describe('plan edits', () => {
  const plan = {
    version: 1, salt: '', dedupe: { mode: 'off' as const, columns: [] },
    operations: [
      { id: 'a', op: 'core/trim' as const, column: 'x', params: { collapse: false } },
      { id: 'b', op: 'core/case' as const, column: 'y', params: { mode: 'lower' as const } },
      { id: 'c', op: 'core/email' as const, column: 'z', params: { onError: 'keep-original' as const } },
    ],
  };

  it('moves, toggles and removes without touching the input', () => {
    const frozen = structuredClone(plan);
    expect(moveOp(plan, 0, 1).operations.map((o) => o.id)).toEqual(['b', 'a', 'c']);
    expect(moveOp(plan, 2, 1)).toBe(plan);
    expect(moveOp(plan, 0, -1)).toBe(plan);
    expect(toggleOp(plan, 1).operations[1]!.enabled).toBe(false);
    expect(toggleOp(toggleOp(plan, 1), 1).operations[1]!.enabled).toBe(true);
    expect(removeOp(plan, 1).operations.map((o) => o.id)).toEqual(['a', 'c']);
    expect(plan).toEqual(frozen);
  });
});
