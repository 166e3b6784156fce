/** Runs engine jobs and records them in the run catalog; shared by the CLI, the server and the desktop app. */
import { randomUUID } from 'node:crypto';
import { cleanFile, type CleanOptions, type CleanResult } from '../engine/run/clean.js';
import { EngineError } from '../engine/errors.js';
import type { RunStore } from './ports.js';

/** Cleans a file and keeps the catalog consistent whatever happens: succeeded, failed or cancelled. */
export async function runClean(store: RunStore, opts: CleanOptions): Promise<CleanResult> {
  const runId = opts.runId ?? randomUUID();
  await store.recoverInterrupted();
  await store.beginRun({ id: runId, command: 'clean', input: opts.input, salt: opts.salt ?? opts.plan?.salt ?? '', startedAt: new Date().toISOString() });
  try {
    const result = await cleanFile({ ...opts, runId });
    const { report } = result;
    await store.finishRun(runId, {
      status: 'succeeded', finishedAt: report.finishedAt, inputSha256: report.input.sha256, plan: result.plan,
      rowsIn: report.rows.in, rowsOut: report.rows.out, duplicates: report.rows.duplicates, quarantined: report.rows.quarantined,
      artifacts: { ...report.outputs, auditHead: result.auditHead },
    });
    return result;
  } catch (err) {
    const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
    const message = err instanceof EngineError ? err.oneLine() : err instanceof Error ? err.message : String(err);
    await store.finishRun(runId, { status: cancelled ? 'cancelled' : 'failed', finishedAt: new Date().toISOString(), error: message });
    throw err;
  }
}
