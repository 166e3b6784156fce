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
