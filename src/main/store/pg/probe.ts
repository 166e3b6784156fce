/** A read-only look at a Postgres server for `connections test`: version, catalog schema, workspace. */
import { createPool, quoteIdent, storeError, type PgConnectionOptions } from './connection.js';

export async function probePostgres(connection: PgConnectionOptions, schema: string, workspace: string): Promise<string> {
  const pool = await createPool({ ...connection, maxConnections: 1 });
  try {
    const v = await pool.query<{ v: string }>('SELECT current_setting(\'server_version\') AS v');
    const parts = [`PostgreSQL ${v.rows[0]?.v ?? '?'}`];
    const s = quoteIdent(schema);
    const has = await pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [`${s}.schema_migrations`]);
    if (!has.rows[0]?.t) {
      parts.push(`no catalog in schema ${schema} yet (created on first run)`);
    } else {
      const m = await pool.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${s}.schema_migrations`);
      parts.push(`catalog schema ${schema} v${m.rows[0]?.v ?? 0}`);
      const w = await pool.query<{ runs: string; quota: string | null }>(
        `SELECT (SELECT count(*) FROM ${s}.runs r WHERE r.workspace_id = w.id) AS runs, w.row_quota AS quota FROM ${s}.workspaces w WHERE w.name = $1`, [workspace]);
      const row = w.rows[0];
      parts.push(row ? `workspace "${workspace}": ${row.runs} run(s)${row.quota !== null ? `, quota ${row.quota} rows` : ''}` : `workspace "${workspace}" not created yet`);
    }
    return parts.join('; ');
  } catch (err) {
    throw storeError(err, 'postgres');
  } finally {
    await pool.end();
  }
}
