/** Pure helpers over job status and progress: merging events, rates and ETAs for the Run screen. */
import type { JobStatus } from '../../../shared/api.js';
import type { ProgressEvent, RunPhase } from '../../../shared/run.js';

/** Applies one progress event to a job's per-phase progress (a phase keeps its latest event). */
export function mergeProgress(job: JobStatus, e: ProgressEvent): JobStatus {
  const phases = job.phases.slice();
  const i = phases.findIndex((p) => p.phase === e.phase);
  if (i >= 0) phases[i] = { phase: e.phase, progress: e };
  else phases.push({ phase: e.phase, progress: e });
  return { ...job, phases };
}

/** A finished status wins over progress that may still be in flight. */
export function mergeStatus(current: JobStatus | null, next: JobStatus): JobStatus {
  if (!current || current.id !== next.id) return next;
  if (current.state !== 'running' && next.state === 'running') return current;
  return next;
}

export interface PhaseView {
  phase: RunPhase;
  pass: 1 | 2;
  rows: number;
  rowsPerSecond: number;
  /** 0–1 when the input size is known, else null. */
  fraction: number | null;
  /** Seconds left, when it can be estimated. */
  etaSeconds: number | null;
}

const PASS: Record<RunPhase, 1 | 2> = { hash: 1, profile: 1, clean: 2, dedupe: 2, write: 2, done: 2 };

export function phaseView(e: ProgressEvent, finished: boolean): PhaseView {
  const secs = e.elapsedMs / 1000;
  const rate = secs > 0 ? e.rows / secs : 0;
  const fraction = finished ? 1 : e.totalBytes > 0 && e.bytes > 0 ? Math.min(1, e.bytes / e.totalBytes) : null;
  let eta: number | null = null;
  if (!finished && fraction !== null && fraction > 0 && secs > 0) eta = Math.max(0, secs * (1 - fraction) / fraction);
  return { phase: e.phase, pass: PASS[e.phase], rows: e.rows, rowsPerSecond: rate, fraction, etaSeconds: eta };
}

/** Views for every phase of a job; phases before the latest one are complete. */
export function phaseViews(job: JobStatus): PhaseView[] {
  const done = job.state !== 'running';
  return job.phases.map((p, i) => phaseView(p.progress, done ? job.state === 'succeeded' : i < job.phases.length - 1));
}
