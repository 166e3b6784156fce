/**
 * DuckDB-backed table cache for the UI: datasets, provenance and duplicate lists are loaded once
 * into in-memory tables (spilling to disk past the memory limit) and served a page at a time.
 */
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DatasetFormat, GridCell, RowFilter } from '../../shared/api.js';
import { EngineError } from '../engine/errors.js';
import { duckdbMessage, openDuckDB, quoteIdent, quoteLiteral, type DuckDBOptions, type DuckDBSession } from '../engine/io/duckdb.js';
import { csvLayout } from '../engine/io/csv.js';
import { openSource } from '../engine/io/open.js';
import type { SourceInfo } from '../engine/io/types.js';
import { cellText, type RowBatch } from '../engine/table.js';

export interface LoadedTable {
  /** DuckDB table name; its columns are c0…cN (VARCHAR) so any header text is safe. */
  table: string;
  columns: string[];
  types: string[];
  rows: number;
  format: DatasetFormat;
  bytes: number;
  encoding?: string;
  delimiter?: string;
  /** 'duckdb' when DuckDB read the file itself, 'engine' when the engine's reader fed it. */
  loader: 'duckdb' | 'engine';
}

export interface DatasetKey {
  path: string;
  format?: DatasetFormat;
  sheet?: string | number;
}

export interface TableCacheOptions {
  duckdb?: DuckDBOptions;
  /** Tables kept loaded at once; the least recently used is dropped. @default 8 */
  maxTables?: number;
}

/** A run artifact (provenance, duplicates) loaded under its own column names. */
export interface ArtifactTable {
  table: string;
  columns: string[];
  rows: number;
}

type Row = unknown[];

