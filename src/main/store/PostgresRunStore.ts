/** The team run catalog on Postgres: runs, plans, audit trail and provenance, scoped to a workspace. */
import { hostname } from 'node:os';
import type { Pool, PoolClient } from 'pg';
import type { Plan } from '../../shared/plan.js';
import type { RunRecord, RunStatus } from '../../shared/run.js';
import type { RunFinish, RunStart } from '../app/ports.js';
import type { AuditVerification, TeamRunStore, WorkspaceUsage } from '../app/teamPorts.js';
import { EngineError } from '../engine/errors.js';
import { sha256Hex } from '../engine/hash.js';
import { planHash } from '../engine/plan/hash.js';
import { PROVENANCE_COLUMNS } from '../engine/provenance/recorder.js';
import { alignBatch, type RowBatch } from '../engine/table.js';
import { LOCK_NAMESPACE, migrateCatalog } from './pg/catalogSchema.js';
import { createPool, holdClient, inTransaction, quoteIdent, redactUrl, storeError, withRetry, type PgConnectionOptions } from './pg/connection.js';
import { copyChunks } from './pg/copy.js';
import { PostgresSignatureIndex } from './pg/PostgresSignatureIndex.js';
import { encodeCopyRows } from './pg/copyText.js';

export interface PostgresRunStoreOptions {
  connection: PgConnectionOptions;
  /** Schema holding the catalog's tables. @default 'data_sanitizer' */
  schema?: string;
  /** Workspace (tenant) every run, plan, audit entry and provenance row belongs to; created on first use. @default 'default' */
  workspace?: string;
}

const GENESIS = '0'.repeat(64);

interface RunRow {
  id: string; command: string; status: string; input: string; input_sha256: string | null; plan_hash: string | null;
  salt: string; started_at: string; finished_at: string | null; rows_in: string | null; rows_out: string | null;
  duplicates: string | null; quarantined: string | null; error: string | null; artifacts: Record<string, string>;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id, status: r.status as RunStatus, command: r.command as RunRecord['command'], input: r.input,
    inputSha256: r.input_sha256, planHash: r.plan_hash, salt: r.salt, startedAt: r.started_at, finishedAt: r.finished_at,
    rowsIn: num(r.rows_in), rowsOut: num(r.rows_out), duplicates: num(r.duplicates), quarantined: num(r.quarantined),
    error: r.error, artifacts: r.artifacts,
  };
}

export class PostgresRunStore implements TeamRunStore {
  readonly kind = 'team' as const;
  /** Sessions holding a running run's advisory lock: the lock vanishes with the process, which is how others tell it died. */
  private readonly liveRuns = new Map<string, PoolClient>();
  private readonly t: (name: string) => string;

  private constructor(
    private readonly pool: Pool, readonly schema: string, readonly workspace: string,
    private readonly workspaceId: string, readonly label: string,
  ) {
    const s = quoteIdent(schema);
    this.t = (name) => `${s}.${quoteIdent(name)}`;
  }

