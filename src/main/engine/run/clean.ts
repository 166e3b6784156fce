/** The two-pass clean: profile → plan → clean + dedupe → outputs, provenance, audit log and report. */
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import type { DedupeMode, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import type { Report } from '../../../shared/report.js';
import { AuditLog } from '../audit/auditLog.js';
import { createNearDuplicateFinder } from '../dedupe/near.js';
import type { DedupeField, DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import type { DecisionOutcome } from '../dedupe/decisions.js';
import type { NearDuplicateFinder } from '../dedupe/nearTypes.js';
import type { SignatureIndex } from '../dedupe/ports.js';
import { isNearFinder } from '../dedupe/resolve.js';
import { buildReviewFile, duplicateDetails } from '../dedupe/review.js';
import { EngineError } from '../errors.js';
import { atomicWriteFile } from '../io/atomic.js';
import { openSource } from '../io/open.js';
import { openSink } from '../io/sinks.js';
import type { InputFormat, OutputFormat, Sink, Source } from '../io/types.js';
import { planHash } from '../plan/hash.js';
import { assertValidPlan } from '../plan/parse.js';
import { proposePlan } from '../plan/propose.js';
import { PROVENANCE_COLUMNS, PROVENANCE_TYPES } from '../provenance/recorder.js';
import { ENGINE_VERSION, REPORT_VERSION } from '../version.js';
import { renderReportHtml } from '../report/html.js';
import { sha256File } from './fileHash.js';
import { assertInputUnchanged, stampInput } from './inputGuard.js';
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
  /**
   * Artifact paths; defaults sit beside `out` (cleaned.report.json, cleaned.audit.jsonl, …).
   * `reportHtml` (no default) adds the self-contained HTML audit report; `review` (no default) the
   * JSON list of duplicate pairs awaiting a decision.
   */
  artifacts?: Partial<Omit<ArtifactPaths, 'out'>> & { reportHtml?: string; review?: string };
  /** Keys and signatures of earlier runs, for `against` and `dataset`; the app passes the catalog's. */
  signatureIndex?: SignatureIndex;
  /** Removes rows an earlier run of this dataset already had, exact or near (needs signatureIndex; not with dedupe 'off'). */
  against?: string;
  /** Records this run's output rows under this dataset for later `against` runs (needs signatureIndex). */
  dataset?: string;
  /** Rows the near finder sees even when they are exact copies, so they can be explained. */
  pinRows?: readonly number[];
  /** Writes no provenance file when false. @default true */
  provenance?: boolean;
  /** Replace existing outputs. @default false */
  force?: boolean;
  batchSize?: number;
  sampleSize?: number;
  /** Worker threads for both passes; outputs are the same for any count. @default the cores available */
  workers?: number;
  /** Memory budget in MB (exact-duplicate keys spill to disk beyond their share). @default 1024 */
  memoryMB?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Builds the near-duplicate finder. @default the engine's MinHash/LSH + Fellegi–Sunter finder */
  createNearFinder?: (fields: DedupeField[], plan: Plan) => DuplicateFinder;
  /** Versions of the surrounding app, merged into the report. */
  versions?: Record<string, string>;
  /** A source the caller opened (a database query, a downloaded object); `input` is then only its label. */
  source?: Source;
  /** Fingerprint of `source`'s content, awaited after pass 1. @default '' */
  inputSha256?: Promise<string>;
  /** Opens the cleaned-data sink instead of a file at `out` (a database table, …); it commits after every file sink. */
  openOutput?: (o: { columns: string[] }) => Promise<ExternalOutput>;
  /** Where an artifact will be once the caller publishes it (an object store), as the report records it. @default the path */
  outputLocation?: (path: string) => string;
  runId?: string;
  tmpDir?: string;
  /** Extra audit context (who ran it, from where). Never secrets. */
  actor?: Record<string, string>;
}

/** A cleaned-data sink outside the file system, opened by the caller through CleanOptions.openOutput. */
export interface ExternalOutput {
  sink: Sink;
  /** Names the output in the report and catalog; never holds secrets. */
  location: string;
  /** sha256 of what was written, for the audit log; called after commit. */
  checksum(): Promise<string>;
}

export interface CleanResult {
  runId: string;
  report: Report;
  plan: Plan;
  profile: DatasetProfile;
  paths: ArtifactPaths;
  /** Hash of the run's last audit entry; kept in the catalog so even a rewritten log is caught. */
  auditHead: string;
  /** Every row in a duplicate cluster, the near finder (for explanations) and what each review decision did. */
  dedupe: { assignments: DuplicateAssignment[]; finder: DuplicateFinder | null; decisions: DecisionOutcome[] };
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
  const reportHtml = opts.artifacts?.reportHtml ?? null;
  const reviewPath = opts.artifacts?.review ?? null;
  if (!opts.force) {
    const targets = [paths.out, paths.report, paths.quarantine, writeProvenance ? paths.provenance : null, paths.duplicates, paths.planOut, reportHtml, reviewPath];
    for (const t of targets) if (t && (await exists(t))) throw new EngineError('OUTPUT_EXISTS', `${t} exists; use --force to overwrite`);
  }
  const t0 = performance.now();
  const sourceOpts: Parameters<typeof openSource>[1] = {};
  if (opts.inputFormat) sourceOpts.format = opts.inputFormat;
  if (opts.sheet !== undefined) sourceOpts.sheet = opts.sheet;
  if (opts.delimiter !== undefined) sourceOpts.delimiter = opts.delimiter;
  if (opts.encoding !== undefined) sourceOpts.encoding = opts.encoding;
  // Taken before anything is read; checked after each pass, so both passes saw the same file.
  const stamp = opts.source ? null : await stampInput(opts.input);
  const source = opts.source ?? openSource(opts.input, sourceOpts);
  const info = await source.info();
  const sha = opts.source ? (opts.inputSha256 ?? Promise.resolve('')) : sha256File(opts.input);
  const salt = opts.salt ?? opts.plan?.salt ?? '';

  const p1 = await profileSource(source, {
    salt, sha256: sha,
    ...(opts.sampleSize !== undefined ? { sampleSize: opts.sampleSize } : {}),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
  });
  await assertInputUnchanged(opts.input, stamp, 'pass 1 (profiling)');
  const profile = p1.profile;
  let plan: Plan = opts.plan ? { ...opts.plan, salt } : proposePlan(profile, { salt, dedupe: opts.dedupe ?? 'near' });
  if (opts.dedupe) plan = { ...plan, dedupe: { ...plan.dedupe, mode: opts.dedupe } };
  assertValidPlan(plan, p1.columns);
  const hash = planHash(plan);
  if ((opts.against !== undefined || opts.dataset !== undefined) && !opts.signatureIndex) {
    throw new EngineError('INVALID_ARGUMENT', 'against and dataset need a run catalog to keep row signatures in');
  }
  if (opts.against !== undefined && plan.dedupe.mode === 'off') {
    throw new EngineError('INVALID_ARGUMENT', `--against ${opts.against} needs duplicate detection, but the dedupe mode is 'off'`);
  }
  // Decisions name rows of the input they were made on; on another file the same numbers are other rows.
  const decisions = plan.dedupe.decisions ?? [];
  const decisionsInput = plan.dedupe.decisionsInput;
  const otherInput = decisionsInput !== undefined && decisionsInput !== profile.input.sha256;
  const recording = opts.signatureIndex && opts.dataset !== undefined ? opts.signatureIndex : null;

  const audit = await AuditLog.open(paths.audit, runId);
  await audit.append({ event: 'run.started', command: 'clean', input: opts.input, inputSha256: profile.input.sha256, bytes: info.bytes, format: info.format, salt, planHash: hash, engine: ENGINE_VERSION, ...(opts.actor ? { actor: opts.actor } : {}) });
  await audit.append({ event: 'plan.applied', planHash: hash, operations: plan.operations.filter((o) => o.enabled !== false).map((o) => ({ id: o.id, op: o.op, column: o.column })), dedupe: plan.dedupe, proposed: !opts.plan });

  const sinks: Sink[] = [];
  let external: ExternalOutput | null = null;
  let externalOpen = false;
  const open = async (path: string, o: Parameters<typeof openSink>[1]): Promise<Sink> => {
    const s = await openSink(path, { ...o, overwrite: opts.force === true });
    sinks.push(s);
    return s;
  };
  try {
    external = opts.openOutput ? await opts.openOutput({ columns: p1.columns }) : null;
    externalOpen = external !== null;
    const out = external ? external.sink : await open(paths.out, { columns: p1.columns, ...(opts.format ? { format: opts.format } : {}) });
    const provenance = writeProvenance ? await open(paths.provenance, { columns: [...PROVENANCE_COLUMNS], types: PROVENANCE_TYPES, format: 'parquet' }) : null;
    const quarantine = await open(paths.quarantine, { columns: QUARANTINE_COLUMNS, format: 'jsonl' });
    const fieldTypes = new Map(profile.columns.map((c) => [c.name, c.inferred]));
    const fields: DedupeField[] = p1.columns.map((name) => ({ name, type: fieldTypes.get(name) ?? 'text' }));
    const createNear = opts.createNearFinder ?? defaultNearFinder;
    // Opened first: pass 2 streams the duplicates list rather than holding it.
    const dupSink = paths.duplicates ? await open(paths.duplicates, { columns: ['row', 'cluster', 'kept', 'similarity'], format: 'csv' }) : null;
    const r2 = await runPass2({
      source, columns: p1.columns, plan, fields, out, provenance, quarantine, totalBytes: info.bytes,
      duplicates: dupSink, rowsHint: p1.rows,
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(opts.memoryMB !== undefined ? { memoryMB: opts.memoryMB } : {}),
      createNearFinder: (f: DedupeField[]) => createNear(f, plan),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.tmpDir ? { tmpDir: opts.tmpDir } : {}),
      decisions: otherInput ? [] : decisions,
      pinRows: new Set([...(otherInput ? [] : decisions.flatMap((d) => d.rows)), ...(opts.pinRows ?? [])]),
      crossRun: opts.signatureIndex && (opts.against !== undefined || opts.dataset !== undefined)
        ? { index: opts.signatureIndex, runId, against: opts.against ?? null, record: opts.dataset ?? null }
        : null,
    });
    const outcomes: DecisionOutcome[] = otherInput
      ? decisions.map((decision, index) => ({ index, decision, status: 'skipped', detail: `made on another input (sha256 ${decisionsInput.slice(0, 12)}…, this one ${profile.input.sha256.slice(0, 12)}…)` }))
      : r2.decisions;
    for (const o of outcomes) await audit.append({ event: 'dedupe.decision', index: o.index, kind: o.decision.kind, rows: o.decision.rows, status: o.status, detail: o.detail });
    const dd = duplicateDetails({ finder: r2.finder, assignments: r2.assignments, decisions, outcomes, rowsIn: r2.rowsIn, crossRun: r2.crossRun });
    if (r2.rowsIn !== r2.rowsOut + r2.duplicates + r2.quarantined) {
      throw new EngineError('INTERNAL', `row accounting failed: in ${r2.rowsIn} ≠ out ${r2.rowsOut} + duplicates ${r2.duplicates} + quarantined ${r2.quarantined}`);
    }
    if (reviewPath) {
      const review = isNearFinder(r2.finder)
        ? buildReviewFile({ finder: r2.finder, pairs: dd.pending, assignments: r2.assignments, runId, input: { path: opts.input, sha256: profile.input.sha256 } })
        : { version: 1, runId, input: { path: opts.input, sha256: profile.input.sha256 }, threshold: null, reviewThreshold: null, instructions: `dedupe mode '${plan.dedupe.mode}' leaves nothing for review`, pairs: [] };
      await atomicWriteFile(reviewPath, JSON.stringify(review, null, 2) + '\n', { overwrite: opts.force === true });
    }
    await assertInputUnchanged(opts.input, stamp, 'pass 2 (cleaning)');
    // Commit data before the report, so a report never points at missing files.
    // One at a time: a failed commit (disk full) then leaves no other output renamed into place.
    for (const s of sinks) await s.commit();
    sinks.length = 0;
    if (external) {
      externalOpen = false;
      await external.sink.commit();
    }

    const finishedAt = new Date();
    const outputs: Record<string, string> = { cleaned: external ? external.location : paths.out, quarantine: paths.quarantine, audit: paths.audit, report: paths.report };
    if (writeProvenance) outputs['provenance'] = paths.provenance;
    if (paths.duplicates) outputs['duplicates'] = paths.duplicates;
    if (paths.planOut) outputs['plan'] = paths.planOut;
    if (reportHtml) outputs['reportHtml'] = reportHtml;
    if (reviewPath) outputs['review'] = reviewPath;
    const where = opts.outputLocation;
    const reportOutputs = where ? Object.fromEntries(Object.entries(outputs).map(([k, p]) => [k, external && k === 'cleaned' ? p : where(p)])) : outputs;
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
      duplicates: { mode: plan.dedupe.mode, clusters: r2.clusters, removed: r2.duplicates, ...dd.details },
      quarantine: { reasons: r2.quarantineReasons },
      outputs: reportOutputs,
      timings: { profileMs: Math.round(p1.ms), cleanMs: Math.round(r2.ms.clean), dedupeMs: Math.round(r2.ms.dedupe), ...(isNearFinder(r2.finder) ? r2.finder.timings() : {}), writeMs: Math.round(r2.ms.write), workers: r2.workers, totalMs: Math.round(performance.now() - t0) },
      versions: { engine: ENGINE_VERSION, node: process.versions.node, ...(opts.versions ?? {}) },
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    };
    if (paths.planOut) await atomicWriteFile(paths.planOut, JSON.stringify(plan, null, 2) + '\n');
    await atomicWriteFile(paths.report, JSON.stringify(report, null, 2) + '\n');
    const artifacts: Record<string, string> = {};
    // The HTML report shows the chain head, so it is written after the last entry and not hashed in it.
    for (const [k, p] of Object.entries(outputs)) if (k !== 'audit' && k !== 'reportHtml') artifacts[k] = external && k === 'cleaned' ? await external.checksum() : await sha256File(p);
    await audit.append({ event: 'run.finished', status: 'succeeded', rows: report.rows, duplicates: report.duplicates, quarantine: report.quarantine, provenanceRecords: r2.provenanceRecords, artifacts });
    if (reportHtml) await atomicWriteFile(reportHtml, renderReportHtml(report, { auditHead: audit.head, plan }));
    return { runId, report, plan, profile, paths, auditHead: audit.head, dedupe: { assignments: r2.assignments, finder: r2.finder, decisions: outcomes } };
  } catch (err) {
    for (const s of sinks) await s.abort().catch(() => undefined);
    if (external && externalOpen) await external.sink.abort().catch(() => undefined);
    if (recording) await recording.deleteRun(runId).catch(() => undefined);
    const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
    await audit.append({ event: 'run.finished', status: cancelled ? 'cancelled' : 'failed', error: err instanceof Error ? err.message : String(err) }).catch(() => undefined);
    throw err;
  }
}

/** The engine's near-duplicate finder, configured from the plan's dedupe settings. */
export function defaultNearFinder(fields: DedupeField[], plan: Plan): NearDuplicateFinder {
  const d = plan.dedupe;
  return createNearDuplicateFinder({
    fields, salt: plan.salt,
    ...(d.threshold !== undefined ? { threshold: d.threshold } : {}),
    ...(d.reviewThreshold !== undefined ? { reviewThreshold: d.reviewThreshold } : {}),
    ...(d.survivor !== undefined ? { survivor: d.survivor } : {}),
    ...(d.recencyColumn !== undefined ? { recencyField: d.recencyColumn } : {}),
  });
}
