/** The session store (zustand, vanilla core): the open dataset, its profile and plan, the current run, and job tracking. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, CleanRequest, DatasetInfo, JobStatus, ProfileOutcome, RowFilter, Settings, SettingsPatch } from '../../../shared/api.js';
import type { DedupeDecision, Plan, PlanIssue } from '../../../shared/plan.js';
import type { Report } from '../../../shared/report.js';
import type { RunRecord } from '../../../shared/run.js';
import { errorText, type Client } from '../api/client.js';
import { addDecision, removeDecision } from '../features/duplicates/decisions.js';
import { mergeProgress, mergeStatus } from './jobs.js';

export type Screen = 'open' | 'preview' | 'profile' | 'plan' | 'run' | 'diff' | 'duplicates' | 'audit' | 'settings' | 'connections';

export type CleanSettings = Pick<CleanRequest, 'outDir' | 'name' | 'outputFormat' | 'dedupe' | 'force' | 'against'>;

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface SessionState {
  screen: Screen;
  appInfo: AppInfo | null;
  settings: Settings | null;
  dataset: DatasetInfo | null;
  opening: boolean;
  profileJob: JobStatus | null;
  profile: ProfileOutcome | null;
  plan: Plan | null;
  planIssues: PlanIssue[];
  cleanJob: JobStatus | null;
  run: RunRecord | null;
  report: Report | null;
  notice: Notice | null;
  /** Preview shows only rows matching this (set from a profile card); null shows every row. */
  previewFilter: RowFilter | null;

  go(screen: Screen): void;
  init(): Promise<void>;
  openDataset(path: string): Promise<boolean>;
  startProfile(): Promise<void>;
  setPlan(plan: Plan): void;
  validatePlan(): Promise<void>;
  resetPlan(): void;
  startClean(opts: CleanSettings): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  openRun(runId: string): Promise<void>;
  /** Opens Preview on the rows where a column has a value or is empty; null clears the filter. */
  showRows(filter: RowFilter | null): void;
  /**
   * Records a duplicate review decision in the plan (loading the run's plan first when none is open).
   * `replaces` drops earlier decisions it supersedes. Returns false when there is no plan to change.
   */
  decide(decision: DedupeDecision, inputSha256: string, replaces?: (d: DedupeDecision) => boolean): Promise<boolean>;
  undoDecision(index: number): void;
  saveSettings(patch: SettingsPatch): Promise<void>;
  notify(notice: Notice | null): void;
}

export type SessionStore = StoreApi<SessionState>;

/** Which screens make sense now; the navigation disables the others. */
export function availableScreens(s: SessionState): Record<Screen, boolean> {
  const succeeded = s.run?.status === 'succeeded' && s.report !== null;
  return {
    open: true,
    settings: true,
    connections: true,
    preview: s.dataset !== null,
    profile: s.dataset !== null,
    plan: s.plan !== null,
    run: (s.dataset !== null && s.plan !== null) || s.cleanJob !== null || s.run !== null,
    diff: succeeded && Boolean(s.run?.artifacts['provenance']),
    duplicates: succeeded && s.report?.duplicates.mode !== 'off' && Boolean(s.run?.artifacts['duplicates'] || s.run?.artifacts['provenance']),
    audit: Boolean(s.run?.artifacts['audit']),
  };
}

