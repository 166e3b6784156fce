/** The RunStore contract and the team features (workspaces, quota, audit trail, provenance) on a real Postgres. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/main/store/pg/connection.js';
import { PostgresRunStore } from '../../src/main/store/PostgresRunStore.js';
import type { RowBatch } from '../../src/main/engine/table.js';
import { hostileName, startPostgres, type PgTestServer } from './pgHarness.js';
import { runStoreContract } from './runStore.contract.js';

let server: PgTestServer;
beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => { await server?.stop(); });

const q = (s: string): string => '"' + s.replace(/"/g, '""') + '"';
const open = (schema: string, workspace = 'default') => PostgresRunStore.connect({ connection: { url: server.url }, schema, workspace });

runStoreContract('PostgresRunStore', {
  async fresh() {
    const schema = `catalog_${randomBytes(4).toString('hex')}`;
    return {
      open: () => open(schema),
      // Closing the store ended the session holding the run's lock: that is what a dead process looks like.
      markDead: async () => undefined,
      bumpSchema: async (v) => { await server.query(`INSERT INTO ${q(schema)}.schema_migrations (version) VALUES ($1)`, [v]); },
    };
  },
});

function batch(names: string[], rows: (string | number | null)[][]): RowBatch {
  return { names, columns: names.map((_, c) => rows.map((r) => r[c] ?? null)), length: rows.length, rows: rows.map((_, i) => i + 1), lines: [], quarantined: [] };
}

describe('PostgresRunStore team features', () => {
  it('keeps workspaces apart: runs and plans of one are invisible to the other', async () => {
    const schema = `ws_${randomBytes(4).toString('hex')}`;
    const a = await open(schema, 'acme');
    const b = await open(schema, 'globex');
    await a.beginRun({ id: 'r1', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    await a.finishRun('r1', { status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z', rowsIn: 5, plan: { version: 1, salt: '', operations: [], dedupe: { mode: 'off', columns: [] } } });
    expect(await b.getRun('r1')).toBeNull();
    expect(await b.listRuns()).toEqual([]);
    expect(await b.getPlan((await a.getRun('r1'))!.planHash!)).toBeNull();
    await b.beginRun({ id: 'r1', command: 'clean', input: '/b.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    expect((await a.getRun('r1'))?.input).toBe('/a.csv');
    await a.close();
    await b.close();
  });

  it('refuses to start once the workspace row quota is used up, with a clear message', async () => {
    const s = await open(`quota_${randomBytes(4).toString('hex')}`, 'small team');
    await s.setRowQuota(100);
    await s.checkQuota();
    await s.beginRun({ id: 'q1', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    await s.finishRun('q1', { status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z', rowsIn: 60 });
    await s.checkQuota();
    await s.beginRun({ id: 'q2', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:02Z' });
    await s.finishRun('q2', { status: 'succeeded', finishedAt: '2026-01-01T00:00:03Z', rowsIn: 40 });
    expect(await s.usage()).toEqual({ name: 'small team', rowQuota: 100, rowsUsed: 100, runs: 2 });
    await expect(s.checkQuota()).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/"small team" has used 100 of its 100-row quota/) });
    await s.setRowQuota(null);
    await s.checkQuota();
    await s.close();
  });

  it('chains the audit trail in the database, refuses UPDATE/DELETE/TRUNCATE, and detects tampering in SQL and in JS', async () => {
    const schema = `audit_${randomBytes(4).toString('hex')}`;
    const s = await open(schema, 'acme');
    const other = await open(schema, 'globex');
    await s.appendAudit('r1', ['{"event":"run.started"}', '{"event":"run.finished"}']);
    await other.appendAudit('x', ['{"event":"run.started"}']);
    await s.appendAudit('r2', ['{"event":"run.started","note":"ünïcode ✓"}']);
    const ok = await s.verifyAudit();
    expect(ok).toMatchObject({ ok: true, entries: 3 });
    const rows = await server.query<{ seq: string; prev: string; hash: string }>(`SELECT seq, prev, hash FROM ${q(schema)}.audit a JOIN ${q(schema)}.workspaces w ON w.id = a.workspace_id WHERE w.name = 'acme' ORDER BY seq`);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[0]!.prev).toBe('0'.repeat(64));
    expect(rows[1]!.prev).toBe(rows[0]!.hash);
    expect(await server.query(`SELECT * FROM ${q(schema)}.audit_breaks`)).toEqual([]);

    await expect(server.query(`UPDATE ${q(schema)}.audit SET body = '{}' WHERE seq = 2`)).rejects.toThrow(/append-only: UPDATE is refused/);
    await expect(server.query(`DELETE FROM ${q(schema)}.audit`)).rejects.toThrow(/append-only: DELETE is refused/);
    await expect(server.query(`TRUNCATE ${q(schema)}.audit`)).rejects.toThrow(/append-only: TRUNCATE is refused/);

    // A superuser can switch the trigger off; the chain still gives the edit away.
    await server.query(`ALTER TABLE ${q(schema)}.audit DISABLE TRIGGER audit_no_update`);
    await server.query(`UPDATE ${q(schema)}.audit a SET body = '{"event":"run.finished","forged":true}' FROM ${q(schema)}.workspaces w WHERE w.id = a.workspace_id AND w.name = 'acme' AND a.seq = 2`);
    expect(await s.verifyAudit()).toMatchObject({ ok: false, seq: 2, error: expect.stringMatching(/edited/) });
    expect(await server.query(`SELECT seq::int, reason FROM ${q(schema)}.audit_breaks`)).toEqual([{ seq: 2, reason: 'entry does not match its hash (edited)' }]);
    expect(await other.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
    await server.query(`DELETE FROM ${q(schema)}.audit a USING ${q(schema)}.workspaces w WHERE w.id = a.workspace_id AND w.name = 'globex'`);
    expect(await other.verifyAudit()).toMatchObject({ ok: false, error: expect.stringMatching(/removed from the end/) });
    await s.close();
    await other.close();
  });

  it('bulk-loads provenance with COPY, replaces a re-import, and deletes it with the run', async () => {
    const s = await open(`prov_${randomBytes(4).toString('hex')}`);
    await s.beginRun({ id: 'p1', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    const names = ['row', 'column', 'original', 'cleaned', 'operation', 'op_id', 'confidence', 'kind', 'survivor', 'reason'];
    const many = Array.from({ length: 20_000 }, (_, i) => [i + 1, 'name', ` v${i}\t\\x\n`, `v${i}`, 'core/trim', 'op1', 1, 'cell', null, null]);
    async function* read(): AsyncIterable<RowBatch> {
      yield batch(names, many.slice(0, 12_000));
      yield batch(names, many.slice(12_000));
    }
    expect(await s.importProvenance('p1', read)).toBe(20_000);
    expect(await s.importProvenance('p1', read)).toBe(20_000);
    const got = await server.query<{ n: string; original: string }>(`SELECT count(*) OVER () AS n, original FROM ${q((s as PostgresRunStore).schema)}.provenance WHERE run_id = 'p1' AND "row" = 7`);
    expect(got).toEqual([{ n: '1', original: ' v6\t\\x\n' }]);
    const total = await server.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(s.schema)}.provenance WHERE run_id = 'p1'`);
    expect(total[0]!.n).toBe('20000');
    expect(await s.deleteRun('p1')).toBe(true);
    expect(await s.deleteRun('p1')).toBe(false);
    expect(await s.getRun('p1')).toBeNull();
    expect((await server.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(s.schema)}.provenance`))[0]!.n).toBe('0');
    expect(await s.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
    await s.close();
  });

  it('works with hostile schema and workspace names: quotes, semicolons, unicode', async () => {
    const schema = hostileName('schema');
    const s = await open(schema, `wörk"space'; --`);
    await s.beginRun({ id: `run"; DROP`, command: 'clean', input: '/ä.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    await s.finishRun(`run"; DROP`, { status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z', rowsIn: 1 });
    await s.appendAudit(`run"; DROP`, ['{"event":"x"}']);
    expect(await s.verifyAudit()).toMatchObject({ ok: true, entries: 1 });
    expect((await s.listRuns()).map((r) => r.id)).toEqual([`run"; DROP`]);
    expect(await s.recoverInterrupted()).toBe(0);
    await s.close();
    const schemas = await server.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = $1', [schema]);
    expect(schemas).toHaveLength(1);
  });

  it('names the server but never the password when it cannot connect, and honours sslmode', async () => {
    const u = new URL(server.url);
    u.password = 'not-the-password-s3cr3t';
    const err = await PostgresRunStore.connect({ connection: { url: u.toString() } }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'STORE_ERROR' });
    expect(String((err as Error).message)).toMatch(/password authentication failed/);
    expect(String((err as Error).message)).not.toContain('s3cr3t');
    expect(String((err as Error).message)).toContain(`${u.hostname}:${u.port}`);
    if (server.embedded) {
      const tls = await PostgresRunStore.connect({ connection: { url: `${server.url}?sslmode=require` } }).catch((e: Error) => e);
      expect(String((tls as Error).message)).toMatch(/does not support SSL/);
    }
  });

  it('reruns a transaction that lost a real serialization conflict', async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    await pool.query('CREATE TABLE ser (v int)');
    await pool.query('INSERT INTO ser VALUES (1)');
    let attempts = 0;
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((r) => { release = r; });
    // Write skew: each reads the sum, then inserts it; SERIALIZABLE lets only one of the first two commit.
    const txn = () => inTransaction(pool, async (c) => {
      attempts++;
      await c.query('SELECT sum(v) FROM ser');
      if (attempts <= 2) {
        if (++arrived === 2) release();
        await bothRead;
      }
      await c.query('INSERT INTO ser SELECT sum(v) FROM ser');
    }, 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    await Promise.all([txn(), txn()]);
    expect(attempts).toBe(3);
    expect((await pool.query('SELECT v FROM ser ORDER BY v')).rows.map((r: { v: number }) => r.v)).toEqual([1, 1, 2]);
    await pool.end();
  });

  it('survives the server dropping its connections (retry on a fresh one)', async () => {
    const s = await open(`retry_${randomBytes(4).toString('hex')}`);
    await s.listRuns();
    await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'data-sanitizer' AND pid <> pg_backend_pid()`);
    await s.beginRun({ id: 'after', command: 'clean', input: '/a.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    expect((await s.getRun('after'))?.status).toBe('running');
    await s.close();
  });
});
