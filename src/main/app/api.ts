/** The typed API implemented once over the engine and the run catalog; IPC, HTTP and in-process callers all bind these handlers. */
import { randomUUID } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { availableParallelism, homedir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type {
  AuditEntryView, AuditVerification, CleanOutputFormat, DatasetFormat, DatasetRef, Handlers, PlanValidation, SettingsPatch,
} from '../../shared/api.js';
import type { DedupeMode, Plan, PlanIssue } from '../../shared/plan.js';
import type { Report } from '../../shared/report.js';
import type { RunRecord } from '../../shared/run.js';
import { verifyAuditLog } from '../engine/audit/auditLog.js';
import { EngineError } from '../engine/errors.js';
import { atomicWriteFile } from '../engine/io/atomic.js';
import type { DuckDBOptions } from '../engine/io/duckdb.js';
import { parsePlan, validatePlan } from '../engine/plan/parse.js';
import { renderReportFile } from '../engine/report/fromFile.js';
import type { CleanOptions } from '../engine/run/clean.js';
import { ENGINE_VERSION } from '../engine/version.js';
import {
  argObject, optBool, optEnum, optInt, optRowFilter, optSheet, optString, optStringArray, optText, reqInt, reqString, type Obj,
} from './args.js';
import { readAuditPage } from './auditView.js';
import { DuplicateViews } from './duplicateViews.js';
import { EventHub } from './events.js';
import { JobRunner } from './jobRunner.js';
import { JobManager, type JobStats } from './jobs.js';
import type { CleanTaskOptions, JobTask } from './jobTasks.js';
import { fileName, PathPolicy, type PathPolicyOptions } from './pathPolicy.js';
import { openRunStore } from './connections.js';
import { createConnectionsApi, type SecretBox } from './connectionsApi.js';
import type { RunStore } from './ports.js';
import { resolveConnections, type ResolvedConnections } from './profiles.js';
import { isTeamStore } from './teamPorts.js';
import { SqliteRunStore } from '../store/SqliteRunStore.js';
import { RunViews } from './runViews.js';
import { SettingsStore } from './settings.js';
import { TableCache } from './tables.js';

export interface ApiOptions {
  store: RunStore;
  /** Folder for settings and other app state. */
  dataDir: string;
  /** @default <dataDir>/settings.json */
  settingsPath?: string;
  /** Restricts where inputs may be read and outputs written. @default anywhere (absolute paths only) */
  paths?: PathPolicyOptions;
  /** Versions of the surrounding app, recorded in reports. */
  versions?: Record<string, string>;
  /** Who runs jobs through this API, recorded in audit logs (never secrets). */
  actor?: Record<string, string>;
  duckdb?: DuckDBOptions;
  /** Near-duplicate finder factory, passed through to the engine; jobs then run inline (a function cannot cross a thread). */
  createNearFinder?: CleanOptions['createNearFinder'];
  /** Where profile and clean jobs run. @default 'worker' (a worker thread per job) */
  jobs?: 'worker' | 'inline';
  /** Encrypts secrets typed into the Connections screen (the desktop app's OS keychain); absent: env var names only. */
  secretBox?: SecretBox | null;
}

export interface ApiService {
  readonly handlers: Handlers;
  /** Switches to the connection profile the app used last, if any (at start-up). */
  restoreConnections(): Promise<void>;
  readonly events: EventHub;
  readonly jobs: JobManager;
  readonly runner: JobRunner;
  stats(): JobStats;
  /** Cancels running jobs, waits for them, and releases DuckDB. The store stays open (its owner closes it). */
  close(): Promise<void>;
}

const FORMATS: readonly DatasetFormat[] = ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx'];
const OUT_FORMATS: readonly CleanOutputFormat[] = ['csv', 'parquet', 'jsonl'];
const DEDUPE: readonly DedupeMode[] = ['near', 'exact', 'off'];
const KINDS = ['cell', 'flag', 'duplicate', 'quarantine'] as const;
const MAX_PAGE = 1000;
/** Catalog artifact entries that are values, not files. */
const NOT_FILES = new Set(['auditHead']);
const MAX_OFFSET = 2 ** 40;

function datasetRef(o: Obj): DatasetRef {
  const ref: DatasetRef = { path: reqString(o, 'path') };
  const format = optEnum(o, 'format', FORMATS);
  if (format) ref.format = format;
  const sheet = optSheet(o);
  if (sheet !== undefined) ref.sheet = sheet;
  return ref;
}

/** Lenient parse, strict validation; a plan that cannot be parsed at all comes back as one plan-level issue. */
function checkPlan(json: unknown, columns: readonly string[] | undefined, file?: string): PlanValidation {
  let parsed: { plan: Plan; issues: PlanIssue[] };
  try {
    parsed = parsePlan(json, file);
  } catch (err) {
    if (err instanceof EngineError) return { plan: null, issues: [{ index: -1, path: '', message: err.message }] };
    throw err;
  }
  if (parsed.issues.length || !columns) return { plan: parsed.plan, issues: parsed.issues };
  return { plan: parsed.plan, issues: validatePlan(parsed.plan, [...columns]) };
}

function planError(issues: PlanIssue[]): EngineError {
  const lines = issues.slice(0, 10).map((i) => `operations[${i.index}]${i.opId ? ` (${i.opId})` : ''} ${i.path}: ${i.message}`);
  return new EngineError('INVALID_PLAN', `the plan has ${issues.length} problem(s): ${lines.join('; ')}`, { details: issues });
}

export function createApi(opts: ApiOptions): ApiService {
  /** The catalog in use: the one given, or the active connection profile's (which this API opened and owns). */
  let store: RunStore = opts.store;
  let owned: RunStore | null = null;
  let activeConn: ResolvedConnections | null = null;
  const current: RunStore = {
    beginRun: (r) => store.beginRun(r), finishRun: (id, p) => store.finishRun(id, p), getRun: (id) => store.getRun(id),
    listRuns: (o) => store.listRuns(o), getPlan: (h) => store.getPlan(h), recoverInterrupted: () => store.recoverInterrupted(),
    close: async () => undefined,
  };
  const connections = createConnectionsApi({
    dataDir: opts.dataDir, secretBox: opts.secretBox ?? null,
    async use(conn) {
      const next = conn?.store.kind === 'postgres' ? await openRunStore(conn.store, conn.workspace) : null;
      const old = owned;
      owned = next;
      store = next ?? opts.store;
      activeConn = conn;
      await old?.close();
    },
  });
  /** The local catalog as a connection, for `against` without a profile (its SQLite signature index). */
  async function localConnections(): Promise<ResolvedConnections> {
    if (!(opts.store instanceof SqliteRunStore)) throw new EngineError('INVALID_ARGUMENT', 'dedupe against earlier runs needs a catalog that keeps row signatures');
    return { ...(await resolveConnections({ dataDir: opts.dataDir, env: {} })), store: { kind: 'sqlite', path: opts.store.path } };
  }
  const events = new EventHub();
  const jobs = new JobManager(events);
  const runner = new JobRunner(current, {
    ...(opts.jobs ? { mode: opts.jobs } : {}),
    ...(opts.createNearFinder ? { createNearFinder: opts.createNearFinder } : {}),
  });
  const policy = new PathPolicy(opts.paths ?? {});
  const settings = new SettingsStore(opts.settingsPath ?? join(opts.dataDir, 'settings.json'));
  const tables = new TableCache(opts.duckdb ? { duckdb: opts.duckdb } : {});
  const views = new RunViews(tables);
  const dupViews = new DuplicateViews(tables, views);
  const via = opts.actor ?? { via: 'api' };

  async function getRun(o: Obj): Promise<RunRecord> {
    const id = reqString(o, 'runId', 200);
    const run = await store.getRun(id);
    if (!run) throw new EngineError('NOT_FOUND', `no run ${id} in the catalog`);
    return run;
  }

  async function readReport(run: RunRecord): Promise<Report> {
    const path = run.artifacts['report'];
    if (!path) throw new EngineError('NOT_FOUND', `run ${run.id} has no report (status: ${run.status}${run.error ? `, ${run.error}` : ''})`);
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Report;
    } catch (err) {
      throw new EngineError('NOT_FOUND', `cannot read the report of run ${run.id} at ${path}: ${(err as Error).message}`, { location: { file: path } });
    }
  }

  function artifactPath(run: RunRecord, key: string): string {
    const p = run.artifacts[key];
    if (!p) throw new EngineError('NOT_FOUND', `run ${run.id} has no ${key} artifact`);
    return p;
  }

  /** Runs from before the HTML report (or from the CLI without --report-html) still export one, rendered now. */
  async function exportRenderedReport(run: RunRecord, folder: string, overwrite: boolean): Promise<string> {
    const report = artifactPath(run, 'report');
    const rendered = await renderReportFile(report);
    const dest = join(folder, `${basename(report, '.json')}.html`);
    await atomicWriteFile(dest, rendered.html, { overwrite });
    return dest;
  }

  async function inputRef(o: Obj): Promise<DatasetRef> {
    const ref = datasetRef(o);
    ref.path = await policy.inputFile(ref.path);
    return ref;
  }

  const handlers: Handlers = {
    async 'app.info'() {
      return { version: ENGINE_VERSION, platform: process.platform, dataDir: opts.dataDir, homeDir: homedir(), cores: availableParallelism() };
    },

    async 'dataset.info'(arg) {
      const ref = await inputRef(argObject(arg, 'dataset.info'));
      const t = await tables.dataset(ref);
      await settings.addRecent(ref.path);
      const info = { path: ref.path, format: t.format, bytes: t.bytes, rows: t.rows, columns: t.columns.map((name, i) => ({ name, type: t.types[i] ?? 'string' })) };
      return { ...info, ...(t.encoding ? { encoding: t.encoding } : {}), ...(t.delimiter ? { delimiter: t.delimiter } : {}) };
    },

    async 'dataset.page'(arg) {
      const o = argObject(arg, 'dataset.page');
      const ref = await inputRef(o);
      const offset = reqInt(o, 'offset', 0, MAX_OFFSET);
      const limit = reqInt(o, 'limit', 1, MAX_PAGE);
      const filter = optRowFilter(o);
      const t = await tables.dataset(ref);
      const page = await tables.page(t, offset, limit, filter);
      return { offset, columns: t.columns, ...page };
    },

    async 'profile.start'(arg) {
      const o = argObject(arg, 'profile.start');
      const ref = await inputRef(o);
      const salt = optText(o, 'salt', 1000) ?? '';
      const dedupe = optEnum(o, 'dedupe', DEDUPE) ?? 'near';
      const sampleSize = optInt(o, 'sampleSize', 100, 10_000_000);
      await settings.addRecent(ref.path);
      const workers = (await settings.get()).workers;
      const task: JobTask = { kind: 'profile', ref, salt, dedupe, ...(sampleSize !== undefined ? { sampleSize } : {}), ...(workers !== null ? { workers } : {}) };
      const job = jobs.start('profile', ref.path, null, (ctx) => runner.run(task, ctx));
      return { jobId: job.id };
    },

    async 'plan.validate'(arg) {
      const o = argObject(arg, 'plan.validate');
      const columns = optStringArray(o, 'columns');
      if (!columns) throw new EngineError('INVALID_ARGUMENT', '"columns" must be an array of strings');
      return checkPlan(o['plan'], columns);
    },

    async 'plan.save'(arg) {
      const o = argObject(arg, 'plan.save');
      const path = await policy.outputFile(reqString(o, 'path'), ['.json'], 'plan file');
      const v = checkPlan(o['plan'], undefined);
      if (!v.plan || v.issues.length) throw planError(v.issues);
      await atomicWriteFile(path, JSON.stringify(v.plan, null, 2) + '\n', { overwrite: optBool(o, 'overwrite') === true });
      return { path };
    },

    async 'plan.load'(arg) {
      const o = argObject(arg, 'plan.load');
      const path = await policy.inputFile(reqString(o, 'path'), 'plan file');
      let json: unknown;
      try {
        json = JSON.parse(await readFile(path, 'utf8'));
      } catch (err) {
        return { plan: null, issues: [{ index: -1, path: '', message: `${path} is not valid JSON: ${(err as Error).message}` }] };
      }
      return checkPlan(json, optStringArray(o, 'columns'), path);
    },

    async 'clean.start'(arg) {
      const o = argObject(arg, 'clean.start');
      const ref = await inputRef(o);
      const outDir = await policy.outputDir(reqString(o, 'outDir'));
      const name = fileName(reqString(o, 'name', 255), OUT_FORMATS.map((f) => `.${f}`), 'output name');
      const outputFormat = optEnum(o, 'outputFormat', OUT_FORMATS);
      const salt = optText(o, 'salt', 1000);
      const dedupe = optEnum(o, 'dedupe', DEDUPE);
      const force = optBool(o, 'force') === true;
      const against = optText(o, 'against', 200);
      let plan: Plan | undefined;
      if (o['plan'] !== undefined) {
        const v = checkPlan(o['plan'], undefined);
        if (!v.plan || v.issues.length) throw planError(v.issues);
        plan = v.plan;
      }
      const out = join(outDir, name);
      if (resolve(out) === resolve(ref.path)) throw new EngineError('INVALID_ARGUMENT', 'the output would overwrite the input');
      const stem = join(outDir, basename(name, extname(name)));
      const runId = randomUUID();
      await settings.addRecent(ref.path);
      const workers = (await settings.get()).workers;
      const cleanOpts: CleanTaskOptions = {
        input: ref.path, out, runId, force,
        ...(ref.format ? { inputFormat: ref.format } : {}),
        ...(ref.sheet !== undefined ? { sheet: ref.sheet } : {}),
        artifacts: { duplicates: `${stem}.duplicates.csv`, planOut: `${stem}.plan.json`, reportHtml: `${stem}.report.html` },
        versions: { app: ENGINE_VERSION, ...opts.versions },
        actor: via,
        ...(outputFormat ? { format: outputFormat } : {}),
        ...(plan ? { plan } : {}),
        ...(salt !== undefined ? { salt } : {}),
        ...(dedupe ? { dedupe } : {}),
        ...(workers !== null ? { workers } : {}),
      };
      const conn = activeConn ?? (against !== undefined ? await localConnections() : null);
      const task: JobTask = { kind: 'clean', opts: cleanOpts, ...(conn ? { connections: conn } : {}), ...(against !== undefined ? { against } : {}) };
      const job = jobs.start('clean', ref.path, runId, (ctx) => runner.run(task, ctx));
      return { jobId: job.id, runId, out };
    },

    async 'job.status'(arg) {
      return jobs.get(reqString(argObject(arg, 'job.status'), 'jobId', 200));
    },

    async 'job.cancel'(arg) {
      return { cancelled: jobs.cancel(reqString(argObject(arg, 'job.cancel'), 'jobId', 200)) };
    },

    async 'job.list'() {
      return jobs.list();
    },

    async 'runs.list'(arg) {
      const limit = optInt(argObject(arg, 'runs.list'), 'limit', 1, 10_000) ?? 50;
      await store.recoverInterrupted();
      return store.listRuns({ limit });
    },

    async 'runs.get'(arg) {
      return getRun(argObject(arg, 'runs.get'));
    },

    async 'run.report'(arg) {
      return readReport(await getRun(argObject(arg, 'run.report')));
    },

    async 'run.diff'(arg) {
      const o = argObject(arg, 'run.diff');
      const run = await getRun(o);
      const req = { runId: run.id, offset: reqInt(o, 'offset', 0, MAX_OFFSET), limit: reqInt(o, 'limit', 1, MAX_PAGE) };
      const column = optString(o, 'column', 1000);
      const opId = optString(o, 'opId', 200);
      const kind = optEnum(o, 'kind', KINDS);
      return views.diff(run, await readReport(run), {
        ...req, ...(column !== undefined ? { column } : {}), ...(opId !== undefined ? { opId } : {}), ...(kind ? { kind } : {}),
      });
    },

    async 'run.diffFacets'(arg) {
      return views.facets(await getRun(argObject(arg, 'run.diffFacets')));
    },

    async 'run.duplicates'(arg) {
      const o = argObject(arg, 'run.duplicates');
      const run = await getRun(o);
      const order = optEnum(o, 'order', ['doubtful', 'confident'] as const);
      return dupViews.clusters(run, await readReport(run), {
        runId: run.id, offset: reqInt(o, 'offset', 0, MAX_OFFSET), limit: reqInt(o, 'limit', 1, MAX_PAGE), ...(order ? { order } : {}),
      });
    },

    async 'run.reviewPairs'(arg) {
      const run = await getRun(argObject(arg, 'run.reviewPairs'));
      return dupViews.reviewPairs(run, await readReport(run));
    },

    async 'run.export'(arg) {
      const o = argObject(arg, 'run.export');
      const run = await getRun(o);
      const folder = await policy.outputDir(reqString(o, 'folder'), 'export folder');
      const requested = optStringArray(o, 'artifacts', 100);
      const keys = requested ?? [...new Set([...Object.keys(run.artifacts).filter((k) => !NOT_FILES.has(k)), 'reportHtml'])];
      const overwrite = optBool(o, 'overwrite') === true;
      const files: string[] = [];
      for (const key of keys) {
        if (key === 'reportHtml' && !run.artifacts['reportHtml']) {
          files.push(await exportRenderedReport(run, folder, overwrite));
          continue;
        }
        if (NOT_FILES.has(key)) throw new EngineError('INVALID_ARGUMENT', `${key} is not a file artifact`);
        const src = artifactPath(run, key);
        const dest = join(folder, basename(src));
        if (resolve(dest) === resolve(src)) {
          files.push(dest);
          continue;
        }
        try {
          await copyFile(src, dest, overwrite ? 0 : fsc.COPYFILE_EXCL);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw new EngineError('OUTPUT_EXISTS', `${dest} exists; export with overwrite to replace it`, { location: { file: dest } });
          if (code === 'ENOENT') throw new EngineError('NOT_FOUND', `artifact ${key} is missing: ${src}`, { location: { file: src } });
          throw new EngineError('IO_ERROR', `cannot copy ${src} to ${dest}: ${(err as Error).message}`);
        }
        files.push(dest);
      }
      return { files };
    },

    async 'audit.entries'(arg) {
      const o = argObject(arg, 'audit.entries');
      const run = await getRun(o);
      const event = optString(o, 'event', 200);
      if (isTeamStore(store)) {
        // With a team profile the trail is the shared catalog's, whichever machine ran the clean.
        const offset = reqInt(o, 'offset', 0, MAX_OFFSET);
        const page = await store.auditEntries(run.id, { offset, limit: reqInt(o, 'limit', 1, MAX_PAGE), ...(event !== undefined ? { event } : {}) });
        return { offset, total: page.total, entries: page.bodies.map((b) => JSON.parse(b) as AuditEntryView) };
      }
      return readAuditPage(artifactPath(run, 'audit'), {
        offset: reqInt(o, 'offset', 0, MAX_OFFSET), limit: reqInt(o, 'limit', 1, MAX_PAGE), runId: run.id, ...(event !== undefined ? { event } : {}),
      });
    },

    async 'audit.verify'(arg): Promise<AuditVerification> {
      const run = await getRun(argObject(arg, 'audit.verify'));
      if (isTeamStore(store)) {
        // The team's trail is one chain per workspace, kept in the shared catalog: verify all of it.
        const v = await store.verifyAudit();
        return v.ok ? v : { ok: false, entries: v.entries, line: v.seq, error: v.error };
      }
      return verifyAuditLog(artifactPath(run, 'audit'));
    },

    'connections.list': connections['connections.list'],
    'connections.save': connections['connections.save'],
    'connections.delete': connections['connections.delete'],
    'connections.test': connections['connections.test'],
    'connections.use': connections['connections.use'],

    async 'settings.get'() {
      return settings.get();
    },

    async 'settings.set'(arg) {
      const o = argObject(arg, 'settings.set');
      const patch: SettingsPatch = {};
      const theme = optEnum(o, 'theme', ['system', 'light', 'dark'] as const);
      if (theme) patch.theme = theme;
      if (o['outputDir'] === null) patch.outputDir = null;
      else if (o['outputDir'] !== undefined) patch.outputDir = await policy.outputDir(reqString(o, 'outputDir'), 'default output folder');
      if (o['workers'] === null) patch.workers = null;
      else if (o['workers'] !== undefined) patch.workers = reqInt(o, 'workers', 1, 256);
      return settings.set(patch);
    },
  };

  return {
    handlers,
    restoreConnections: () => connections.restore(),
    events,
    jobs,
    runner,
    stats: () => jobs.snapshot(),
    async close() {
      await jobs.shutdown();
      await runner.drain();
      await tables.close();
      await owned?.close();
    },
  };
}
