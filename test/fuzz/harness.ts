/** Runs fuzz cases in a worker thread with a per-case deadline, so even a synchronous endless loop is caught and reported. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FuzzCase, FuzzOutcome } from './protocol.js';

/** Bootstrap code: register tsx in the new thread, then load the TypeScript worker (a worker's own --import runs too late on Node 20). */
function bootstrap(): string {
  const target = new URL('./readerWorker.ts', import.meta.url).href;
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
}

export class FuzzHarness {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Cases answered (any outcome) since the harness started. */
  cases = 0;
  hangs = 0;
  restarts = 0;

  /** Case files and clean outputs of every worker this harness starts; removed by close(). */
  private readonly dir = mkdtempSync(join(tmpdir(), 'ds-fuzz-'));

  constructor(private readonly deadlineMs: number) {}

  private start(): Worker {
    const w = new Worker(bootstrap(), { eval: true, workerData: { dir: this.dir } });
    w.unref();
    this.worker = w;
    return w;
  }

  /** Reads one case in the worker; a case that outlives the deadline kills the worker and comes back as a hang. */
  run(c: FuzzCase, deadlineMs = this.deadlineMs): Promise<FuzzOutcome> {
    const w = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      let done = false;
      const finish = (o: FuzzOutcome): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        this.cases++;
        resolve(o);
      };
      const onMessage = (m: { id: number; outcome: FuzzOutcome }): void => {
        if (m.id === id) finish(m.outcome);
      };
      const onError = (err: Error): void => {
        this.worker = null;
        finish({ kind: 'crash', message: `worker died: ${err.stack ?? err.message}`, rows: 0, quarantined: 0 });
      };
      const timer = setTimeout(() => {
        this.hangs++;
        this.restarts++;
        this.worker = null;
        void w.terminate();
        finish({ kind: 'hang', message: `no answer within ${deadlineMs} ms`, rows: 0, quarantined: 0 });
      }, deadlineMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage({ id, c });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
