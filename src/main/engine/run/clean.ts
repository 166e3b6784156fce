/** The two-pass clean: profile → plan → clean + dedupe → outputs, provenance, audit log and report. */
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { DedupeMode, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import type { Report } from '../../../shared/report.js';
import { AuditLog } from '../audit/auditLog.js';
import { createNearDuplicateFinder } from '../dedupe/near.js';
import type { DedupeField, DuplicateFinder } from '../dedupe/types.js';
import { EngineError } from '../errors.js';
import { atomicWriteFile } from '../io/atomic.js';
import { openSource } from '../io/open.js';
import { openSink } from '../io/sinks.js';
import type { InputFormat, OutputFormat, Sink } from '../io/types.js';
import { planHash } from '../plan/hash.js';
import { assertValidPlan } from '../plan/parse.js';
import { proposePlan } from '../plan/propose.js';
import { PROVENANCE_COLUMNS, PROVENANCE_TYPES } from '../provenance/recorder.js';
import { ENGINE_VERSION, REPORT_VERSION } from '../version.js';
import { sha256File } from './fileHash.js';
import { profileSource } from './pass1.js';
import { QUARANTINE_COLUMNS, runPass2 } from './pass2.js';
import { defaultArtifactPaths, type ArtifactPaths } from './paths.js';
import type { ProgressListener } from './progress.js';

export interface CleanOptions {
  input: string;
  /** Output path; the format comes from the extension unless `format` is set. */
  out: string;
  format?: OutputFormat;
  inputFormat?: InputFormat;
  sheet?: string | number;
  delimiter?: string;
  encoding?: string;
  /** A plan to apply instead of the proposed one; validated against the input's columns. */
  plan?: Plan;
  /** Overrides the plan's salt. @default the plan's salt, or '' */
  salt?: string;
  /** Overrides the plan's dedupe mode. */
  dedupe?: DedupeMode;
  /** Artifact paths; defaults sit beside `out` (cleaned.report.json, cleaned.audit.jsonl, …). */
  artifacts?: Partial<Omit<ArtifactPaths, 'out'>>;
  /** Writes no provenance file when false. @default true */
  provenance?: boolean;
  /** Replace existing outputs. @default false */
  force?: boolean;
  batchSize?: number;
  sampleSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Builds the near-duplicate finder. @default the engine's MinHash/LSH + Fellegi–Sunter finder */
  createNearFinder?: (fields: DedupeField[], plan: Plan) => DuplicateFinder;
  /** Versions of the surrounding app, merged into the report. */
  versions?: Record<string, string>;
  runId?: string;
  tmpDir?: string;
  /** Extra audit context (who ran it, from where). Never secrets. */
  actor?: Record<string, string>;
}

export interface CleanResult {
  runId: string;
  report: Report;
  plan: Plan;
  profile: DatasetProfile;
  paths: ArtifactPaths;
  /** Hash of the run's last audit entry; kept in the catalog so even a rewritten log is caught. */
  auditHead: string;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

export async function cleanFile(opts: CleanOptions): Promise<CleanResult> {
  const startedAt = new Date();
  const runId = opts.runId ?? randomUUID();
  const paths = defaultArtifactPaths(opts.out, opts.artifacts ?? {});
  const writeProvenance = opts.provenance !== false;
  if (!opts.force) {
    const targets = [paths.out, paths.report, paths.quarantine, writeProvenance ? paths.provenance : null, paths.duplicates, paths.planOut];
    for (const t of targets) if (t && (await exists(t))) throw new EngineError('OUTPUT_EXISTS', `${t} exists; use --force to overwrite`);
  }
  const t0 = performance.now();
  const sourceOpts: Parameters<typeof openSource>[1] = {};
  if (opts.inputFormat) sourceOpts.format = opts.inputFormat;
  if (opts.sheet !== undefined) sourceOpts.sheet = opts.sheet;
  if (opts.delimiter !== undefined) sourceOpts.delimiter = opts.delimiter;
  if (opts.encoding !== undefined) sourceOpts.encoding = opts.encoding;
  const source = openSource(opts.input, sourceOpts);
  const info = await source.info();
  const sha = sha256File(opts.input);
  const salt = opts.salt ?? opts.plan?.salt ?? '';

  const p1 = await profileSource(source, {
    salt, sha256: sha,
    ...(opts.sampleSize !== undefined ? { sampleSize: opts.sampleSize } : {}),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const profile = p1.profile;
  let plan: Plan = opts.plan ? { ...opts.plan, salt } : proposePlan(profile, { salt, dedupe: opts.dedupe ?? 'near' });
  if (opts.dedupe) plan = { ...plan, dedupe: { ...plan.dedupe, mode: opts.dedupe } };
  assertValidPlan(plan, p1.columns);
  const hash = planHash(plan);

  const audit = await AuditLog.open(paths.audit, runId);
  await audit.append({ event: 'run.started', command: 'clean', input: opts.input, inputSha256: profile.input.sha256, bytes: info.bytes, format: info.format, salt, planHash: hash, engine: ENGINE_VERSION, ...(opts.actor ? { actor: opts.actor } : {}) });
  await audit.append({ event: 'plan.applied', planHash: hash, operations: plan.operations.filter((o) => o.enabled !== false).map((o) => ({ id: o.id, op: o.op, column: o.column })), dedupe: plan.dedupe, proposed: !opts.plan });

  const sinks: Sink[] = [];
  const open = async (path: string, o: Parameters<typeof openSink>[1]): Promise<Sink> => {
    const s = await openSink(path, { ...o, overwrite: opts.force === true });
    sinks.push(s);
    return s;
  };
  try {
    const out = await open(paths.out, { columns: p1.columns, ...(opts.format ? { format: opts.format } : {}) });
    const provenance = writeProvenance ? await open(paths.provenance, { columns: [...PROVENANCE_COLUMNS], types: PROVENANCE_TYPES, format: 'parquet' }) : null;
    const quarantine = await open(paths.quarantine, { columns: QUARANTINE_COLUMNS, format: 'jsonl' });
    const fieldTypes = new Map(profile.columns.map((c) => [c.name, c.inferred]));
    const fields: DedupeField[] = p1.columns.map((name) => ({ name, type: fieldTypes.get(name) ?? 'text' }));
    const createNear = opts.createNearFinder ?? defaultNearFinder;
    const r2 = await runPass2({
      source, columns: p1.columns, plan, fields, out, provenance, quarantine, totalBytes: info.bytes,
      createNearFinder: (f: DedupeField[]) => createNear(f, plan),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.tmpDir ? { tmpDir: opts.tmpDir } : {}),
    });
    if (r2.rowsIn !== r2.rowsOut + r2.duplicates + r2.quarantined) {
      throw new EngineError('INTERNAL', `row accounting failed: in ${r2.rowsIn} ≠ out ${r2.rowsOut} + duplicates ${r2.duplicates} + quarantined ${r2.quarantined}`);
    }
    let dupSink: Sink | null = null;
    if (paths.duplicates) {
      dupSink = await open(paths.duplicates, { columns: ['row', 'cluster', 'kept', 'similarity'], format: 'csv' });
      const a = r2.assignments;
      await dupSink.write([a.map((x) => x.row), a.map((x) => x.cluster), a.map((x) => x.kept), a.map((x) => Math.round(x.similarity * 1e6) / 1e6)], a.length);
    }
    // Commit data before the report, so a report never points at missing files.
    for (const s of sinks) await s.commit();
    sinks.length = 0;

    const finishedAt = new Date();
    const outputs: Record<string, string> = { cleaned: paths.out, quarantine: paths.quarantine, audit: paths.audit, report: paths.report };
    if (writeProvenance) outputs['provenance'] = paths.provenance;
    if (paths.duplicates) outputs['duplicates'] = paths.duplicates;
    if (paths.planOut) outputs['plan'] = paths.planOut;
    const afterByName = new Map(r2.after.columns.map((c) => [c.name, c]));
    const report: Report = {
      version: REPORT_VERSION,
      runId,
      input: { path: opts.input, format: info.format, sha256: profile.input.sha256, bytes: info.bytes },
      planHash: hash,
      salt,
      rows: { in: r2.rowsIn, out: r2.rowsOut, duplicates: r2.duplicates, quarantined: r2.quarantined },
      invariantHolds: r2.rowsIn === r2.rowsOut + r2.duplicates + r2.quarantined,
      columns: profile.columns.map((c) => ({ name: c.name, before: c, after: afterByName.get(c.name) ?? null })),
      operations: r2.opCounts.map(({ op, counts }) => ({ id: op.id, op: op.op, column: op.column, ...counts })),
      duplicates: { mode: plan.dedupe.mode, clusters: r2.clusters, removed: r2.duplicates },
      quarantine: { reasons: r2.quarantineReasons },
      outputs,
      timings: { profileMs: Math.round(p1.ms), cleanMs: Math.round(r2.ms.clean), dedupeMs: Math.round(r2.ms.dedupe), totalMs: Math.round(performance.now() - t0) },
      versions: { engine: ENGINE_VERSION, node: process.versions.node, ...(opts.versions ?? {}) },
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    };
    if (paths.planOut) await atomicWriteFile(paths.planOut, JSON.stringify(plan, null, 2) + '\n');
    await atomicWriteFile(paths.report, JSON.stringify(report, null, 2) + '\n');
    const artifacts: Record<string, string> = {};
    for (const [k, p] of Object.entries(outputs)) if (k !== 'audit') artifacts[k] = await sha256File(p);
    await audit.append({ event: 'run.finished', status: 'succeeded', rows: report.rows, duplicates: report.duplicates, quarantine: report.quarantine, provenanceRecords: r2.provenanceRecords, artifacts });
    return { runId, report, plan, profile, paths, auditHead: audit.head };
  } catch (err) {
    for (const s of sinks) await s.abort().catch(() => undefined);
    const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
    await audit.append({ event: 'run.finished', status: cancelled ? 'cancelled' : 'failed', error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
    throw err;
  }
}

/** The engine's near-duplicate finder, configured from the plan's dedupe settings. */
export function defaultNearFinder(fields: DedupeField[], plan: Plan): DuplicateFinder {
  const d = plan.dedupe;
  return createNearDuplicateFinder({
    fields, salt: plan.salt,
    ...(d.threshold !== undefined ? { threshold: d.threshold } : {}),
    ...(d.reviewThreshold !== undefined ? { reviewThreshold: d.reviewThreshold } : {}),
    ...(d.survivor !== undefined ? { survivor: d.survivor } : {}),
    ...(d.recencyColumn !== undefined ? { recencyField: d.recencyColumn } : {}),
  });
}
