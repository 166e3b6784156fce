/** JobRunner: tasks run in a worker thread; progress, catalog calls, errors and cancellation cross the boundary; inline gives the same result. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/shared/run.js';
import { JobRunner } from '../../src/main/app/jobRunner.js';
import type { JobContext } from '../../src/main/app/jobs.js';
import type { JobTask } from '../../src/main/app/jobTasks.js';
import { EngineError } from '../../src/main/engine/errors.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';

let dir: string;
let store: SqliteRunStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-runner-'));
  writeFileSync(join(dir, 'in.csv'), 'id,name,city\n1, Ann ,new york\n2,Bob,New York\n3,Bob,New York\n4,Cy,Boston\n');
  store = new SqliteRunStore(join(dir, 'catalog.db'));
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(): JobContext & { events: ProgressEvent[]; abort: AbortController } {
  const abort = new AbortController();
  const events: ProgressEvent[] = [];
  return { signal: abort.signal, onProgress: (e) => events.push(e), events, abort };
}

describe('JobRunner', () => {
  it('profiles in a worker thread and matches the inline result', async () => {
    const worker = new JobRunner(store);
    const inline = new JobRunner(store, { mode: 'inline' });
    expect(worker.mode).toBe('worker');
    expect(inline.mode).toBe('inline');
    const task: JobTask = { kind: 'profile', ref: { path: join(dir, 'in.csv') }, salt: 's', dedupe: 'exact' };
    const ctx = context();
    const running = worker.run(task, ctx);
    expect(worker.activeWorkers).toBe(1);
    const a = await running;
    const b = await inline.run(task, context());
    expect(a.kind).toBe('profile');
    if (a.kind !== 'profile' || b.kind !== 'profile') return;
    expect(a.columns).toEqual(['id', 'name', 'city']);
    expect(a.plan).toEqual(b.plan);
    expect(a.profile).toEqual(b.profile);
    expect(ctx.events.some((e) => e.phase === 'profile' && e.rows === 4)).toBe(true);
  });

  it('cleans in a worker, recording the run in the main thread\'s catalog', async () => {
    const runner = new JobRunner(store);
    const runId = 'runner-clean-1';
    const out = await runner.run({ kind: 'clean', opts: { input: join(dir, 'in.csv'), out: join(dir, 'out.csv'), runId, dedupe: 'exact' } }, context());
    expect(out.kind).toBe('clean');
    if (out.kind !== 'clean') return;
    expect(out.report.rows).toEqual({ in: 4, out: 3, duplicates: 1, quarantined: 0 });
    const run = await store.getRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', rowsIn: 4, rowsOut: 3 });
  });

  it('brings user errors back with their code and message', async () => {
    const runner = new JobRunner(store);
    const err = await runner.run({ kind: 'profile', ref: { path: join(dir, 'missing.csv') }, salt: '', dedupe: 'off' }, context()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('NOT_FOUND');
    expect((err as EngineError).message).toContain('missing.csv');

    const clash = await runner.run({ kind: 'clean', opts: { input: join(dir, 'in.csv'), out: join(dir, 'out.csv'), runId: 'runner-clash' } }, context()).catch((e: unknown) => e);
    expect((clash as EngineError).code).toBe('OUTPUT_EXISTS');
    expect((await store.getRun('runner-clash'))?.status).toBe('failed');
  });

  it('cancels across the thread boundary', async () => {
    const rows = ['id,name,city'];
    for (let i = 0; i < 200_000; i++) rows.push(`${i}, name ${i % 977} ,city ${i % 13}`);
    writeFileSync(join(dir, 'big.csv'), rows.join('\n') + '\n');
    const runner = new JobRunner(store);
    const ctx = context();
    const running = runner.run({ kind: 'clean', opts: { input: join(dir, 'big.csv'), out: join(dir, 'big.out.csv'), runId: 'runner-cancel' } }, ctx);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (ctx.events.length > 0) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    ctx.abort.abort();
    const err = await running.catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('CANCELLED');
    expect((await store.getRun('runner-cancel'))?.status).toBe('cancelled');
    await runner.drain();
    expect(runner.activeWorkers).toBe(0);
  });
});