/** Converts DuckDB JS values (bigint for BIGINT) to plain JSON-safe values. */
export function plain(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

const NESTED = /^(STRUCT|MAP|UNION)\(|\[\d*\]$|^JSON$/;

export class TableCache {
  private session: Promise<DuckDBSession> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly entries = new Map<string, Promise<LoadedTable | ArtifactTable>>();
  /** Filtered row counts by table and filter; table names are never reused, so entries cannot go stale. */
  private readonly counts = new Map<string, number>();
  private seq = 0;
  private readonly maxTables: number;

  constructor(private readonly opts: TableCacheOptions = {}) {
    this.maxTables = opts.maxTables ?? 8;
  }

  /** Runs `fn` with the connection, one statement group at a time (the connection is not shared concurrently). */
  private exclusive<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (!this.session) this.session = openDuckDB({ threads: 2, ...this.opts.duckdb });
    const session = this.session;
    const next = this.chain.then(async () => fn((await session).connection));
    this.chain = next.catch(() => undefined);
    return next;
  }

  async query(sql: string, params: (string | number | boolean | null)[] = []): Promise<Row[]> {
    return this.exclusive(async (c) => {
      try {
        const r = await c.runAndReadAll(sql, params);
        return r.getRowsJS().map((row) => row.map(plain));
      } catch (err) {
        throw new EngineError('IO_ERROR', duckdbMessage(err), { cause: err });
      }
    });
  }

  /** A dataset as a table. `expectRows` (from a run report) forces the engine's reader when DuckDB counts differently. */
  async dataset(key: DatasetKey, expectRows?: number): Promise<LoadedTable> {
    const st = await stat(key.path);
    const id = `ds|${key.path}|${st.mtimeMs}|${st.size}|${key.format ?? ''}|${key.sheet ?? ''}`;
    const cached = this.entries.get(id) as Promise<LoadedTable> | undefined;
    if (cached) {
      const t = await cached.catch(() => null);
      if (t && (expectRows === undefined || t.rows === expectRows || t.loader === 'engine')) return this.touch(id, cached);
      if (t) await this.drop(id);
    }
    return this.remember(id, this.loadDataset(key, expectRows));
  }

  /** A run artifact read by DuckDB (`read_parquet(...)`, `read_csv(...)`), cached by path and mtime. */
  async artifact(path: string, reader: string, columns: string[]): Promise<ArtifactTable> {
    const st = await stat(path).catch(() => null);
    if (!st) throw new EngineError('NOT_FOUND', `artifact not found: ${path}`);
    const id = `art|${path}|${st.mtimeMs}|${st.size}`;
    const cached = this.entries.get(id) as Promise<ArtifactTable> | undefined;
    if (cached) return this.touch(id, cached);
    const table = this.nextName();
    return this.remember(id, this.exclusive(async (c) => {
      try {
        await c.run(`CREATE TABLE ${table} AS SELECT ${columns.map((n) => quoteIdent(n)).join(', ')} FROM ${reader}`);
        const n = await c.runAndReadAll(`SELECT count(*) FROM ${table}`);
        return { table, columns, rows: Number(plain(n.getRowsJS()[0]?.[0] ?? 0)) };
      } catch (err) {
        await c.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
        throw new EngineError('IO_ERROR', `cannot read ${path}: ${duckdbMessage(err)}`, { location: { file: path }, cause: err });
      }
    }));
  }

  /**
   * A table computed from others (a ranking, a join), cached under `id`. Ids must name the source tables,
   * whose names are never reused, so a reloaded source gives a new id rather than a stale result.
   */
  async derived(id: string, select: string, columns: string[]): Promise<ArtifactTable> {
    const key = `der|${id}`;
    const cached = this.entries.get(key) as Promise<ArtifactTable> | undefined;
    if (cached) return this.touch(key, cached);
    const table = this.nextName();
    return this.remember(key, this.exclusive(async (c) => {
      try {
        await c.run(`CREATE TABLE ${table} AS ${select}`);
        const n = await c.runAndReadAll(`SELECT count(*) FROM ${table}`);
        return { table, columns, rows: Number(plain(n.getRowsJS()[0]?.[0] ?? 0)) };
      } catch (err) {
        await c.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
        throw new EngineError('IO_ERROR', duckdbMessage(err), { cause: err });
      }
    }));
  }

  /** Rows [offset, offset+limit) with their 1-based row numbers; with a filter, of the matching rows, and their count. */
  async page(t: LoadedTable, offset: number, limit: number, filter?: RowFilter): Promise<{ total: number; rowNumbers: number[]; rows: GridCell[][] }> {
    const cols = t.columns.map((_, i) => `c${i}`).join(', ');
    const select = `SELECT rowid + 1${cols ? ', ' + cols : ''} FROM ${t.table}`;
    let total = t.rows;
    let rows: Row[];
    if (!filter) {
      rows = await this.query(`${select} WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid`, [offset, offset + limit]);
    } else {
      const { where, params } = filterSql(t, filter);
      const key = `${t.table}|${JSON.stringify(filter)}`;
      let n = this.counts.get(key);
      if (n === undefined) {
        const [c] = await this.query(`SELECT count(*) FROM ${t.table} WHERE ${where}`, params);
        n = Number(c?.[0] ?? 0);
        this.counts.set(key, n);
        if (this.counts.size > 64) this.counts.delete(this.counts.keys().next().value as string);
      }
      total = n;
      const k = params.length;
      rows = await this.query(`${select} WHERE ${where} ORDER BY rowid LIMIT $${k + 1} OFFSET $${k + 2}`, [...params, limit, offset]);
    }
    return { total, rowNumbers: rows.map((r) => Number(r[0])), rows: rows.map((r) => r.slice(1) as GridCell[]) };
  }

  /** The given 1-based rows (missing numbers are simply absent from the map). */
  async rowsByNumber(t: LoadedTable, numbers: readonly number[]): Promise<Map<number, GridCell[]>> {
    const out = new Map<number, GridCell[]>();
    const ids = [...new Set(numbers)].filter((n) => Number.isSafeInteger(n) && n >= 1).map((n) => n - 1);
    if (ids.length === 0) return out;
    const cols = t.columns.map((_, i) => `c${i}`).join(', ');
    // Row ids are integers we produced ourselves, so inlining them is safe.
    const rows = await this.query(`SELECT rowid + 1${cols ? ', ' + cols : ''} FROM ${t.table} WHERE rowid IN (${ids.join(',')})`);
    for (const r of rows) out.set(Number(r[0]), r.slice(1) as GridCell[]);
    return out;
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    this.entries.clear();
    if (s) {
      await this.chain;
      (await s.catch(() => null))?.close();
    }
  }

  private nextName(): string {
    return `t${++this.seq}`;
  }

  private touch<T extends LoadedTable | ArtifactTable>(id: string, p: Promise<T>): Promise<T> {
    this.entries.delete(id);
    this.entries.set(id, p);
    return p;
  }

  private async remember<T extends LoadedTable | ArtifactTable>(id: string, p: Promise<T>): Promise<T> {
    this.entries.set(id, p);
    p.catch(() => this.entries.delete(id));
    while (this.entries.size > this.maxTables) {
      const oldest = this.entries.keys().next().value as string;
      await this.drop(oldest);
    }
    return p;
  }

  private async drop(id: string): Promise<void> {
    const p = this.entries.get(id);
    this.entries.delete(id);
    const t = await p?.catch(() => null);
    if (t) await this.exclusive((c) => c.run(`DROP TABLE IF EXISTS ${t.table}`)).catch(() => undefined);
  }

  private async loadDataset(key: DatasetKey, expectRows: number | undefined): Promise<LoadedTable> {
    const srcOpts: Parameters<typeof openSource>[1] = {};
    if (key.format) srcOpts.format = key.format;
    if (key.sheet !== undefined) srcOpts.sheet = key.sheet;
    const source = openSource(key.path, srcOpts);
    const info = await source.info();
    // DuckDB must split and unquote exactly as the engine does, so it is told the quote the engine sniffed.
    const native = nativeReader(info, (await csvLayout(source))?.dialect.quote);
    if (native) {
      const t = await this.exclusive((c) => this.loadNative(c, info, native)).catch(() => null);
      if (t && (expectRows === undefined || t.rows === expectRows)) return t;
      if (t) await this.exclusive((c) => c.run(`DROP TABLE IF EXISTS ${t.table}`));
    }
    return this.loadWithEngine(info, source.read({ batchSize: 8192 }));
  }

  private async loadNative(c: DuckDBConnection, info: SourceInfo, reader: string): Promise<LoadedTable> {
    const d = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`);
    const described = d.getRowObjectsJS().map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
    const text = info.format === 'csv' || info.format === 'tsv';
    // The engine's header names (deduplicated, blanks named) must win, so the grid matches profiles and plans.
    if (text && described.length !== info.schema.length) throw new Error('column count differs from the engine reader');
    const names = text ? info.schema.map((s) => s.name) : described.map((x) => x.name);
    const types = text ? info.schema.map((s) => s.sourceType) : described.map((x) => x.type);
    const exprs = described.map((x, i) => {
      const col = quoteIdent(x.name);
      return `${NESTED.test(x.type) ? `CAST(to_json(${col}) AS VARCHAR)` : `CAST(${col} AS VARCHAR)`} AS c${i}`;
    });
    const table = this.nextName();
    await c.run(`CREATE TABLE ${table} AS SELECT ${exprs.join(', ') || '1 AS c_empty'} FROM ${reader}`);
    const n = await c.runAndReadAll(`SELECT count(*) FROM ${table}`);
    return tableInfo(info, { table, columns: names, types, rows: Number(plain(n.getRowsJS()[0]?.[0] ?? 0)), loader: 'duckdb' });
  }

  /** Feeds the engine's own reader into a table, so row numbers are exactly the engine's (quarantined rows become empty rows). */
  private async loadWithEngine(info: SourceInfo, batches: AsyncIterable<RowBatch>): Promise<LoadedTable> {
    const table = this.nextName();
    let names = info.schema.map((s) => s.name);
    const types = info.schema.map((s) => s.sourceType);
    const ddl = names.map((_, i) => `c${i} VARCHAR`).join(', ') || 'c_empty VARCHAR';
    await this.exclusive((c) => c.run(`CREATE TABLE ${table} (${ddl})`));
    let next = 1;
    try {
      for await (const batch of batches) {
        if (batch.names.length > names.length) {
          const added = batch.names.slice(names.length);
          await this.exclusive(async (c) => {
            for (let i = 0; i < added.length; i++) await c.run(`ALTER TABLE ${table} ADD COLUMN c${names.length + i} VARCHAR`);
          });
          for (let i = 0; i < added.length; i++) types.push('string');
          names = [...batch.names];
        }
        const width = names.length;
        next = await this.exclusive(async (c) => {
          const app = await c.createAppender(table);
          const nulls = (k: number): void => {
            for (let i = 0; i < k; i++) {
              for (let j = 0; j < width; j++) app.appendNull();
              app.endRow();
            }
          };
          let q = 0;
          const quarantined = [...batch.quarantined].sort((a, b) => a.row - b.row);
          let n = next;
          for (let r = 0; r < batch.length; r++) {
            const rowNo = batch.rows[r]!;
            while (q < quarantined.length && quarantined[q]!.row < rowNo) {
              nulls(quarantined[q]!.row - n + 1);
              n = quarantined[q]!.row + 1;
              q++;
            }
            if (rowNo > n) nulls(rowNo - n);
            for (let j = 0; j < width; j++) {
              const v = j < batch.columns.length ? cellText(batch.columns[j]![r] ?? null) : null;
              if (v === null) app.appendNull();
              else app.appendVarchar(v);
            }
            app.endRow();
            n = rowNo + 1;
          }
          for (; q < quarantined.length; q++) {
            if (quarantined[q]!.row >= n) {
              nulls(quarantined[q]!.row - n + 1);
              n = quarantined[q]!.row + 1;
            }
          }
          app.flushSync();
          app.closeSync();
          return n;
        });
      }
    } catch (err) {
      await this.exclusive((c) => c.run(`DROP TABLE IF EXISTS ${table}`)).catch(() => undefined);
      throw err;
    }
    return tableInfo(info, { table, columns: names, types, rows: next - 1, loader: 'engine' });
  }
}

/** The WHERE clause of a row filter: the column quoted as an identifier, the value a parameter. */
function filterSql(t: LoadedTable, f: RowFilter): { where: string; params: string[] } {
  const i = t.columns.indexOf(f.column);
  if (i < 0) throw new EngineError('INVALID_ARGUMENT', `the dataset has no column ${JSON.stringify(f.column.slice(0, 200))}`);
  const col = quoteIdent(`c${i}`);
  // Empty means what the profile counts as missing: null, or text that is only whitespace.
  if (f.match === 'empty') return { where: `(${col} IS NULL OR regexp_full_match(${col}, '\\s*'))`, params: [] };
  return { where: `${col} = $1`, params: [f.value] };
}

function tableInfo(info: SourceInfo, t: Pick<LoadedTable, 'table' | 'columns' | 'types' | 'rows' | 'loader'>): LoadedTable {
  const out: LoadedTable = { ...t, format: info.format, bytes: info.bytes };
  if (info.encoding !== undefined) out.encoding = info.encoding;
  if (info.delimiter !== undefined) out.delimiter = info.delimiter;
  return out;
}

/** The DuckDB table function for a file, or null when only the engine's reader handles it faithfully. */
export function nativeReader(info: SourceInfo, quote = '"'): string | null {
  const path = quoteLiteral(info.path);
  switch (info.format) {
    case 'csv':
    case 'tsv': {
      const enc = info.encoding?.toLowerCase();
      const delim = info.delimiter ?? (info.format === 'tsv' ? '\t' : ',');
      if ((enc && enc !== 'utf-8' && enc !== 'utf8') || delim.length !== 1) return null;
      const header = info.hasHeader === false ? 'false' : 'true';
      const q = quoteLiteral(quote);
      return `read_csv(${path}, all_varchar = true, header = ${header}, delim = ${quoteLiteral(delim)}, quote = ${q}, escape = ${q}, allow_quoted_nulls = false, skip = 0, strict_mode = false, null_padding = true)`;
    }
    case 'parquet':
      return `read_parquet(${path})`;
    case 'json':
    case 'jsonl':
      return `read_json(${path}, format = ${info.format === 'jsonl' ? "'newline_delimited'" : "'auto'"}, sample_size = -1)`;
    case 'xlsx':
      return null;
  }
}
