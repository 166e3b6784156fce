/**
 * Parquet sink: rows spill to a private CSV file while column types are inferred, then one
 * DuckDB COPY turns the spill into a typed, zstd-compressed Parquet file beside the target.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../errors.js';
import { TempFile } from './atomic.js';
import { makeTempDir } from './tempDirs.js';
import { duckdbMessage, openDuckDB, quoteIdent, quoteLiteral, type DuckDBOptions } from './duckdb.js';
import { NULL_MARK, spillRows } from './parquetSpill.js';
import { ColumnTypeTracker } from './sinkTypes.js';
import { BufferedWriter, checkBatch } from './textSink.js';
import type { EncodedRows, EncodingSink } from './encoded.js';
import type { SinkColumnType, SinkOptions } from './types.js';

export interface ParquetSinkOptions extends SinkOptions {
  /** Replace an existing file at `path` on commit. @default false */
  overwrite?: boolean;
  /** Where the row spill file lives until commit. @default os.tmpdir() */
  tempDir?: string;
  /** DuckDB resources for the final COPY. */
  duckdb?: DuckDBOptions;
}

function checkColumns(opts: ParquetSinkOptions): void {
  if (opts.columns.length === 0) throw new EngineError('INVALID_ARGUMENT', `Parquet output ${opts.path} needs at least one column`);
  // DuckDB identifiers are case-insensitive and it would silently rename `A` to `A_1`.
  const seen = new Map<string, string>();
  // The names come from the input, so these are data problems (exit 65), with a way out.
  const instead = 'write CSV or JSONL instead, or rename the columns';
  for (const name of opts.columns) {
    if (name.length === 0) throw new EngineError('UNSUPPORTED_FORMAT', `Parquet output ${opts.path} cannot have a column with an empty name; ${instead}`);
    if (name.includes('\0')) throw new EngineError('UNSUPPORTED_FORMAT', `Parquet output ${opts.path} cannot have a column name with a NUL character (${JSON.stringify(name)}); ${instead}`);
    const prev = seen.get(name.toLowerCase());
    if (prev !== undefined) throw new EngineError('UNSUPPORTED_FORMAT', `Parquet output ${opts.path} cannot hold columns whose names differ only in case: ${JSON.stringify(prev)} and ${JSON.stringify(name)}; ${instead}`);
    seen.set(name.toLowerCase(), name);
  }
  for (const key of Object.keys(opts.types ?? {})) {
    if (!opts.columns.includes(key)) throw new EngineError('INVALID_ARGUMENT', `Type given for unknown column ${JSON.stringify(key)} of ${opts.path}`);
  }
}

/**
 * DuckDB's CSV buffer defaults to 16 × max_line_size, so one 50 MB cell would ask for gigabytes;
 * a line only has to fit in one buffer.
 */
function csvBufferBytes(maxLineBytes: number): number {
  return Math.max(32 * 1024 * 1024, maxLineBytes + 1024 * 1024);
}

