/** The renderer's session store against the real API (in-process bridge): open → profile → plan → clean, as the screens drive it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { inProcessBridge } from '../../src/main/app/inProcess.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { createClient } from '../../src/renderer/src/api/client.js';
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
    expect(availableScreens(s)).toEqual({ open: true, settings: true, preview: false, profile: false, plan: false, run: false, diff: false, audit: false });
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
    expect(availableScreens(s)).toMatchObject({ diff: true, audit: true });
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
