/** The work of a profile or clean job as plain data in, plain data out: the same code runs in a worker thread or inline. */
import type { DatasetRef, JobOutcome } from '../../shared/api.js';
import type { DedupeMode } from '../../shared/plan.js';
import { openSource } from '../engine/io/open.js';
import { proposePlan } from '../engine/plan/propose.js';
import type { CleanOptions } from '../engine/run/clean.js';
import { sha256File } from '../engine/run/fileHash.js';
import { profileSource } from '../engine/run/pass1.js';
import type { JobContext } from './jobs.js';
import type { RunStore } from './ports.js';
import { runClean } from './runService.js';

export interface ProfileTask {
  kind: 'profile';
  ref: DatasetRef;
  salt: string;
  dedupe: DedupeMode;
  sampleSize?: number;
  /** Engine worker threads for pass 1 (Settings → worker count). @default the cores */
  workers?: number;
}

/**
 * Clean options that survive structured cloning to a worker: no signal, listeners, factories, promises,
 * open sources or indexes (those hold functions or native handles and belong to one thread).
 */
export type CleanTaskOptions = Omit<CleanOptions,
  'signal' | 'onProgress' | 'createNearFinder' | 'signatureIndex' | 'source' | 'inputSha256' | 'openOutput' | 'outputLocation'>;

export interface CleanTask {
  kind: 'clean';
  opts: CleanTaskOptions;
}

export type JobTask = ProfileTask | CleanTask;

export function sourceOptions(ref: DatasetRef): Parameters<typeof openSource>[1] {
  const so: Parameters<typeof openSource>[1] = {};
  if (ref.format) so.format = ref.format;
  if (ref.sheet !== undefined) so.sheet = ref.sheet;
  return so;
}

/** Runs a task. `extra` carries what cannot cross a thread (a near-finder factory), for inline runs only. */
export async function executeTask(task: JobTask, ctx: JobContext, store: RunStore, extra: Pick<CleanOptions, 'createNearFinder'> = {}): Promise<JobOutcome> {
  const { signal, onProgress } = ctx;
  if (task.kind === 'profile') {
    const { ref, salt, dedupe } = task;
    const sha = sha256File(ref.path);
    sha.catch(() => undefined);
    const res = await profileSource(openSource(ref.path, sourceOptions(ref)), {
      salt, sha256: sha, signal, onProgress,
      ...(task.sampleSize !== undefined ? { sampleSize: task.sampleSize } : {}),
      ...(task.workers !== undefined ? { workers: task.workers } : {}),
    });
    return { kind: 'profile', profile: res.profile, plan: proposePlan(res.profile, { salt, dedupe }), columns: res.columns };
  }
  const r = await runClean(store, { ...task.opts, ...extra, signal, onProgress });
  return { kind: 'clean', runId: r.runId, report: r.report, plan: r.plan };
}