export async function createParquetSink(opts: ParquetSinkOptions): Promise<EncodingSink> {
  checkColumns(opts);
  const width = opts.columns.length;
  const out = await TempFile.create(opts.path, { overwrite: opts.overwrite ?? false });
  await out.release();
  let spillDir: string | undefined;
  let spill: FileHandle | undefined;
  try {
    spillDir = await makeTempDir(opts.tempDir ?? tmpdir(), 'ds-parquet-spill-');
    spill = await open(join(spillDir, 'rows.csv'), 'wx');
  } catch (err) {
    await out.abort();
    if (spillDir) await rm(spillDir, { recursive: true, force: true });
    throw new EngineError('IO_ERROR', `Cannot create a spill file for ${opts.path}: ${(err as Error).message}`, { cause: err });
  }
  const spillRoot = spillDir;
  const spillPath = join(spillRoot, 'rows.csv');
  const spillHandle = spill;
  const writer = new BufferedWriter({ write: (text: string) => spillHandle.writeFile(text) });
  const trackers = opts.columns.map(() => new ColumnTypeTracker());
  let rowCount = 0;
  /** Longest spill line in UTF-16 units; DuckDB refuses lines over max_line_size bytes. */
  let longestRow = 0;
  let state: 'open' | 'committed' | 'aborted' = 'open';
  let spillClosed = false;

  const closeSpill = async (): Promise<void> => {
    if (spillClosed) return;
    spillClosed = true;
    await spillHandle.close();
  };
  const cleanup = async (): Promise<void> => {
    await closeSpill().catch(() => undefined);
    await rm(spillRoot, { recursive: true, force: true });
  };

  function resolveTypes(): SinkColumnType[] {
    return opts.columns.map((name, c) => {
      const tracker = trackers[c] as ColumnTypeTracker;
      const given = opts.types?.[name];
      if (given === undefined) return tracker.infer();
      if (!tracker.accepts(given)) throw new EngineError('INVALID_ARGUMENT', `Column ${JSON.stringify(name)} of ${opts.path} was declared ${given} but holds values that are not ${given}`, { location: { file: opts.path, column: name } });
      return given;
    });
  }

  async function convert(types: SinkColumnType[]): Promise<void> {
    const session = await openDuckDB({ ...opts.duckdb, tempDirectory: opts.duckdb?.tempDirectory ?? spillRoot });
    try {
      const spec = types.map((t, c) => `${quoteLiteral(`c${c}`)}: ${quoteLiteral(t)}`).join(', ');
      // UTF-8 needs at most 3 bytes per UTF-16 unit; DuckDB's own default is 2 MiB.
      const maxLineBytes = Math.max(2 * 1024 * 1024, longestRow * 3 + 1024);
      const select = opts.columns.map((name, c) => `c${c} AS ${quoteIdent(name)}`).join(', ');
      const reader = `read_csv(${quoteLiteral(spillPath)}, columns = {${spec}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', nullstr = ${quoteLiteral(NULL_MARK)}, allow_quoted_nulls = false, strict_mode = true, max_line_size = ${maxLineBytes}, buffer_size = ${csvBufferBytes(maxLineBytes)}, encoding = 'utf-8')`;
      // Our temp file is already the atomic step; DuckDB's own `tmp_<name>` would be left behind (not hidden) if the COPY failed.
      const result = await session.connection.run(`COPY (SELECT ${select} FROM ${reader}) TO ${quoteLiteral(out.path)} (FORMAT parquet, COMPRESSION zstd, USE_TMP_FILE false)`);
      if (result.rowsChanged !== rowCount) throw new EngineError('INTERNAL', `Parquet output ${opts.path}: wrote ${result.rowsChanged} rows, expected ${rowCount}`);
    } catch (err) {
      if (err instanceof EngineError) throw err;
      throw new EngineError('IO_ERROR', `Cannot write Parquet file ${opts.path}: ${duckdbMessage(err)}`, { location: { file: opts.path }, cause: err });
    } finally {
      session.close();
    }
  }

  const ensureOpen = (): void => {
    if (state !== 'open') throw new EngineError('INTERNAL', `Sink for ${out.target} is already ${state}`);
  };

  return {
    encoding: { kind: 'parquet-spill', width },
    async writeEncoded(rows: EncodedRows) {
      ensureOpen();
      if (!rows.types || rows.types.length !== width) throw new EngineError('INTERNAL', `Encoded rows for ${out.target} carry no type information for ${width} columns`);
      for (let c = 0; c < width; c++) (trackers[c] as ColumnTypeTracker).merge(rows.types[c] as ColumnTypeTracker);
      if (rows.longest >= longestRow) longestRow = rows.longest + 1;
      await writer.pushBytes(rows.bytes);
      rowCount += rows.rows;
    },
    async write(columns, length) {
      ensureOpen();
      checkBatch(columns, length, width, out.target);
      // Rows go out in slices so one huge batch never builds one huge string.
      for (let start = 0; start < length; start += 4096) {
        const end = Math.min(length, start + 4096);
        const { bytes, longest } = spillRows(columns, start, end, trackers);
        if (longest >= longestRow) longestRow = longest + 1;
        await writer.pushBytes(bytes);
      }
      rowCount += length;
    },
    async commit() {
      ensureOpen();
      try {
        await writer.flush();
        await closeSpill();
        await convert(resolveTypes());
        await out.commit();
        state = 'committed';
      } catch (err) {
        // A failed commit leaves nothing behind, even if the caller never calls abort().
        state = 'aborted';
        await out.abort();
        throw err;
      } finally {
        await cleanup();
      }
    },
    async abort() {
      if (state === 'committed') return;
      state = 'aborted';
      await cleanup();
      await out.abort();
    },
  };
}
