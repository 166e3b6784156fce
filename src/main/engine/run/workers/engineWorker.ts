/** Worker-thread entry: runs segment tasks for the run layer, phase-B tasks first so output keeps flowing. */
import { parentPort } from 'node:worker_threads';
import { EngineError } from '../../errors.js';
import type { Task, TaskResult, WorkerReply } from './protocol.js';
import { SegmentWorker } from './segmentWorker.js';

const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker thread');

const worker = new SegmentWorker();
const queue: { id: number; task: Task }[] = [];
let running = false;

/** Buffers of the result's typed arrays, moved rather than copied to the main thread. */
function transferables(r: TaskResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | null | undefined): void => {
    if (a && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) out.add(a.buffer);
  };
  if (r instanceof Float64Array) add(r);
  else if (r && 'batches' in r) {
    for (const b of r.batches) {
      add(b.rows);
      add(b.opQuarantined);
      add(b.keys);
    }
    add(r.provenance?.bytes);
    add(r.quarantineRows?.bytes);
  } else if (r && 'after' in r) {
    add(r.out?.bytes);
    add(r.rows);
  }
  return [...out];
}

function reply(msg: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(msg, transfer);
}

async function runNext(): Promise<void> {
  let i = queue.findIndex((q) => q.task.kind === 'cleanB');
  if (i < 0) i = 0;
  const [{ id, task }] = queue.splice(i, 1) as [{ id: number; task: Task }];
  try {
    const result = await worker.handle(task);
    reply({ id, ok: true, result }, transferables(result));
  } catch (err) {
    const e = err instanceof EngineError
      ? { code: err.code, message: err.message, details: err.details, location: err.location }
      : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) };
    reply({ id, ok: false, error: e });
  }
  running = false;
  schedule();
}

function schedule(): void {
  if (running || queue.length === 0) return;
  running = true;
  // setImmediate lets messages that arrived meanwhile join the queue before one is picked.
  setImmediate(() => void runNext());
}

port.on('message', (m: { id: number; task: Task }) => {
  queue.push(m);
  schedule();
});
port.on('close', () => worker.close());