  /** Connects, applies migrations and makes sure the workspace exists. */
  static async connect(o: PostgresRunStoreOptions): Promise<PostgresRunStore> {
    const schema = o.schema ?? 'data_sanitizer';
    const workspace = o.workspace ?? 'default';
    const label = redactUrl(o.connection.url);
    quoteIdent(schema);
    const pool = await createPool(o.connection);
    try {
      const id = await withRetry(async () => {
        const c = await pool.connect();
        try {
          await migrateCatalog(c, schema);
          const ws = `${quoteIdent(schema)}.${quoteIdent('workspaces')}`;
          await c.query(`INSERT INTO ${ws} (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [workspace]);
          const r = await c.query<{ id: string }>(`SELECT id FROM ${ws} WHERE name = $1`, [workspace]);
          return r.rows[0]!.id;
        } finally {
          c.release();
        }
      });
      return new PostgresRunStore(pool, schema, workspace, id, label);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw storeError(err, `cannot open the team catalog at ${label}`);
    }
  }

  private async q<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await withRetry(() => this.pool.query<R>(sql, params))).rows;
    } catch (err) {
      throw storeError(err, `team catalog ${this.label}`);
    }
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, fn);
    } catch (err) {
      throw storeError(err, `team catalog ${this.label}`);
    }
  }

  async beginRun(run: RunStart): Promise<void> {
    await this.q(`INSERT INTO ${this.t('runs')} (workspace_id, id, command, status, input, salt, started_at, pid, host) VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8)`,
      [this.workspaceId, run.id, run.command, run.input, run.salt, run.startedAt, process.pid, hostname()]);
    let c: PoolClient | undefined;
    try {
      c = await holdClient(this.pool);
      await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.lockKey(run.id)]);
      this.liveRuns.set(run.id, c);
    } catch (err) {
      c?.release(true);
      throw storeError(err, `team catalog ${this.label}`);
    }
  }

  private lockKey(id: string): string {
    return `${this.schema}/${this.workspaceId}/${id}`;
  }

  private releaseRun(id: string): void {
    const c = this.liveRuns.get(id);
    if (!c) return;
    this.liveRuns.delete(id);
    // Dropping the session releases the lock even if this query cannot reach the server.
    c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, this.lockKey(id)])
      .then(() => c.release(), (e: Error) => c.release(e));
  }

  async finishRun(id: string, p: RunFinish): Promise<void> {
    const hash = p.plan ? planHash(p.plan) : (p.planHash ?? null);
    await this.tx(async (c) => {
      if (p.plan && hash) {
        await c.query(`INSERT INTO ${this.t('plans')} (workspace_id, hash, json) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [this.workspaceId, hash, JSON.stringify(p.plan)]);
      }
      await c.query(`UPDATE ${this.t('runs')} SET status = $3, finished_at = $4, input_sha256 = COALESCE($5, input_sha256), plan_hash = COALESCE($6, plan_hash),
        rows_in = $7, rows_out = $8, duplicates = $9, quarantined = $10, error = $11, artifacts = $12 WHERE workspace_id = $1 AND id = $2`,
      [this.workspaceId, id, p.status, p.finishedAt, p.inputSha256 ?? null, hash, p.rowsIn ?? null, p.rowsOut ?? null, p.duplicates ?? null,
        p.quarantined ?? null, p.error ?? null, JSON.stringify(p.artifacts ?? {})]);
    });
    this.releaseRun(id);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const rows = await this.q<RunRow>(`SELECT * FROM ${this.t('runs')} WHERE workspace_id = $1 AND id = $2`, [this.workspaceId, id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listRuns(opts: { limit?: number } = {}): Promise<RunRecord[]> {
    const rows = await this.q<RunRow>(`SELECT * FROM ${this.t('runs')} WHERE workspace_id = $1 ORDER BY started_at DESC, id LIMIT $2`, [this.workspaceId, opts.limit ?? 50]);
    return rows.map(toRecord);
  }

  async getPlan(hash: string): Promise<Plan | null> {
    const rows = await this.q<{ json: string }>(`SELECT json FROM ${this.t('plans')} WHERE workspace_id = $1 AND hash = $2`, [this.workspaceId, hash]);
    return rows[0] ? (JSON.parse(rows[0].json) as Plan) : null;
  }

  /** A running run whose advisory lock no session holds belongs to a process that died, on any host. */
  async recoverInterrupted(): Promise<number> {
    const rows = await this.q<{ id: string }>(`UPDATE ${this.t('runs')} r SET status = 'interrupted', finished_at = $3,
        error = 'the process running it stopped before it finished'
      WHERE r.workspace_id = $1 AND r.status = 'running' AND NOT EXISTS (
        SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = $2::bigint::oid AND l.objid = (hashtext($4 || r.id)::bigint & 4294967295)::oid AND l.objsubid = 2 AND l.granted)
      RETURNING r.id`, [this.workspaceId, LOCK_NAMESPACE, new Date().toISOString(), `${this.schema}/${this.workspaceId}/`]);
    return rows.length;
  }

  async usage(): Promise<WorkspaceUsage> {
    const rows = await this.q<{ row_quota: string | null; used: string; runs: string }>(
      `SELECT w.row_quota, COALESCE(SUM(r.rows_in) FILTER (WHERE r.status = 'succeeded'), 0) AS used, COUNT(r.id) AS runs
       FROM ${this.t('workspaces')} w LEFT JOIN ${this.t('runs')} r ON r.workspace_id = w.id WHERE w.id = $1 GROUP BY w.id`, [this.workspaceId]);
    const r = rows[0]!;
    return { name: this.workspace, rowQuota: num(r.row_quota), rowsUsed: Number(r.used), runs: Number(r.runs) };
  }

  async checkQuota(): Promise<void> {
    const u = await this.usage();
    if (u.rowQuota !== null && u.rowsUsed >= u.rowQuota) {
      throw new EngineError('LIMIT_EXCEEDED', `workspace "${u.name}" has used ${u.rowsUsed} of its ${u.rowQuota}-row quota; ask an administrator to raise it before running again`,
        { details: u });
    }
  }

  async setRowQuota(rows: number | null): Promise<void> {
    if (rows !== null && (!Number.isSafeInteger(rows) || rows < 0)) throw new EngineError('INVALID_ARGUMENT', 'a row quota is a whole number ≥ 0, or none');
    await this.q(`UPDATE ${this.t('workspaces')} SET row_quota = $2 WHERE id = $1`, [this.workspaceId, rows]);
  }

  async appendAudit(runId: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.tx(async (c) => {
      // One multi-row INSERT per chunk; the trigger chains rows in the order given.
      for (let i = 0; i < lines.length; i += 500) {
        const chunk = lines.slice(i, i + 500);
        const values = chunk.map((_, j) => `($1, $2, $${j + 3}, '', '', 0)`).join(', ');
        await c.query(`INSERT INTO ${this.t('audit')} (workspace_id, run_id, body, prev, hash, seq) VALUES ${values}`, [this.workspaceId, runId, ...chunk]);
      }
    });
  }

  async auditEntries(runId: string, q: { offset: number; limit: number; event?: string }): Promise<{ total: number; bodies: string[] }> {
    // The event is matched on the parsed body, as a parameter; the body is what the run wrote, line for line.
    const where = `workspace_id = $1 AND run_id = $2${q.event !== undefined ? ` AND (body::jsonb ->> 'event') = $3` : ''}`;
    const params: unknown[] = q.event !== undefined ? [this.workspaceId, runId, q.event] : [this.workspaceId, runId];
    const count = await this.q<{ n: string }>(`SELECT count(*) AS n FROM ${this.t('audit')} WHERE ${where}`, params);
    const rows = await this.q<{ body: string }>(
      `SELECT body FROM ${this.t('audit')} WHERE ${where} ORDER BY seq OFFSET $${params.length + 1} LIMIT $${params.length + 2}`, [...params, q.offset, q.limit]);
    return { total: Number(count[0]?.n ?? 0), bodies: rows.map((r) => r.body) };
  }

  /** Recomputes every hash here rather than trusting the database's own functions or view. */
  async verifyAudit(): Promise<AuditVerification> {
    let prev = GENESIS;
    let seq = 0;
    for (;;) {
      const rows = await this.q<{ seq: string; body: string; prev: string; hash: string }>(
        `SELECT seq, body, prev, hash FROM ${this.t('audit')} WHERE workspace_id = $1 AND seq > $2 ORDER BY seq LIMIT 5000`, [this.workspaceId, seq]);
      if (rows.length === 0) break;
      for (const r of rows) {
        const s = Number(r.seq);
        if (s !== seq + 1) return { ok: false, entries: seq, seq: seq + 1, error: `sequence gap: entry ${seq + 1} is missing (deleted entry)` };
        if (r.prev !== prev) return { ok: false, entries: seq, seq: s, error: 'prev does not match the previous entry (edited, deleted or reordered entry)' };
        if (sha256Hex(r.prev + r.body) !== r.hash) return { ok: false, entries: seq, seq: s, error: 'entry does not match its hash (edited entry)' };
        prev = r.hash;
        seq = s;
      }
    }
    const head = await this.q<{ audit_seq: string; audit_head: string }>(`SELECT audit_seq, audit_head FROM ${this.t('workspaces')} WHERE id = $1`, [this.workspaceId]);
    const h = head[0]!;
    if (Number(h.audit_seq) !== seq || h.audit_head !== prev) {
      return { ok: false, entries: seq, seq: Number(h.audit_seq), error: 'the workspace head does not match the last entry (entries removed from the end)' };
    }
    return { ok: true, entries: seq, head: prev };
  }

  async importProvenance(runId: string, read: () => AsyncIterable<RowBatch>): Promise<number> {
    const cols = ['workspace_id', 'run_id', ...PROVENANCE_COLUMNS].map(quoteIdent).join(', ');
    const prefix = [this.workspaceId, runId];
    let total = 0;
    async function* chunks(): AsyncIterable<string> {
      for await (const b of read()) {
        const aligned = alignBatch(b, PROVENANCE_COLUMNS);
        const fixed = prefix.map((v) => new Array<string>(aligned.length).fill(v));
        total += aligned.length;
        yield encodeCopyRows([...fixed, ...aligned.columns], ['workspace_id', 'run_id', ...PROVENANCE_COLUMNS], aligned.length);
      }
    }
    await this.tx(async (c) => {
      await c.query('SET LOCAL statement_timeout = 0');
      await c.query(`DELETE FROM ${this.t('provenance')} WHERE workspace_id = $1 AND run_id = $2`, [this.workspaceId, runId]);
      total = 0;
      await copyChunks(c, `COPY ${this.t('provenance')} (${cols}) FROM STDIN`, chunks());
    });
    return total;
  }

  signatureIndex(): PostgresSignatureIndex {
    return new PostgresSignatureIndex(this.pool, this.t, this.workspaceId, this.label);
  }

  async deleteRun(id: string): Promise<boolean> {
    const deleted = await this.tx(async (c) => {
      const r = await c.query(`DELETE FROM ${this.t('runs')} WHERE workspace_id = $1 AND id = $2`, [this.workspaceId, id]);
      if (!r.rowCount) return false;
      await c.query(`DELETE FROM ${this.t('provenance')} WHERE workspace_id = $1 AND run_id = $2`, [this.workspaceId, id]);
      const body = JSON.stringify({ at: new Date().toISOString(), runId: id, event: 'run.deleted' });
      await c.query(`INSERT INTO ${this.t('audit')} (workspace_id, run_id, body, prev, hash, seq) VALUES ($1, $2, $3, '', '', 0)`, [this.workspaceId, id, body]);
      return true;
    });
    if (deleted) await this.signatureIndex().deleteRun(id);
    return deleted;
  }

  async close(): Promise<void> {
    for (const id of [...this.liveRuns.keys()]) this.releaseRun(id);
    await this.pool.end();
  }
}
