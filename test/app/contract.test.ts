/** The API contract's types and its runtime surfaces stay in step: handlers, OpenAPI docs, and the bridge signatures. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ApiBridge, ApiEvents, ArgOf, DataPage, DuplicatesRequest, Handlers, JobStatus, Method, PageRequest, ResultOf, ReviewPairs, RowFilter,
} from '../../src/shared/api.js';
import type { RunRecord } from '../../src/shared/run.js';
import { createApi } from '../../src/main/app/api.js';
import { METHOD_DOCS } from '../../src/main/server/openapi.js';
import type { RunStore } from '../../src/main/app/ports.js';
import { mergeProgress, phaseView } from '../../src/renderer/src/state/jobs.js';
import { showWhitespace } from '../../src/renderer/src/format.js';

describe('contract types', () => {
  it('derives argument and result types per method', () => {
    expectTypeOf<ArgOf<'dataset.page'>>().toEqualTypeOf<PageRequest>();
    expectTypeOf<ResultOf<'dataset.page'>>().toEqualTypeOf<DataPage>();
    expectTypeOf<ArgOf<'dataset.page'>['filter']>().toEqualTypeOf<RowFilter | undefined>();
    expectTypeOf<ArgOf<'run.duplicates'>>().toEqualTypeOf<DuplicatesRequest>();
    expectTypeOf<ResultOf<'run.reviewPairs'>>().toEqualTypeOf<ReviewPairs>();
    expectTypeOf<ResultOf<'runs.list'>>().toEqualTypeOf<RunRecord[]>();
    expectTypeOf<ArgOf<'app.info'>>().toBeVoid();
    expectTypeOf<ApiEvents['job.finished']>().toEqualTypeOf<JobStatus>();
    expectTypeOf<ApiBridge['invoke']>().parameter(0).toEqualTypeOf<Method>();
    expectTypeOf<Handlers['job.cancel']>().returns.resolves.toEqualTypeOf<{ cancelled: boolean }>();
  });

  it('implements and documents exactly the methods of the contract', () => {
    const unused = {} as RunStore;
    const api = createApi({ store: unused, dataDir: '/nonexistent' });
    const implemented = Object.keys(api.handlers).sort();
    expect(Object.keys(METHOD_DOCS).sort()).toEqual(implemented);
    expect(implemented).toContain('clean.start');
    expect(implemented).toHaveLength(28);
    expect(implemented).toContain('run.reviewPairs');
  });
});

describe('run screen helpers', () => {
  const base: JobStatus = { id: 'j', kind: 'clean', state: 'running', input: '/x', runId: 'r', phases: [], startedAt: '', finishedAt: null, error: null, outcome: null };

  it('keeps the latest event per phase in arrival order', () => {
    let j = mergeProgress(base, { phase: 'profile', rows: 10, bytes: 100, totalBytes: 1000, elapsedMs: 1000 });
    j = mergeProgress(j, { phase: 'profile', rows: 20, bytes: 200, totalBytes: 1000, elapsedMs: 2000 });
    j = mergeProgress(j, { phase: 'clean', rows: 5, bytes: 50, totalBytes: 1000, elapsedMs: 100 });
    expect(j.phases.map((p) => [p.phase, p.progress.rows])).toEqual([['profile', 20], ['clean', 5]]);
    expect(base.phases).toEqual([]);
  });

  it('computes rows/s, fraction and ETA from bytes', () => {
    const v = phaseView({ phase: 'clean', rows: 5000, bytes: 250, totalBytes: 1000, elapsedMs: 2000 }, false);
    expect(v).toEqual({ phase: 'clean', pass: 2, rows: 5000, rowsPerSecond: 2500, fraction: 0.25, etaSeconds: 6 });
    expect(phaseView({ phase: 'profile', rows: 1, bytes: 0, totalBytes: 0, elapsedMs: 0 }, false)).toMatchObject({ fraction: null, etaSeconds: null, rowsPerSecond: 0 });
    expect(phaseView({ phase: 'write', rows: 9, bytes: 0, totalBytes: 0, elapsedMs: 10 }, true)).toMatchObject({ fraction: 1, etaSeconds: null });
  });

  it('shows edge whitespace', () => {
    expect(showWhitespace('  Ann ')).toBe('··Ann·');
    expect(showWhitespace('a b')).toBe('a b');
    expect(showWhitespace('\tx\ny ')).toBe('→x↵y·');
    expect(showWhitespace('   ')).toBe('···');
  });
});
