/** Entry of a job worker thread: runs one task, reports progress, reaches the run catalog through the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError, EngineError, serializeError } from '../engine/errors.js';
import type { FromWorker, JobWorkerData, ToWorker } from './jobProtocol.js';
import { executeTask } from './jobTasks.js';
import type { RunStore } from './ports.js';

const data = workerData as JobWorkerData | undefined;
const port = parentPort;

if (port && data?.dataSanitizerJob === 1) {
  const abort = new AbortController();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  const send = (m: FromWorker): void => port.postMessage(m);

  port.on('message', (m: ToWorker) => {
    if (m.type === 'cancel') {
      abort.abort(new CancelledError());
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new EngineError(m.error.code, m.error.message, { details: m.error.details }));
  });

  // Any method the app's store has is forwarded, so the worker follows the port as it grows.
  const store = new Proxy({}, {
    get: (_t, method) => (typeof method !== 'string' || method === 'then')
      ? undefined
      : (...args: unknown[]) => new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve, reject });
        send({ type: 'store', id, method, args });
      }),
  }) as RunStore;

  executeTask(data.task, { signal: abort.signal, onProgress: (event) => send({ type: 'progress', event }) }, store).then(
    (outcome) => send({ type: 'done', outcome }),
    (err: unknown) => send({ type: 'error', error: serializeError(err), ...(err instanceof Error && !(err instanceof EngineError) && err.stack ? { stack: err.stack } : {}) }),
  ).finally(() => port.close());
}
