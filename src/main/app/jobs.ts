/** Long-running API jobs (profile, clean): one AbortController each, progress fanned out, outcome kept for status calls. */
import { randomUUID } from 'node:crypto';
import type { JobKind, JobOutcome, JobState, JobStatus } from '../../shared/api.js';
import type { ProgressEvent } from '../../shared/run.js';
import { CancelledError, EngineError, serializeError } from '../engine/errors.js';
import type { EventHub } from './events.js';

export interface JobContext {
  signal: AbortSignal;
  onProgress: (e: ProgressEvent) => void;
}

export interface JobStats {
  finished: Record<Exclude<JobState, 'running'>, number>;
  running: Record<JobKind, number>;
  rowsProcessed: number;
}

interface Job {
  status: JobStatus;
  abort: AbortController;
  done: Promise<void>;
}

/** Finished jobs kept for status queries before the oldest are forgotten. */
const KEEP_FINISHED = 200;

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly stats: JobStats = {
    finished: { succeeded: 0, failed: 0, cancelled: 0 },
    running: { profile: 0, clean: 0 },
    rowsProcessed: 0,
  };

  constructor(private readonly events: EventHub) {}

  /**
   * Starts `work` on the event loop and returns at once. The job's status follows the
   * promise: resolved → succeeded, CANCELLED → cancelled, anything else → failed.
   */
  start(kind: JobKind, input: string, runId: string | null, work: (ctx: JobContext) => Promise<JobOutcome>): JobStatus {
    const id = randomUUID();
    const abort = new AbortController();
    const status: JobStatus = {
      id, kind, state: 'running', input, runId, phases: [], startedAt: new Date().toISOString(), finishedAt: null, error: null, outcome: null,
    };
    const onProgress = (e: ProgressEvent): void => {
      const i = status.phases.findIndex((p) => p.phase === e.phase);
      if (i >= 0) status.phases[i] = { phase: e.phase, progress: e };
      else status.phases.push({ phase: e.phase, progress: e });
      this.events.emit('job.progress', { jobId: id, kind, progress: e });
    };
    this.stats.running[kind]++;
    const done = (async () => {
      try {
        // Yield once so the caller gets the job id before any progress event fires.
        await Promise.resolve();
        const outcome = await work({ signal: abort.signal, onProgress });
        status.outcome = outcome;
        status.state = 'succeeded';
        if (outcome.kind === 'clean') this.stats.rowsProcessed += outcome.report.rows.in;
      } catch (err) {
        const cancelled = err instanceof EngineError && err.code === 'CANCELLED';
        status.state = cancelled ? 'cancelled' : 'failed';
        status.error = serializeError(err);
      } finally {
        status.finishedAt = new Date().toISOString();
        this.stats.running[kind]--;
        this.stats.finished[status.state as Exclude<JobState, 'running'>]++;
        this.prune();
        this.events.emit('job.finished', structuredClone(status));
      }
    })();
    this.jobs.set(id, { status, abort, done });
    return structuredClone(status);
  }

  get(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('NOT_FOUND', `no job ${id}`);
    return structuredClone(job.status);
  }

  list(): JobStatus[] {
    // Listing omits outcomes: they hold whole profiles and reports; job.status returns them.
    return [...this.jobs.values()].map((j) => structuredClone({ ...j.status, outcome: null }));
  }

  /** Requests cancellation; true when the job was still running. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('NOT_FOUND', `no job ${id}`);
    if (job.status.state !== 'running') return false;
    job.abort.abort(new CancelledError());
    return true;
  }

  /** Resolves when the job has settled (whatever its state). */
  async wait(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id);
    if (!job) throw new EngineError('NOT_FOUND', `no job ${id}`);
    await job.done;
    return structuredClone(job.status);
  }

  snapshot(): JobStats {
    return structuredClone(this.stats);
  }

  /** Cancels every running job and waits for all of them to unwind. */
  async shutdown(): Promise<void> {
    for (const j of this.jobs.values()) if (j.status.state === 'running') j.abort.abort(new CancelledError('shutting down'));
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (let i = 0; i < finished.length - KEEP_FINISHED; i++) this.jobs.delete(finished[i]![0]);
  }
}
