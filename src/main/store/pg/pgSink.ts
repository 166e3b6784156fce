/**
 * Cleaned rows into a new Postgres table. Rows are COPY'd into a temp staging table while their types
 * are inferred; commit() creates the table with those types and fills it, all in the one transaction
 * opened at the start, so a failed or killed run leaves no table and no rows behind.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { EngineError } from '../../engine/errors.js';
import { ColumnTypeTracker } from '../../engine/io/sinkTypes.js';
import type { Sink, SinkColumnType } from '../../engine/io/types.js';
import type { Cell } from '../../engine/table.js';
import { createPool, holdClient, qualified, quoteIdent, redactUrl, storeError, type PgConnectionOptions } from './connection.js';
import { copyChunks } from './copy.js';
import { encodeCopyRows } from './copyText.js';

export interface PostgresSinkOptions {
  connection: PgConnectionOptions;
  table: string;
  schema?: string;
  columns: string[];
  /** Column types; inferred from the values when absent. */
  types?: Partial<Record<string, SinkColumnType>>;
  /** Replace an existing table on commit. @default false */
  replace?: boolean;
}

export interface PostgresSink extends Sink {
  /** `postgres://user@host:port/db#"schema"."table"`: where the rows go, without secrets. */
  readonly location: string;
  /** sha256 of the rows as written (COPY text), for the audit log. */
  checksum(): Promise<string>;
}

const PG_TYPE: Record<SinkColumnType, string> = {
  BIGINT: 'bigint', DOUBLE: 'double precision', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp', VARCHAR: 'text',
};

export async function createPostgresSink(o: PostgresSinkOptions): Promise<PostgresSink> {
  const target = qualified(o.schema, o.table);
  const location = `${redactUrl(o.connection.url)}#${target}`;
  const quotedCols = o.columns.map(quoteIdent);
  const stage = 'ds_stage';
  const stageCols = o.columns.map((_, i) => `c${i + 1}`);
  const trackers = o.columns.map(() => new ColumnTypeTracker());
  const hash: Hash = createHash('sha256').update(JSON.stringify(o.columns));
  let digest: string | null = null;
  let pool: Pool | null = await createPool({ ...o.connection, maxConnections: 1 });
  let client: PoolClient | null = null;

  const fail = (err: unknown): EngineError => {
    if (err instanceof EngineError) return err;
    return storeError(err, `cannot write ${location}`);
  };

  async function finish(sql: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    const c = client;
    const p = pool;
    client = null;
    pool = null;
    let broken: Error | undefined;
    try {
      if (c) await c.query(sql).catch((e: Error) => { broken = e; if (sql === 'COMMIT') throw e; });
    } finally {
      c?.release(broken);
      await p?.end();
    }
  }

  try {
    client = await holdClient(pool);
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [target]);
    if (exists.rows[0]?.t && !o.replace) {
      throw new EngineError('OUTPUT_EXISTS', `table ${target} exists in ${redactUrl(o.connection.url)}; use --force to replace it`, { location: { file: location } });
    }
    await client.query(`CREATE TEMP TABLE ${stage} (${stageCols.map((c) => `${c} text`).join(', ')}) ON COMMIT DROP`);
  } catch (err) {
    await finish('ROLLBACK').catch(() => undefined);
    throw fail(err);
  }

  function columnType(i: number): string {
    const name = o.columns[i]!;
    const t = trackers[i]!;
    const given = o.types?.[name];
    if (given === undefined) return PG_TYPE[t.infer()];
    if (!t.accepts(given)) throw new EngineError('INVALID_ARGUMENT', `column ${JSON.stringify(name)} of ${target} was declared ${given} but holds values that are not ${given}`, { location: { file: location, column: name } });
    return PG_TYPE[given];
  }

  return {
    location,
    async write(columns: Cell[][], length: number): Promise<void> {
      if (!client) throw new EngineError('INTERNAL', `write to ${location} after commit or abort`);
      if (length === 0) return;
      for (let c = 0; c < trackers.length; c++) {
        const t = trackers[c]!;
        const col = columns[c];
        if (!col) continue;
        for (let r = 0; r < length; r++) t.observe(col[r] ?? null);
      }
      const text = encodeCopyRows(columns, o.columns, length);
      hash.update(text);
      try {
        await copyChunks(client, `COPY ${stage} FROM STDIN`, [text]);
      } catch (err) {
        throw fail(err);
      }
    },
    async commit(): Promise<void> {
      const c = client;
      if (!c) throw new EngineError('INTERNAL', `commit of ${location} after commit or abort`);
      try {
        const types = o.columns.map((_, i) => columnType(i));
        if (o.replace) await c.query(`DROP TABLE IF EXISTS ${target}`);
        await c.query(`CREATE TABLE ${target} (${quotedCols.map((q, i) => `${q} ${types[i]}`).join(', ')})`);
        const casts = stageCols.map((s, i) => (types[i] === 'text' ? s : `${s}::${types[i]}`)).join(', ');
        await c.query(`INSERT INTO ${target} (${quotedCols.join(', ')}) SELECT ${casts} FROM ${stage}`);
        await finish('COMMIT');
        digest = hash.digest('hex');
      } catch (err) {
        await finish('ROLLBACK').catch(() => undefined);
        throw fail(err);
      }
    },
    async abort(): Promise<void> {
      await finish('ROLLBACK').catch(() => undefined);
    },
    async checksum(): Promise<string> {
      if (digest === null) throw new EngineError('INTERNAL', `checksum of ${location} before commit`);
      return digest;
    },
  };
}
