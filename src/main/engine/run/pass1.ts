/** Pass 1: stream the whole input once through the profiler (mergeable sketches + seeded sample). */
import type { DatasetProfile } from '../../../shared/profile.js';
import { throwIfAborted } from '../errors.js';
import type { ReadOptions, Source, SourceInfo } from '../io/types.js';
import { Profiler } from '../profile/profiler.js';
import { PhaseProgress, type ProgressListener } from './progress.js';

export interface ProfileOptions {
  salt: string;
  /** Rows kept in the deterministic sample. @default 20000 */
  sampleSize?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Filled in when known (the run hashes the file beside pass 1). */
  sha256?: Promise<string>;
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

export async function profileSource(source: Source, opts: ProfileOptions): Promise<ProfileResult> {
  const info = await source.info();
  const profiler = new Profiler(opts.sampleSize === undefined ? { salt: opts.salt } : { salt: opts.salt, sampleSize: opts.sampleSize });
  const progress = new PhaseProgress('profile', info.bytes, opts.onProgress);
  let names: string[] = info.schema.map((c) => c.name);
  let rows = 0;
  let quarantined = 0;
  let bytes = 0;
  const readOpts: ReadOptions = { onBytes: (b) => { bytes = b; } };
  if (opts.batchSize !== undefined) readOpts.batchSize = opts.batchSize;
  if (opts.signal) readOpts.signal = opts.signal;
  for await (const batch of source.read(readOpts)) {
    throwIfAborted(opts.signal);
    profiler.addBatch(batch);
    if (batch.names.length > names.length) names = [...batch.names];
    rows += batch.length + batch.quarantined.length;
    quarantined += batch.quarantined.length;
    progress.tick(rows, bytes);
  }
  const ms = progress.end();
  const sha256 = opts.sha256 ? await opts.sha256 : '';
  const input: DatasetProfile['input'] = { path: info.path, format: info.format, sha256, bytes: info.bytes };
  if (info.encoding !== undefined) input.encoding = info.encoding;
  if (info.delimiter !== undefined) input.delimiter = info.delimiter;
  const profile = profiler.finish(input, quarantined);
  return { profile, info, columns: names, quarantined, rows, ms };
}
