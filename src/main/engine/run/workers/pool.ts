/**
 * Executors for segment tasks: worker threads (one lane per thread) or inline on the calling
 * thread. Both run the same SegmentWorker code, so results do not depend on which one ran them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ErrorCode, ErrorLocation } from '../../../../shared/errors.js';
import { CancelledError, EngineError } from '../../errors.js';
import { ColumnTypeTracker } from '../../io/sinkTypes.js';
import { Profiler } from '../../profile/profiler.js';
import { RowSample } from '../../profile/sample.js';
import type { CleanAResult, CleanBResult, SegmentProfile, Task, TaskResult, WorkerContext, WorkerReply } from './protocol.js';
import { SegmentWorker } from './segmentWorker.js';
import type { ScoringPool } from '../../dedupe/scoring.js';

export interface SegmentExecutor {
  /** Parallel lanes; tasks on one lane run in order of arrival (phase B first in threads). */
  readonly lanes: number;
  /** True when tasks run on worker threads. */
  readonly threaded: boolean;
  run(lane: number, task: Task): Promise<TaskResult>;
  close(): Promise<void>;
}

/** The default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Same tasks on the calling thread, one at a time. */
class InlineExecutor implements SegmentExecutor {
  readonly lanes = 1;
  readonly threaded = false;
  private readonly worker = new SegmentWorker();
  private chain: Promise<unknown> = Promise.resolve();

  run(_lane: number, task: Task): Promise<TaskResult> {
    const next = this.chain.then(() => this.worker.handle(task));
    this.chain = next.catch(() => undefined);
    // Same unpacking as after a thread hop, so inline and threaded runs merge identical sketches.
    return next.then((r) => revive(task.kind, r));
  }

  async close(): Promise<void> {
    await this.chain;
    this.worker.close();
  }
}

/** Puts prototypes back on what crossed the thread boundary (structured clone keeps data only) and unpacks trimmed sketches. */
function revive(kind: Task['kind'], r: TaskResult): TaskResult {
  switch (kind) {
    case 'init':
    case 'sampleKeys':
    case 'scoreStart':
    case 'levels':
    case 'score':
    case 'scoreEnd':
      return r;
    case 'sample':
      return r instanceof RowSample ? r : RowSample.revive(r as unknown as RowSample);
    case 'profile': {
      const p = r as SegmentProfile;
      Profiler.revive(p.profiler);
      return p;
    }
    case 'cleanA': {
      const a = r as CleanAResult;
      reviveTypes(a.provenance?.types ?? null);
      reviveTypes(a.quarantineRows?.types ?? null);
      return a;
    }
    case 'cleanB': {
      const b = r as CleanBResult;
      Profiler.revive(b.after);
      reviveTypes(b.out?.types ?? null);
      return b;
    }
  }
}

function reviveTypes(types: ColumnTypeTracker[] | null): void {
  if (types) for (const t of types) if (!(t instanceof ColumnTypeTracker)) Object.setPrototypeOf(t, ColumnTypeTracker.prototype);
}

function toEngineError(e: NonNullable<WorkerReply['error']>): EngineError {
  if (e.code === 'CANCELLED') return new CancelledError(e.message);
  const opts: { location?: ErrorLocation; details?: unknown } = {};
  if (e.location) opts.location = e.location as ErrorLocation;
  if (e.details !== undefined) opts.details = e.details;
  const err = new EngineError(e.code as ErrorCode, e.code === 'INTERNAL' && e.stack ? `${e.message} (in a worker: ${e.stack.split('\n')[1]?.trim() ?? ''})` : e.message, opts);
  return err;
}

/**
 * How to start a worker: the bundled script beside the CLI bundle (out/cli/engineWorker.js), or,
 * when running from TypeScript sources (tsx, vitest), a bootstrap that registers tsx in the new
 * thread first (Node 20 applies --import hooks to a worker only after its entry has loaded).
 */
function workerScript(): { script: string | URL; eval: boolean } | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const target = new URL('./engineWorker.ts', here).href;
    let api: string;
    try {
      api = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    } catch {
      return null;
    }
    if (!existsSync(api)) return null;
    return { script: `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`, eval: true };
  }
  // Bundlers may put this module in a chunk folder below the entry, hence the parent too.
  for (const rel of ['./engineWorker.js', '../engineWorker.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { script: url, eval: false };
  }
  return null;
}

