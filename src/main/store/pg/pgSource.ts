/**
 * A Postgres table or query as a Source: server-side cursor, batches of rows, one REPEATABLE READ
 * snapshot for every pass so the two-pass engine sees the same rows in the same order.
 */
import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryConfig, types as PgTypes } from 'pg';
import { CancelledError, EngineError, throwIfAborted } from '../../engine/errors.js';
import { uniqueNames } from '../../engine/io/csv.js';
import type { InputFormat, ReadOptions, Source, SourceInfo } from '../../engine/io/types.js';
import type { Cell, ColumnSchema, RowBatch } from '../../engine/table.js';
import { createPool, holdClient, qualified, redactUrl, storeError, type PgConnectionOptions } from './connection.js';

export interface PostgresSourceOptions {
  connection: PgConnectionOptions;
  /** Table to read; `schema` qualifies it. One of table or query. */
  table?: string;
  schema?: string;
  /** A read-only SELECT; add ORDER BY for row numbers that are stable across runs. */
  query?: string;
}

/** A Source that also fingerprints what it read and must be closed. */
export interface PostgresSource extends Source {
  /** `postgres://user@host:port/db` plus the table or "query": names the input without secrets. */
  readonly label: string;
  /** sha256 of the rows, resolved when the first full read ends. */
  readonly sha256: Promise<string>;
  close(): Promise<void>;
}

type Parser = (v: string) => Cell;
const asNumber: Parser = (v) => Number(v);
const asBool: Parser = (v) => v === 't';
const asInt8: Parser = (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};
const asFloat: Parser = (v) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
};
/** numeric as a number when a double holds its value exactly (≤ 15 significant digits), else its text. */
const asNumeric: Parser = (v) => {
  const digits = v.replace(/^[-+]?0*/, '').replace('.', '').replace(/^0+/, '');
  return /^[-+]?\d+(\.\d+)?$/.test(v) && digits.length <= 15 ? Number(v) : v;
};
// The session runs in UTC with ISO DateStyle, so these only need the ISO 'T' and 'Z'.
const asTimestamp: Parser = (v) => (/^\d{4}-\d\d-\d\d \d/.test(v) ? v.replace(' ', 'T') : v);
const asTimestamptz: Parser = (v) => (/^\d{4}-\d\d-\d\d \d.*\+00$/.test(v) ? v.replace(' ', 'T').replace(/\+00$/, 'Z') : v);
const asText: Parser = (v) => v;

const PARSERS: Record<number, Parser> = {
  16: asBool, 20: asInt8, 21: asNumber, 23: asNumber, 26: asNumber, 700: asFloat, 701: asFloat,
  1700: asNumeric, 1114: asTimestamp, 1184: asTimestamptz,
};

/** Text in, Cell out; nothing becomes a Date or an object, so values stay exact. */
const cellTypes = { getTypeParser: (oid: number) => PARSERS[oid] ?? asText } as unknown as typeof PgTypes;

function sourceError(err: unknown, label: string): EngineError {
  const e = storeError(err, `cannot read ${label}`);
  return e.code === 'STORE_ERROR' ? new EngineError('BAD_INPUT', e.message, { location: { file: label }, cause: err }) : e;
}

