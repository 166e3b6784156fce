/** generate(): streams rows into CSV/JSONL (or CSV→Parquet) plus the truth file, atomically. */
import { access, constants, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChunkWriter, tempPathFor } from './output.js';
import { csvToParquet } from './parquet.js';
import { newRecord } from './record.js';
import { DEFAULT_POOL, RowGenerator, type RowCounts } from './rows.js';
import { CSV_HEADER, JsonlEncoder, csvLine } from './serialize.js';

export type OutputFormat = 'csv' | 'jsonl' | 'parquet';
export const FORMATS: readonly OutputFormat[] = ['csv', 'jsonl', 'parquet'];

export interface GenerateOptions {
  /** Data rows to write (the header is not counted). */
  rows: number;
  format: OutputFormat;
  /** 32-bit seed; the same seed, rows and format give byte-identical files. */
  seed: number;
  out: string;
  /** Truth file path, or null to skip it. @default `${out}.truth.csv` */
  truth?: string | null;
  /** Ring of recent originals that duplicates are drawn from. @default 50_000 */
  pool?: number;
}

export interface GenerateSummary extends RowCounts {
  out: string;
  truth: string | null;
  format: OutputFormat;
  /** Size of the output file in bytes. */
  bytes: number;
  seconds: number;
}

/** Fails before any work with a message naming the destination, not the temp file the error would mention. */
async function assertWritableDir(path: string): Promise<void> {
  try {
    await access(dirname(path), constants.W_OK);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(`cannot write ${path}: its directory ${missing ? 'does not exist' : 'is not writable'}`);
  }
}

/** Streams `rows` rows; never holds more than one chunk of text and the duplicate ring in memory. */
export async function generate(opts: GenerateOptions): Promise<GenerateSummary> {
  // Row and entity numbers live in Uint32Arrays and customer ids are a 32-bit bijection of the row.
  if (!Number.isInteger(opts.rows) || opts.rows < 0 || opts.rows > 0xffffffff) {
    throw new RangeError(`rows must be an integer from 0 to 4294967295, got ${opts.rows}`);
  }
  const t0 = performance.now();
  const truthPath = opts.truth === undefined ? `${opts.out}.truth.csv` : opts.truth;
  for (const path of truthPath === null ? [opts.out] : [opts.out, truthPath]) await assertWritableDir(path);
  const parquet = opts.format === 'parquet';
  const dataPath = parquet ? tempPathFor(opts.out, 'csv') : opts.out;
  const data = new ChunkWriter(dataPath);
  const truth = truthPath === null ? null : new ChunkWriter(truthPath);
  const gen = new RowGenerator(opts.seed, opts.pool ?? DEFAULT_POOL);
  const rec = newRecord();
  const json = opts.format === 'jsonl' ? new JsonlEncoder() : null;
  try {
    if (json === null) data.write(CSV_HEADER);
    truth?.write('row,entity\n');
    for (let i = 1; i <= opts.rows; i++) {
      const entity = gen.next(rec);
      data.write(json === null ? csvLine(rec) : json.line(rec));
      if (truth !== null) {
        truth.write(`${i},${entity}\n`);
        if (truth.full) await truth.flush();
      }
      if (data.full) await data.flush();
    }
    // Truth lands first, so a visible data file always has its truth file beside it.
    if (parquet) {
      await data.commit();
      const tmpParquet = tempPathFor(opts.out, 'parquet');
      try {
        await csvToParquet(dataPath, tmpParquet);
        await truth?.commit();
        await rename(tmpParquet, opts.out);
      } finally {
        await rm(tmpParquet, { force: true });
        await rm(dataPath, { force: true });
      }
    } else {
      await truth?.commit();
      await data.commit();
    }
  } catch (err) {
    await data.abort();
    await truth?.abort();
    if (parquet) await rm(dataPath, { force: true });
    throw err;
  }
  const { size } = await stat(opts.out);
  return {
    ...gen.counts, out: opts.out, truth: truthPath, format: opts.format, bytes: size,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The one-line stderr summary. */
export function formatSummary(s: GenerateSummary): string {
  const exact = s.exactSameId + s.exactNewId;
  const mb = (s.bytes / 1e6).toFixed(1);
  return `generate: ${s.rows} rows, ${s.entities} entities, duplicates exact ${exact} ` +
    `(${s.exactSameId} same id, ${s.exactNewId} new id) near ${s.near}, ${s.format} ${mb} MB ` +
    `in ${s.seconds.toFixed(2)} s -> ${s.out}${s.truth === null ? '' : ` (truth ${s.truth})`}`;
}
