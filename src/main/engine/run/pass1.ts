/**
 * Pass 1: the whole input once through the profiler. Segments go to worker threads, each profiling
 * its segments into mergeable sketches (merged here in segment order) and one seeded sample per
 * worker (exactly mergeable), so the profile does not depend on how many workers ran.
 */
import type { DatasetProfile } from '../../../shared/profile.js';
import { EngineError, throwIfAborted } from '../errors.js';
import { batchSizeOf } from '../io/readOptions.js';
import type { Source, SourceInfo } from '../io/types.js';
import { Profiler } from '../profile/profiler.js';
import { DEFAULT_SAMPLE_SIZE } from '../profile/sample.js';
import { PhaseProgress, type ProgressListener } from './progress.js';
import { createExecutor, defaultWorkers } from './workers/pool.js';
import type { SegmentProfile } from './workers/protocol.js';
import { ColumnOrder, csvInputOf, runOrdered, segmentsOf, workerSamples, type Segment } from './workers/segments.js';

export interface ProfileOptions {
  salt: string;
  /** Rows kept in the deterministic sample. @default 20000 */
  sampleSize?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Filled in when known (the run hashes the file beside pass 1). */
  sha256?: Promise<string>;
  /** Worker threads; 1 profiles on the calling thread. The profile is the same for any count. @default the cores available */
  workers?: number;
}

export interface ProfileResult {
  profile: DatasetProfile;
  info: SourceInfo;
  /** The final column set (for JSON: the union over all records, first-seen order). */
  columns: string[];
  quarantined: number;
  rows: number;
  ms: number;
}

export function checkWorkers(n: number | undefined): number {
  const w = n ?? defaultWorkers();
  if (!Number.isInteger(w) || w < 1) throw new EngineError('INVALID_ARGUMENT', `workers must be a positive whole number, got ${w}`);
  return w;
}

export async function profileSource(source: Source, opts: ProfileOptions): Promise<ProfileResult> {
  const info = await source.info();
  const workers = checkWorkers(opts.workers);
  const batchSize = batchSizeOf(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize });
  const sampleSize = opts.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const csv = await csvInputOf(source);
  const root = new Profiler({ salt: opts.salt, sampleSize });
  const progress = new PhaseProgress('profile', info.bytes, opts.onProgress);
  const order = new ColumnOrder();
  for (const c of info.schema) order.mapOf({ names: [c.name], columns: [], length: 0, rows: [], lines: [], quarantined: [] });
  let rows = 0;
  let quarantined = 0;
  const ex = await createExecutor(workers, { salt: opts.salt, batchSize, csv, profile: { sampleSize }, clean: null });
  try {
    const segments = segmentsOf(source, csv, { batchSize, ...(opts.signal ? { signal: opts.signal } : {}) }, order);
    await runOrdered<Segment, SegmentProfile>(segments, 2 * ex.lanes, (seg, slot) => {
      throwIfAborted(opts.signal);
      return ex.run(slot % ex.lanes, { kind: 'profile', seg: { index: seg.index, bytes: seg.bytes, batches: seg.batches, ...(seg.columnMaps ? { columnMaps: seg.columnMaps } : {}) } }) as Promise<SegmentProfile>;
    }, (res, seg) => {
      throwIfAborted(opts.signal);
      root.merge(res.profiler);
      rows += res.rows;
      quarantined += res.quarantined;
      progress.tick(rows, seg.bytesDone);
    });
    // An empty input keeps a profile without columns, as it always had.
    if (root.rows > 0) for (const s of await workerSamples(ex, 'profile', sampleSize)) root.mergeSample(s, csv ? csv.names : order.names);
  } finally {
    await ex.close();
  }
  const ms = progress.end();
  // CSV columns are fixed by the header; other readers report columns as they first appear.
  const names = csv ? csv.names : order.names;
  const sha256 = opts.sha256 ? await opts.sha256 : '';
  const input: DatasetProfile['input'] = { path: info.path, format: info.format, sha256, bytes: info.bytes };
  if (info.encoding !== undefined) input.encoding = info.encoding;
  if (info.delimiter !== undefined) input.delimiter = info.delimiter;
  const profile = root.finish(input, quarantined);
  return { profile, info, columns: [...names], quarantined, rows, ms };
}