export function createPostgresSource(o: PostgresSourceOptions): PostgresSource {
  if ((o.table === undefined) === (o.query === undefined)) throw new EngineError('INVALID_ARGUMENT', 'a Postgres input needs either --table or --query');
  const query = o.query?.trim().replace(/;\s*$/, '');
  if (query !== undefined && query.length === 0) throw new EngineError('INVALID_ARGUMENT', '--query is empty');
  const select = query ?? `SELECT * FROM ${qualified(o.schema, o.table!)}`;
  const label = `${redactUrl(o.connection.url)}#${o.table !== undefined ? qualified(o.schema, o.table) : 'query'}`;

  let pool: Pool | null = null;
  let client: PoolClient | null = null;
  let opening: Promise<PoolClient> | null = null;
  let info: SourceInfo | null = null;
  let cursors = 0;
  let resolveSha!: (s: string) => void;
  const sha256 = new Promise<string>((r) => { resolveSha = r; });
  let fingerprinted = false;

  async function session(): Promise<PoolClient> {
    opening ??= (async () => {
      pool = await createPool({ ...o.connection, maxConnections: 1 });
      const c = await holdClient(pool);
      client = c;
      // One snapshot for both passes; no parallel or synchronized scans, so row order repeats.
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await c.query("SET LOCAL TIME ZONE 'UTC'");
      await c.query("SET LOCAL DateStyle = 'ISO, YMD'");
      await c.query('SET LOCAL synchronize_seqscans = off');
      // A big ORDER BY may take long to produce its first rows; Ctrl-C cancels between batches instead.
      await c.query('SET LOCAL statement_timeout = 0');
      return c;
    })();
    return opening;
  }

  async function declare(c: PoolClient): Promise<string> {
    const name = `ds_cursor_${++cursors}`;
    // The extended protocol runs exactly one statement, so a query cannot smuggle in a second one.
    const declareSql: QueryConfig & { queryMode: 'extended' } = { text: `DECLARE ${name} NO SCROLL CURSOR FOR ${select}`, queryMode: 'extended' };
    await c.query(declareSql);
    return name;
  }

  async function describe(): Promise<SourceInfo> {
    if (info) return info;
    try {
      const c = await session();
      const cur = await declare(c);
      const r = await c.query({ text: `FETCH FORWARD 0 FROM ${cur}`, rowMode: 'array', types: cellTypes });
      await c.query(`CLOSE ${cur}`);
      const names = uniqueNames(r.fields.map((f) => f.name));
      const typeRows = await c.query<{ t: string }>('SELECT format_type(o, m) AS t FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS x(o, m, i) ORDER BY i',
        [r.fields.map((f) => f.dataTypeID), r.fields.map((f) => f.dataTypeModifier)]);
      const schema: ColumnSchema[] = names.map((name, i) => ({ name, sourceType: typeRows.rows[i]?.t ?? 'text' }));
      // SourceInfo.format has no database member yet; reports only display it.
      info = { format: 'postgres' as InputFormat, path: label, bytes: 0, schema };
      return info;
    } catch (err) {
      throw sourceError(err, label);
    }
  }

  async function* read(opts: ReadOptions = {}): AsyncIterable<RowBatch> {
    const { schema } = await describe();
    const names = schema.map((s) => s.name);
    const batchSize = opts.batchSize ?? 8192;
    const c = await session();
    const hash = fingerprinted ? null : createHash('sha256').update(JSON.stringify(names));
    let cur: string | null = null;
    let row = 0;
    try {
      cur = await declare(c);
      for (;;) {
        throwIfAborted(opts.signal);
        const r = await c.query<Cell[]>({ text: `FETCH FORWARD ${batchSize} FROM ${cur}`, rowMode: 'array', types: cellTypes });
        const n = r.rows.length;
        if (n === 0) break;
        const columns: Cell[][] = names.map(() => new Array<Cell>(n));
        const rows = new Array<number>(n);
        for (let i = 0; i < n; i++) {
          const values = r.rows[i]!;
          for (let j = 0; j < names.length; j++) columns[j]![i] = values[j] ?? null;
          rows[i] = ++row;
          // Per row, so the fingerprint does not depend on the batch size.
          hash?.update(JSON.stringify(values)).update('\n');
        }
        yield { names, columns, length: n, rows, lines: new Array<number>(n).fill(0), quarantined: [] };
      }
      await c.query(`CLOSE ${cur}`);
      cur = null;
      if (hash) {
        fingerprinted = true;
        resolveSha(hash.digest('hex'));
      }
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      throw sourceError(err, label);
    } finally {
      // An abandoned iteration (cancel, error) leaves the cursor; closing keeps the snapshot usable.
      if (cur) await c.query(`CLOSE ${cur}`).catch(() => undefined);
    }
  }

  return {
    label,
    sha256,
    info: describe,
    read,
    async close() {
      const c = client as PoolClient | null;
      const p = pool as Pool | null;
      client = null;
      pool = null;
      opening = null;
      if (c) {
        await c.query('COMMIT').catch(() => undefined);
        c.release();
      }
      await p?.end();
    },
  };
}
