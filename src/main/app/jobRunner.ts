/**
 * Runs job tasks in worker threads so the Electron main process and the server keep answering:
 * progress and catalog calls come back as messages, cancel goes out as one, errors arrive as {code, message, details}.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobOutcome } from '../../shared/api.js';
import { EngineError, serializeError } from '../engine/errors.js';
import type { CleanOptions } from '../engine/run/clean.js';
import type { FromWorker, JobWorkerData, ToWorker } from './jobProtocol.js';
import type { JobContext } from './jobs.js';
import { executeTask, type JobTask } from './jobTasks.js';
import type { RunStore } from './ports.js';

export interface JobRunnerOptions {
  /**
   * 'worker' runs every task in its own worker thread; 'inline' on the calling thread (tests that inject
   * functions, or a build without the worker entry). @default 'worker' when the worker entry is found
   */
  mode?: 'worker' | 'inline';
  /** Passed to inline runs only: functions cannot cross a thread. */
  createNearFinder?: CleanOptions['createNearFinder'];
}

interface WorkerEntry {
  /** A script path, or bootstrap code when `evalCode` is set. */
  script: string;
  evalCode: boolean;
}

/** How long a finished worker may take to exit on its own before it is terminated. */
const EXIT_GRACE_MS = 10_000;

/**
 * The worker script beside this module: the built `jobWorker.js` (bundles may put this module in a
 * chunk folder, hence the parent too), or, running from source, the TypeScript entry loaded through
 * tsx's loader (a worker's own `--import` runs too late for its main script on Node 20).
 */
export function findWorkerEntry(): WorkerEntry | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./jobWorker.ts', here);
    let tsxApi: string;
    try {
      tsxApi = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    } catch {
      return null;
    }
    if (!existsSync(fileURLToPath(entry)) || !existsSync(tsxApi)) return null;
    const code = `import(${JSON.stringify(pathToFileURL(tsxApi).href)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
    return { script: code, evalCode: true };
  }
  for (const rel of ['./jobWorker.js', '../jobWorker.js']) {
    const file = fileURLToPath(new URL(rel, here));
    if (existsSync(file)) return { script: file, evalCode: false };
  }
  return null;
}

export class JobRunner {
  private readonly entry: WorkerEntry | null;
  private readonly live = new Set<Worker>();

  constructor(private readonly store: RunStore, private readonly opts: JobRunnerOptions = {}) {
    const wantInline = opts.mode === 'inline' || opts.createNearFinder !== undefined;
    this.entry = wantInline ? null : findWorkerEntry();
    if (!wantInline && !this.entry) {
      process.emitWarning('the job worker script was not found next to the app; jobs run on the main thread');
    }
  }

  get mode(): 'worker' | 'inline' {
    return this.entry ? 'worker' : 'inline';
  }

  /** Worker threads running tasks right now. */
  get activeWorkers(): number {
    return this.live.size;
  }

  run(task: JobTask, ctx: JobContext): Promise<JobOutcome> {
    if (!this.entry) {
      return executeTask(task, ctx, this.store, this.opts.createNearFinder ? { createNearFinder: this.opts.createNearFinder } : {});
    }
    return this.inWorker(this.entry, task, ctx);
  }

  private inWorker(entry: WorkerEntry, task: JobTask, ctx: JobContext): Promise<JobOutcome> {
    const workerData: JobWorkerData = { dataSanitizerJob: 1, task };
    const worker = new Worker(entry.script, { workerData, eval: entry.evalCode });
    this.live.add(worker);
    const send = (m: ToWorker): void => worker.postMessage(m);
    const onAbort = (): void => send({ type: 'cancel' });
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });

    return new Promise<JobOutcome>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        ctx.signal.removeEventListener('abort', onAbort);
        fn();
        // A finished worker normally exits by itself once its handles close; never leave one behind.
        setTimeout(() => void worker.terminate(), EXIT_GRACE_MS).unref();
      };

      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'progress':
            ctx.onProgress(m.event);
            return;
          case 'store':
            this.storeCall(m.method, m.args).then(
              (value) => send({ type: 'store-result', id: m.id, ok: true, value }),
              (err: unknown) => send({ type: 'store-result', id: m.id, ok: false, error: serializeError(err) }),
            );
            return;
          case 'done':
            settle(() => resolve(m.outcome));
            return;
          case 'error': {
            const err = new EngineError(m.error.code, m.error.message, { details: m.error.details });
            if (m.stack) err.stack = m.stack;
            settle(() => reject(err));
            return;
          }
        }
      });
      worker.on('error', (err) => settle(() => reject(new EngineError('INTERNAL', `job worker crashed: ${err.message}`, { cause: err }))));
      worker.on('exit', (code) => {
        this.live.delete(worker);
        if (settled) return;
        const message = `job worker exited with code ${code} before finishing`;
        // The worker could not record the end of its run; do it here so the catalog does not show it running.
        const runId = task.kind === 'clean' ? task.opts.runId : undefined;
        void this.markFailed(runId, message).finally(() => settle(() => reject(new EngineError('INTERNAL', message))));
      });
    });
  }

  private async storeCall(method: string, args: unknown[]): Promise<unknown> {
    const fn = (this.store as unknown as Record<string, unknown>)[method];
    if (method === 'close' || typeof fn !== 'function') throw new EngineError('INTERNAL', `the run catalog has no method ${method}`);
    return (fn as (...a: unknown[]) => Promise<unknown>).apply(this.store, args);
  }

  private async markFailed(runId: string | undefined, message: string): Promise<void> {
    if (!runId) return;
    try {
      const run = await this.store.getRun(runId);
      if (run?.status === 'running') await this.store.finishRun(runId, { status: 'failed', finishedAt: new Date().toISOString(), error: message });
    } catch {
      // The catalog's own recovery marks the run interrupted later.
    }
  }

  /** Waits for the live workers to exit (after their jobs were cancelled). */
  async drain(): Promise<void> {
    await Promise.all([...this.live].map((w) => new Promise<void>((done) => {
      w.once('exit', () => done());
      setTimeout(() => void w.terminate(), EXIT_GRACE_MS).unref();
    })));
  }
}
