/** Messages between the job runner (main thread) and a job worker thread. */
import type { JobOutcome } from '../../shared/api.js';
import type { SerializedError } from '../../shared/errors.js';
import type { ProgressEvent } from '../../shared/run.js';
import type { JobTask } from './jobTasks.js';

/** workerData of a job worker: the marker tells the entry module it was started as one. */
export interface JobWorkerData {
  dataSanitizerJob: 1;
  task: JobTask;
}

export type ToWorker =
  | { type: 'cancel' }
  | { type: 'store-result'; id: number; ok: true; value: unknown }
  | { type: 'store-result'; id: number; ok: false; error: SerializedError };

export type FromWorker =
  | { type: 'progress'; event: ProgressEvent }
  /** A RunStore call: the catalog stays on the main thread, the worker reaches it by message. */
  | { type: 'store'; id: number; method: string; args: unknown[] }
  | { type: 'done'; outcome: JobOutcome }
  | { type: 'error'; error: SerializedError; stack?: string };
