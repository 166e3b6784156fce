/** The work of a profile or clean job as plain data in, plain data out: the same code runs in a worker thread or inline. */
import type { DatasetRef, JobOutcome } from '../../shared/api.js';
import type { DedupeMode } from '../../shared/plan.js';
import { openSource } from '../engine/io/open.js';
import { proposePlan } from '../engine/plan/propose.js';
import type { CleanOptions } from '../engine/run/clean.js';
import { sha256File } from '../engine/run/fileHash.js';
import { profileSource } from '../engine/run/pass1.js';
import type { JobContext } from './jobs.js';
import { openRunStore, openSignatureIndex } from './connections.js';
import type { RunStore } from './ports.js';
import type { ResolvedConnections } from './profiles.js';
import { prepareRun } from './remoteRun.js';
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
  /**
   * The active connection profile's settings (plain data, secrets resolved): with a team catalog the
   * task opens its own connection to it, so quota, team audit trail and provenance are kept as from the CLI.
   */
  connections?: ResolvedConnections;
  /** Dataset to dedupe against and record under (in the active catalog's signature index). */
  against?: string;
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
  if (task.connections) return cleanWithConnections(task, task.connections, store, { ...extra, signal, onProgress });
  const r = await runClean(store, { ...task.opts, ...extra, signal, onProgress });
  return { kind: 'clean', runId: r.runId, report: r.report, plan: r.plan };
}

/** A clean recorded in the profile's catalog (its own connection for a team one), with its signature index for `against`. */
async function cleanWithConnections(task: CleanTask, conn: ResolvedConnections, local: RunStore, extra: Partial<CleanOptions>): Promise<JobOutcome> {
  const own = conn.store.kind === 'postgres' ? await openRunStore(conn.store, conn.workspace) : null;
  const store = own ?? local;
  let index: Awaited<ReturnType<typeof openSignatureIndex>> | null = null;
  let prepared: Awaited<ReturnType<typeof prepareRun>> | null = null;
  try {
    if (task.against !== undefined) index = await openSignatureIndex(conn, store);
    const dedupeAgainst = index && task.against !== undefined ? { signatureIndex: index, dataset: task.against, against: task.against } : {};
    prepared = await prepareRun(store, { ...task.opts, ...extra, ...dedupeAgainst }, {}, conn);
    const r = await runClean(store, prepared.options, prepared.hooks);
    return { kind: 'clean', runId: r.runId, report: r.report, plan: r.plan };
  } finally {
    await prepared?.cleanup();
    await index?.close();
    await own?.close();
  }
}
