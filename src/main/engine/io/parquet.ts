/** Parquet source: streams typed row batches out of a Parquet file through DuckDB. */
import { linkSync, rmSync, symlinkSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { EngineError, throwIfAborted } from '../errors.js';
import type { Cell, ColumnSchema, RowBatch } from '../table.js';
import { duckdbMessage, loadDuckDB, openDuckDB, quoteIdent, quoteLiteral, type DuckDBOptions, type DuckDBSession } from './duckdb.js';
import { MAX_COLUMNS, tooManyColumns } from './readOptions.js';
import { makeTempDirSync } from './tempDirs.js';
import type { ReadOptions, Source, SourceInfo } from './types.js';

export interface ParquetSourceOptions {
  /** DuckDB resources for the read. @default threads 2 */
  duckdb?: DuckDBOptions;
}

/** How a DuckDB column reaches JS after the SELECT has reshaped it. */
const enum Post {
  Plain,
  /** 64/128-bit integers arrive as bigint: safe ones become numbers, the rest decimal strings. */
  BigInt,
}

interface ColumnPlan {
  expr: string;
  post: Post;
}

const TS_EXACT = `'%Y-%m-%dT%H:%M:%S'`;
const TS_MILLIS = `'%Y-%m-%dT%H:%M:%S.%g'`;
const TS_MICROS = `'%Y-%m-%dT%H:%M:%S.%f'`;

/** ISO text for a TIMESTAMP expression: seconds, milliseconds or microseconds, whichever is exact. */
function isoTimestamp(ts: string): string {
  return `CASE WHEN NOT isfinite(${ts}) THEN CAST(${ts} AS VARCHAR) ` +
    `WHEN microsecond(${ts}) % 1000000 = 0 THEN strftime(${ts}, ${TS_EXACT}) ` +
    `WHEN microsecond(${ts}) % 1000 = 0 THEN strftime(${ts}, ${TS_MILLIS}) ` +
    `ELSE strftime(${ts}, ${TS_MICROS}) END`;
}

function planColumn(name: string, type: DuckDBType, ids: typeof DuckDBTypeId): ColumnPlan {
  const c = quoteIdent(name);
  switch (type.typeId) {
    case ids.BOOLEAN:
    case ids.TINYINT:
    case ids.SMALLINT:
    case ids.INTEGER:
    case ids.UTINYINT:
    case ids.USMALLINT:
    case ids.UINTEGER:
    case ids.DOUBLE:
      return { expr: c, post: Post.Plain };
    case ids.VARCHAR:
      return { expr: `CAST(${c} AS VARCHAR)`, post: Post.Plain };
    case ids.BIGINT:
    case ids.UBIGINT:
    case ids.HUGEINT:
    case ids.UHUGEINT:
      return { expr: c, post: Post.BigInt };
    // FLOAT goes through its shortest decimal text so 0.1f reads as 0.1, not 0.10000000149011612.
    case ids.FLOAT:
      return { expr: `CAST(CAST(${c} AS VARCHAR) AS DOUBLE)`, post: Post.Plain };
    // A double holds 15 significant digits exactly; wider decimals keep their exact text.
    case ids.DECIMAL:
      return type.width <= 15 ? { expr: `CAST(${c} AS DOUBLE)`, post: Post.Plain } : { expr: `CAST(${c} AS VARCHAR)`, post: Post.Plain };
    case ids.DATE:
      return { expr: `CAST(${c} AS VARCHAR)`, post: Post.Plain };
    case ids.TIMESTAMP:
    case ids.TIMESTAMP_S:
    case ids.TIMESTAMP_MS:
    case ids.TIMESTAMP_NS:
      return { expr: isoTimestamp(`CAST(${c} AS TIMESTAMP)`), post: Post.Plain };
    case ids.TIMESTAMP_TZ:
      return { expr: isoTimestamp(`timezone('UTC', ${c})`), post: Post.Plain };
    case ids.BLOB:
      return { expr: `base64(${c})`, post: Post.Plain };
    case ids.LIST:
    case ids.ARRAY:
    case ids.STRUCT:
    case ids.MAP:
    case ids.UNION:
    case ids.VARIANT:
      return { expr: `CAST(to_json(${c}) AS VARCHAR)`, post: Post.Plain };
    case ids.SQLNULL:
      return { expr: 'CAST(NULL AS VARCHAR)', post: Post.Plain };
    default:
      return { expr: `CAST(${c} AS VARCHAR)`, post: Post.Plain };
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

function bigintCell(v: unknown): Cell {
  if (typeof v !== 'bigint') return v === null || v === undefined ? null : (v as Cell);
  return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
}

/**
 * DuckDB expands glob characters in file paths, so a literal `a*.parquet` could read sibling
 * files; such paths are read through a link with a plain name.
 */
function globFreePath(path: string): { path: string; cleanup: () => void } {
  if (!/[*?[\]{}]/.test(path)) return { path, cleanup: () => undefined };
  const dir = makeTempDirSync(tmpdir(), 'ds-parquet-link-');
  const link = join(dir, `input${extname(basename(path)).replace(/[^.\w]/g, '')}`);
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    symlinkSync(path, link);
  } catch {
    try {
      linkSync(path, link);
    } catch (err) {
      cleanup();
      throw new EngineError('BAD_INPUT', `Cannot read ${path}: the name contains glob characters (*?[]{}) and no link could be made; rename the file`, { location: { file: path }, cause: err });
    }
  }
  return { path: link, cleanup };
}

function badInput(path: string, err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('BAD_INPUT', `Cannot read Parquet file ${path}: ${duckdbMessage(err)}`, { location: { file: path }, cause: err });
}

async function statInput(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new EngineError('BAD_INPUT', `${path} is not a file`, { location: { file: path } });
    return s.size;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('NOT_FOUND', `Input file not found: ${path}`, { location: { file: path } });
    throw new EngineError('IO_ERROR', `Cannot open ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
  }
}

interface OpenRead {
  session: DuckDBSession;
  /** The path DuckDB is given: the input itself, or a glob-free link to it. */
  file: string;
  names: string[];
  types: DuckDBType[];
  totalRows: number;
  cleanup: () => void;
}

async function openRead(path: string, opts: ParquetSourceOptions): Promise<OpenRead> {
  const link = globFreePath(path);
  let session: DuckDBSession | undefined;
  try {
    session = await openDuckDB({ threads: 2, ...opts.duckdb });
    const file = quoteLiteral(link.path);
    const result = await session.connection.run(`SELECT * FROM read_parquet(${file}) LIMIT 0`);
    const meta = await session.connection.runAndReadAll(`SELECT CAST(num_rows AS DOUBLE) FROM parquet_file_metadata(${file})`);
    const totalRows = Number(meta.getRows()[0]?.[0] ?? 0);
    if (result.columnCount > MAX_COLUMNS) throw tooManyColumns(path, result.columnCount);
    return { session, file: link.path, names: result.columnNames(), types: result.columnTypes(), totalRows, cleanup: link.cleanup };
  } catch (err) {
    session?.close();
    link.cleanup();
    throw badInput(path, err);
  }
}

function takeBatch(names: string[], columns: Cell[][], rows: number[], k: number): RowBatch {
  const taken = rows.length === k ? columns.map((col) => col.splice(0)) : columns.map((col) => col.splice(0, k));
  const takenRows = rows.splice(0, k);
  return { names: [...names], columns: taken, length: k, rows: takenRows, lines: new Array<number>(k).fill(0), quarantined: [] };
}

/** A Source over one Parquet file; every read() opens its own DuckDB session. */
export function createParquetSource(inputPath: string, opts: ParquetSourceOptions = {}): Source {
  const path = resolve(inputPath);
  let cachedInfo: SourceInfo | undefined;

  async function info(): Promise<SourceInfo> {
    if (cachedInfo) return cachedInfo;
    const bytes = await statInput(path);
    const open = await openRead(path, opts);
    try {
      const schema: ColumnSchema[] = open.names.map((name, i) => ({ name, sourceType: open.types[i]?.toString() ?? 'UNKNOWN' }));
      cachedInfo = { format: 'parquet', path, bytes, schema };
      return cachedInfo;
    } finally {
      open.session.close();
      open.cleanup();
    }
  }

  async function* read(readOpts: ReadOptions = {}): AsyncGenerator<RowBatch> {
    const batchSize = Math.max(1, Math.floor(readOpts.batchSize ?? 8192));
    const signal = readOpts.signal;
    throwIfAborted(signal);
    const bytes = await statInput(path);
    const open = await openRead(path, opts);
    const { session, names } = open;
    const { DuckDBTypeId: ids } = await loadDuckDB();
    const plans = names.map((n, i) => planColumn(n, open.types[i] as DuckDBType, ids));
    const onAbort = (): void => session.connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const select = plans.map((p, i) => `${p.expr} AS ${quoteIdent(names[i] as string)}`).join(', ');
      const result = await session.connection
        .stream(`SELECT ${select} FROM read_parquet(${quoteLiteral(open.file)})`)
        .catch((err: unknown) => { throw badInput(path, err); });
      const columns: Cell[][] = names.map(() => []);
      const rows: number[] = [];
      let rowNo = 0;
      for (;;) {
        throwIfAborted(signal);
        const chunk = await result.fetchChunk().catch((err: unknown) => {
          throwIfAborted(signal);
          throw badInput(path, err);
        });
        const n = chunk?.rowCount ?? 0;
        if (n === 0 || !chunk) break;
        for (let c = 0; c < plans.length; c++) {
          const values = chunk.getColumnValues(c);
          const target = columns[c] as Cell[];
          const post = (plans[c] as ColumnPlan).post;
          if (post === Post.BigInt) {
            for (let r = 0; r < n; r++) target.push(bigintCell(values[r]));
          } else {
            for (let r = 0; r < n; r++) target.push((values[r] ?? null) as Cell);
          }
        }
        for (let r = 0; r < n; r++) rows.push(++rowNo);
        while (rows.length >= batchSize) {
          readOpts.onBytes?.(open.totalRows > 0 ? Math.round((bytes * (rowNo - rows.length + batchSize)) / open.totalRows) : bytes);
          yield takeBatch(names, columns, rows, batchSize);
        }
      }
      if (rows.length > 0) {
        readOpts.onBytes?.(bytes);
        yield takeBatch(names, columns, rows, rows.length);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      session.close();
      open.cleanup();
    }
  }

  return { info, read };
}
