/** ReadOptions handling shared by the text readers. */
import { EngineError } from '../errors.js';
import type { ReadOptions } from './types.js';

export const DEFAULT_BATCH_SIZE = 8192;

/** The batch size asked for, validated. */
export function batchSizeOf(opts: ReadOptions): number {
  const size = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new EngineError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${size}`);
  return size;
}

/**
 * Most columns a table may have (Excel's own limit). Every per-column structure (profile, plan,
 * report) grows with the width: 100,000 columns took minutes and gigabytes for three rows.
 */
export const MAX_COLUMNS = 16_384;

/** `count` undefined: the count is not known yet, only that it passed the limit (JSON keys arriving). */
export function tooManyColumns(file: string, count: number | undefined, line?: number): EngineError {
  const limit = MAX_COLUMNS.toLocaleString('en-US');
  const what = count === undefined ? `more than ${limit} columns` : `${count.toLocaleString('en-US')} columns, over the limit of ${limit}`;
  return new EngineError('LIMIT_EXCEEDED', what, { location: line === undefined ? { file } : { file, line } });
}