export function createSessionStore(client: Client): SessionStore {
  const store = createStore<SessionState>()((set, get) => {
    const fail = (err: unknown): void => set({ notice: { kind: 'error', text: errorText(err) } });

    async function finishClean(status: JobStatus): Promise<void> {
      if (status.state !== 'succeeded' || status.outcome?.kind !== 'clean') return;
      const run = await client.call('runs.get', { runId: status.outcome.runId });
      set({ report: status.outcome.report, run });
    }

    function applyFinished(status: JobStatus): void {
      const s = get();
      if (s.profileJob?.id === status.id) {
        const next = mergeStatus(s.profileJob, status);
        const patch: Partial<SessionState> = { profileJob: next };
        if (next.state === 'succeeded' && next.outcome?.kind === 'profile') {
          patch.profile = next.outcome;
          patch.plan = next.outcome.plan;
          patch.planIssues = [];
        }
        set(patch);
      }
      if (s.cleanJob?.id === status.id) {
        set({ cleanJob: mergeStatus(s.cleanJob, status) });
        finishClean(status).catch(fail);
      }
    }

    client.on('job.progress', (e) => {
      const s = get();
      if (s.profileJob?.id === e.jobId && s.profileJob.state === 'running') set({ profileJob: mergeProgress(s.profileJob, e.progress) });
      if (s.cleanJob?.id === e.jobId && s.cleanJob.state === 'running') set({ cleanJob: mergeProgress(s.cleanJob, e.progress) });
    });
    client.on('job.finished', applyFinished);

    /** A fast job may finish before its start call returns; one status call closes that gap. */
    async function sync(jobId: string): Promise<void> {
      const status = await client.call('job.status', { jobId });
      if (status.state !== 'running') applyFinished(status);
    }

    return {
      screen: 'open',
      appInfo: null,
      settings: null,
      dataset: null,
      opening: false,
      profileJob: null,
      profile: null,
      plan: null,
      planIssues: [],
      cleanJob: null,
      run: null,
      report: null,
      notice: null,
      previewFilter: null,

      go: (screen) => set({ screen }),

      async init() {
        try {
          const [appInfo, settings] = await Promise.all([client.call('app.info', undefined), client.call('settings.get', undefined)]);
          set({ appInfo, settings });
        } catch (err) {
          fail(err);
        }
      },

      async openDataset(path) {
        set({ opening: true, notice: null });
        try {
          const dataset = await client.call('dataset.info', { path });
          const settings = await client.call('settings.get', undefined);
          set({ dataset, settings, profileJob: null, profile: null, plan: null, planIssues: [], cleanJob: null, run: null, report: null, previewFilter: null, screen: 'preview' });
          return true;
        } catch (err) {
          fail(err);
          return false;
        } finally {
          set({ opening: false });
        }
      },

      async startProfile() {
        const ds = get().dataset;
        if (!ds) return;
        try {
          const { jobId } = await client.call('profile.start', { path: ds.path, format: ds.format });
          const now = new Date().toISOString();
          set({ profileJob: { id: jobId, kind: 'profile', state: 'running', input: ds.path, runId: null, phases: [], startedAt: now, finishedAt: null, error: null, outcome: null } });
          await sync(jobId);
        } catch (err) {
          fail(err);
        }
      },

      setPlan(plan) {
        set({ plan });
      },

      async validatePlan() {
        const { plan, profile } = get();
        if (!plan || !profile) return;
        try {
          const v = await client.call('plan.validate', { plan, columns: profile.columns });
          if (get().plan === plan) set({ planIssues: v.issues });
        } catch (err) {
          fail(err);
        }
      },

      resetPlan() {
        const p = get().profile;
        if (p) set({ plan: p.plan, planIssues: [] });
      },

      async startClean(opts) {
        const { dataset, plan } = get();
        if (!dataset || !plan) return;
        set({ notice: null });
        try {
          const started = await client.call('clean.start', { path: dataset.path, format: dataset.format, plan, ...opts });
          const now = new Date().toISOString();
          set({
            run: null, report: null,
            cleanJob: { id: started.jobId, kind: 'clean', state: 'running', input: dataset.path, runId: started.runId, phases: [], startedAt: now, finishedAt: null, error: null, outcome: null },
          });
          await sync(started.jobId);
        } catch (err) {
          fail(err);
        }
      },

      async cancelJob(jobId) {
        try {
          await client.call('job.cancel', { jobId });
        } catch (err) {
          fail(err);
        }
      },

      async openRun(runId) {
        try {
          const run = await client.call('runs.get', { runId });
          const report = run.status === 'succeeded' ? await client.call('run.report', { runId }) : null;
          let dataset: DatasetInfo | null = null;
          try {
            dataset = await client.call('dataset.info', { path: run.input });
          } catch {
            // The input may have moved; the run's report, diff and audit stay viewable without it.
          }
          set({ run, report, cleanJob: null, dataset, profile: null, profileJob: null, plan: null, planIssues: [], previewFilter: null, screen: 'run' });
        } catch (err) {
          fail(err);
        }
      },

      async saveSettings(patch) {
        try {
          set({ settings: await client.call('settings.set', patch), notice: { kind: 'info', text: 'Settings saved.' } });
        } catch (err) {
          fail(err);
        }
      },

      showRows(filter) {
        set({ previewFilter: filter, screen: 'preview' });
      },

      async decide(decision, inputSha256, replaces) {
        let plan = get().plan;
        const runPlan = get().run?.artifacts['plan'];
        if (!plan && runPlan) {
          try {
            const loaded = await client.call('plan.load', { path: runPlan });
            plan = loaded.plan;
          } catch (err) {
            fail(err);
            return false;
          }
        }
        if (!plan) {
          set({ notice: { kind: 'error', text: 'There is no plan to record the decision in: open the dataset and profile it first.' } });
          return false;
        }
        set({ plan: addDecision(plan, decision, inputSha256, replaces), planIssues: [] });
        return true;
      },

      undoDecision(index) {
        const plan = get().plan;
        if (plan) set({ plan: removeDecision(plan, index) });
      },

      notify: (notice) => set({ notice }),
    };
  });
  return store;
}