class ThreadExecutor implements SegmentExecutor {
  readonly threaded = true;
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { kind: Task['kind']; resolve: (r: TaskResult) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private failure: unknown = null;
  private closing = false;

  constructor(n: number, start: { script: string | URL; eval: boolean }) {
    this.workers = Array.from({ length: n }, () => {
      const w = new Worker(start.script, { eval: start.eval });
      w.on('message', (m: WorkerReply) => this.settle(m));
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (code !== 0 && this.pending.size > 0) this.fail(new EngineError('INTERNAL', `a worker thread exited with code ${code}`));
      });
      // Idle workers must not keep the process alive.
      w.unref();
      return w;
    });
  }

  get lanes(): number {
    return this.workers.length;
  }

  private settle(m: WorkerReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(revive(p.kind, m.result ?? null));
    else p.reject(toEngineError(m.error ?? { code: 'INTERNAL', message: 'worker failed' }));
  }

  private fail(err: unknown): void {
    this.failure ??= err instanceof EngineError ? err : new EngineError('INTERNAL', `worker thread failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  run(lane: number, task: Task): Promise<TaskResult> {
    if (this.failure) return Promise.reject(this.failure);
    const w = this.workers[lane % this.workers.length] as Worker;
    const id = this.nextId++;
    return new Promise<TaskResult>((resolve, reject) => {
      this.pending.set(id, { kind: task.kind, resolve, reject });
      w.ref();
      w.postMessage({ id, task }, transferIn(task));
    }).finally(() => {
      if (!this.closing && this.pending.size === 0) for (const x of this.workers) x.unref();
    });
  }

  async close(): Promise<void> {
    // An unref'd worker's terminate() does not hold the event loop open: a busy worker's exit would
    // never be awaited, the loop would drain and the process would end with code 0 mid-cancel. The
    // flag stops the rejected tasks' finally handlers (they run after this) from unref'ing again.
    this.closing = true;
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
    await Promise.all(this.workers.map((w) => {
      w.ref();
      return w.terminate();
    }));
  }
}

/** Drop lists and candidate keys move to the worker instead of being copied. */
function transferIn(task: Task): ArrayBuffer[] {
  if (task.kind !== 'cleanB' && task.kind !== 'score' && task.kind !== 'levels') return [];
  const d = task.kind === 'cleanB' ? task.drop : task.keys;
  return d.buffer instanceof ArrayBuffer && d.byteOffset === 0 && d.byteLength === d.buffer.byteLength && d.byteLength > 0 ? [d.buffer] : [];
}

/**
 * An executor with `workers` threads (inline for 1, or when the worker script is not available,
 * e.g. in a build that did not bundle it), initialised with `ctx` on every lane.
 */
export async function createExecutor(workers: number, ctx: WorkerContext): Promise<SegmentExecutor> {
  const script = workers > 1 ? workerScript() : null;
  const ex: SegmentExecutor = script ? new ThreadExecutor(workers, script) : new InlineExecutor();
  try {
    await Promise.all(Array.from({ length: ex.lanes }, (_, lane) => ex.run(lane, { kind: 'init', ctx })));
  } catch (err) {
    await ex.close();
    throw err;
  }
  return ex;
}

/** The executor's lanes as a pool for scoring near-duplicate candidate pairs (dedupe/scoring.ts). */
export function scoringPool(ex: SegmentExecutor): ScoringPool {
  return {
    lanes: ex.threaded ? ex.lanes : 1,
    start: async (job) => {
      await Promise.all(Array.from({ length: ex.lanes }, (_, lane) => ex.run(lane, { kind: 'scoreStart', job })));
    },
    levels: async (lane, keys) => (await ex.run(lane, { kind: 'levels', keys })) as Uint8Array,
    score: async (lane, keys, model) => (await ex.run(lane, { kind: 'score', keys, model })) as Float64Array,
    end: async () => {
      await Promise.all(Array.from({ length: ex.lanes }, (_, lane) => ex.run(lane, { kind: 'scoreEnd' })));
    },
  };
}
