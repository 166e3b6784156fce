/** Runs engine jobs and records them in the run catalog; shared by the CLI, the server and the desktop app. */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanFile, defaultNearFinder, type CleanOptions, type CleanResult } from '../engine/run/clean.js';
import { EngineError } from '../engine/errors.js';
import { makeTempDir } from '../engine/io/tempDirs.js';
import { pairVerdict, type PairVerdict } from '../engine/dedupe/explainText.js';
import type { NearDuplicateFinder } from '../engine/dedupe/nearTypes.js';
import type { RunStore } from './ports.js';

/** Steps around the engine for runs that read from or publish to elsewhere (team store, object store). */
export interface RunHooks {
  /** Before the run is recorded; throwing refuses the run (a used-up quota). */
  beforeStart?: () => Promise<void>;
  /**
   * After the engine succeeded and before the run is recorded as succeeded (uploads, team audit trail);
   * throwing fails the run. The result, if any, replaces the artifact locations recorded in the catalog.
   */
  publish?: (result: CleanResult) => Promise<Record<string, string> | void>;
  /** After a failed or cancelled run, before it is recorded so (e.g. to keep its audit entries). */
  afterFailure?: (runId: string, err: unknown) => Promise<void>;
}

/** Cleans a file and keeps the catalog consistent whatever happens: succeeded, failed or cancelled. */
export async function runClean(store: RunStore, opts: CleanOptions, hooks: RunHooks = {}): Promise<CleanResult> {
  const runId = opts.runId ?? randomUUID();
  await store.recoverInterrupted();
  if (hooks.beforeStart) await hooks.beforeStart();
  await store.beginRun({ id: runId, command: 'clean', input: opts.input, salt: opts.salt ?? opts.plan?.salt ?? '', startedAt: new Date().toISOString() });
  try {
    const result = await cleanFile({ ...opts, runId });
    const { report } = result;
    const published = hooks.publish ? await hooks.publish(result) : undefined;
    await store.finishRun(runId, {
      status: 'succeeded', finishedAt: report.finishedAt, inputSha256: report.input.sha256, plan: result.plan,
      rowsIn: report.rows.in, rowsOut: report.rows.out, duplicates: report.rows.duplicates, quarantined: report.rows.quarantined,
      artifacts: { ...(published ?? report.outputs), auditHead: result.auditHead },
    });
    return result;
  } catch (err) {
    const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
    const message = err instanceof EngineError ? err.oneLine() : err instanceof Error ? err.message : String(err);
    if (hooks.afterFailure) await hooks.afterFailure(runId, err).catch(() => undefined);
    // A run that failed after the engine finished (publishing) must not leave its rows for --against.
    if (opts.dataset !== undefined) await opts.signatureIndex?.deleteRun(runId).catch(() => undefined);
    await store.finishRun(runId, { status: cancelled ? 'cancelled' : 'failed', finishedAt: new Date().toISOString(), error: message });
    throw err;
  }
}

export interface ExplainOptions extends Pick<CleanOptions, 'input' | 'inputFormat' | 'sheet' | 'delimiter' | 'encoding' | 'plan' | 'salt' | 'sampleSize' | 'signal' | 'tmpDir'> {
  /** The two 1-based data rows to compare. */
  rows: [number, number];
}

/**
 * Why two rows were or were not merged. Reruns pass 1, the plan and the near finder over the input
 * (into a scratch directory that is removed afterwards) with both rows handed to the finder, so the
 * answer is exactly what `clean` with the same plan and salt decides, review decisions included.
 * Nothing is recorded in the catalog.
 */
export async function explainRows(opts: ExplainOptions): Promise<PairVerdict> {
  const [a, b] = opts.rows;
  for (const r of opts.rows) if (!Number.isInteger(r) || r < 1) throw new EngineError('INVALID_ARGUMENT', `rows must be positive whole numbers, got ${r}`);
  if (a === b) throw new EngineError('INVALID_ARGUMENT', `explain needs two different rows, got ${a} twice`);
  const dir = await makeTempDir(opts.tmpDir ?? tmpdir(), 'ds-explain-');
  try {
    let finder: NearDuplicateFinder | null = null;
    const { rows: _rows, ...rest } = opts;
    const result = await cleanFile({
      ...rest, out: join(dir, 'explain.jsonl'), provenance: false, force: true, pinRows: opts.rows,
      tmpDir: dir,
      createNearFinder: (fields, plan) => (finder = defaultNearFinder(fields, plan)),
    });
    const mode = result.plan.dedupe.mode;
    if (mode !== 'near' || !finder) {
      throw new EngineError('INVALID_ARGUMENT', `explain compares rows with the near-duplicate model, but the plan's dedupe mode is '${mode}'`);
    }
    const near: NearDuplicateFinder = finder;
    for (const r of opts.rows) {
      if (r > result.report.rows.in) throw new EngineError('INVALID_ARGUMENT', `row ${r} is beyond the input's ${result.report.rows.in} data rows`, { location: { row: r } });
      if (!near.has(r)) throw new EngineError('INVALID_ARGUMENT', `row ${r} was quarantined, so duplicate detection never saw it`, { location: { row: r } });
    }
    return pairVerdict(near, result.dedupe.assignments, result.dedupe.decisions, a, b);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
