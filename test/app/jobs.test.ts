/** JobManager: progress fans out to subscribers, outcomes and errors are kept, cancel aborts the job's signal. */
import { describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../src/shared/api.js';
import { EventHub } from '../../src/main/app/events.js';
import { JobManager } from '../../src/main/app/jobs.js';
import { EngineError, throwIfAborted } from '../../src/main/engine/errors.js';
import type { DatasetProfile } from '../../src/shared/profile.js';

const profile = { version: 1, rows: 3, columns: [] } as unknown as DatasetProfile;
const plan = { version: 1, salt: '', operations: [], dedupe: { mode: 'off' as const, columns: [] } };

describe('JobManager', () => {
  it('reports progress per phase and the outcome', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const progress: ApiEvents['job.progress'][] = [];
    const finished: ApiEvents['job.finished'][] = [];
    hub.subscribe('job.progress', (e) => progress.push(e));
    hub.subscribe('job.finished', (e) => finished.push(e));
    const started = jobs.start('profile', '/in.csv', null, async ({ onProgress }) => {
      onProgress({ phase: 'profile', rows: 1, bytes: 10, totalBytes: 30, elapsedMs: 5 });
      onProgress({ phase: 'profile', rows: 3, bytes: 30, totalBytes: 30, elapsedMs: 9 });
      return { kind: 'profile', profile, plan, columns: ['a'] };
    });
    expect(started.state).toBe('running');
    const done = await jobs.wait(started.id);
    expect(done.state).toBe('succeeded');
    expect(done.phases).toEqual([{ phase: 'profile', progress: { phase: 'profile', rows: 3, bytes: 30, totalBytes: 30, elapsedMs: 9 } }]);
    expect(progress.map((p) => p.progress.rows)).toEqual([1, 3]);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.outcome).toMatchObject({ kind: 'profile', columns: ['a'] });
    expect(jobs.list()[0]!.outcome).toBeNull();
    expect(jobs.snapshot()).toMatchObject({ finished: { succeeded: 1, failed: 0, cancelled: 0 }, running: { profile: 0, clean: 0 } });
  });

  it('cancels through the signal and records the state', async () => {
    const jobs = new JobManager(new EventHub());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started = jobs.start('clean', '/in.csv', 'run-1', async ({ signal }) => {
      await gate;
      throwIfAborted(signal);
      throw new Error('unreachable');
    });
    expect(jobs.snapshot().running.clean).toBe(1);
    expect(jobs.cancel(started.id)).toBe(true);
    release();
    const done = await jobs.wait(started.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(jobs.cancel(started.id)).toBe(false);
    expect(jobs.snapshot().finished.cancelled).toBe(1);
  });

  it('keeps user errors and bugs apart', async () => {
    const jobs = new JobManager(new EventHub());
    const a = jobs.start('profile', '/x', null, async () => {
      throw new EngineError('BAD_INPUT', 'row 3 is broken', { location: { file: '/x', line: 4 } });
    });
    const b = jobs.start('profile', '/y', null, async () => {
      throw new TypeError('oops');
    });
    expect((await jobs.wait(a.id)).error).toMatchObject({ code: 'BAD_INPUT', message: '/x, line 4: row 3 is broken' });
    expect((await jobs.wait(b.id)).error).toMatchObject({ code: 'INTERNAL', message: 'oops' });
    expect(() => jobs.get('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a throwing subscriber does not break the job or other subscribers', async () => {
    const hub = new EventHub();
    const jobs = new JobManager(hub);
    const seen: string[] = [];
    hub.subscribe('job.finished', () => {
      throw new Error('listener bug');
    });
    const off = hub.subscribe('job.finished', (s) => seen.push(s.id));
    const j = jobs.start('profile', '/x', null, async () => ({ kind: 'profile', profile, plan, columns: [] }));
    expect((await jobs.wait(j.id)).state).toBe('succeeded');
    expect(seen).toEqual([j.id]);
    off();
    expect(hub.count('job.finished')).toBe(1);
  });
});
