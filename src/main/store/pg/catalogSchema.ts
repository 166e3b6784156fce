/** The team catalog's schema as versioned migrations, applied at connect under an advisory lock. */
import type { PoolClient } from 'pg';
import { EngineError } from '../../engine/errors.js';
import { quoteIdent } from './connection.js';

/** Advisory-lock namespace (first key) for everything this app locks; the second key says what. */
export const LOCK_NAMESPACE = 0x0d5a_7e11;
const MIGRATION_LOCK = 1;

/**
 * Each migration runs with search_path set to the catalog schema, so no schema name is ever
 * spliced into SQL text. Functions pin their own search_path for the same reason.
 */
const MIGRATIONS: ((schema: string) => string)[] = [
  (schema) => `
    CREATE TABLE workspaces (
      id bigserial PRIMARY KEY, name text NOT NULL UNIQUE,
      row_quota bigint CHECK (row_quota IS NULL OR row_quota >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      audit_seq bigint NOT NULL DEFAULT 0, audit_head text NOT NULL DEFAULT repeat('0', 64));
    CREATE TABLE runs (
      workspace_id bigint NOT NULL REFERENCES workspaces(id), id text NOT NULL,
      command text NOT NULL, status text NOT NULL, input text NOT NULL, input_sha256 text, plan_hash text,
      salt text NOT NULL, started_at text NOT NULL, finished_at text,
      rows_in bigint, rows_out bigint, duplicates bigint, quarantined bigint, error text,
      artifacts jsonb NOT NULL DEFAULT '{}', pid integer, host text,
      PRIMARY KEY (workspace_id, id));
    CREATE INDEX runs_started ON runs (workspace_id, started_at DESC, id);
    CREATE TABLE plans (workspace_id bigint NOT NULL REFERENCES workspaces(id), hash text NOT NULL, json text NOT NULL,
      PRIMARY KEY (workspace_id, hash));
    CREATE TABLE audit (
      workspace_id bigint NOT NULL REFERENCES workspaces(id), seq bigint NOT NULL, run_id text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(), body text NOT NULL, prev text NOT NULL, hash text NOT NULL,
      PRIMARY KEY (workspace_id, seq));
    CREATE INDEX audit_run ON audit (workspace_id, run_id);
    CREATE TABLE provenance (
      workspace_id bigint NOT NULL, run_id text NOT NULL, "row" bigint, "column" text, original text, cleaned text,
      operation text, op_id text, confidence double precision, kind text, survivor bigint, reason text);
    CREATE INDEX provenance_run ON provenance (workspace_id, run_id, "row");

    -- The chain is computed here, not by clients: seq, prev and hash come from the workspace's head,
    -- which the row lock serialises, so concurrent writers cannot fork it.
    CREATE FUNCTION audit_chain() RETURNS trigger LANGUAGE plpgsql SET search_path = ${quoteIdent(schema)}, pg_catalog AS $fn$
    DECLARE w record;
    BEGIN
      SELECT audit_seq, audit_head INTO w FROM workspaces WHERE id = NEW.workspace_id FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'unknown workspace %', NEW.workspace_id; END IF;
      NEW.seq := w.audit_seq + 1;
      NEW.prev := w.audit_head;
      NEW.hash := encode(sha256(convert_to(NEW.prev || NEW.body, 'UTF8')), 'hex');
      UPDATE workspaces SET audit_seq = NEW.seq, audit_head = NEW.hash WHERE id = NEW.workspace_id;
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER audit_chain BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_chain();

    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $fn$;
    CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

    -- Every link that does not hold; empty when the chain is intact. Checkable by any SQL client.
    CREATE VIEW audit_breaks AS
      SELECT workspace_id, seq, reason FROM (
        SELECT workspace_id, seq,
          CASE
            WHEN encode(sha256(convert_to(prev || body, 'UTF8')), 'hex') <> hash THEN 'entry does not match its hash (edited)'
            WHEN prev <> COALESCE(lag(hash) OVER w, repeat('0', 64)) THEN 'prev does not match the previous entry (edited, deleted or reordered)'
            WHEN seq <> COALESCE(lag(seq) OVER w, 0) + 1 THEN 'sequence gap (deleted entry)'
          END AS reason
        FROM audit WINDOW w AS (PARTITION BY workspace_id ORDER BY seq)) links
      WHERE reason IS NOT NULL
      UNION ALL
      SELECT w.id, w.audit_seq, 'workspace head does not match the last entry (truncated log)'
      FROM workspaces w LEFT JOIN LATERAL (SELECT seq, hash FROM audit a WHERE a.workspace_id = w.id ORDER BY seq DESC LIMIT 1) last ON true
      WHERE COALESCE(last.seq, 0) <> w.audit_seq OR COALESCE(last.hash, repeat('0', 64)) <> w.audit_head;`,
  // 2: row keys and MinHash signatures per dataset, for clean --against (PostgresSignatureIndex).
  () => `
    CREATE TABLE sig_datasets (id bigserial PRIMARY KEY, workspace_id bigint NOT NULL REFERENCES workspaces(id), name text NOT NULL,
      UNIQUE (workspace_id, name));
    CREATE TABLE sig_entries (
      id bigint PRIMARY KEY, dataset_id bigint NOT NULL REFERENCES sig_datasets(id), run_id text NOT NULL,
      "row" bigint NOT NULL, key text NOT NULL, signature bytea, vals text NOT NULL);
    CREATE SEQUENCE sig_entries_id OWNED BY sig_entries.id;
    CREATE INDEX sig_entries_run ON sig_entries (run_id, dataset_id);
    CREATE INDEX sig_entries_key ON sig_entries (dataset_id, key, id);
    -- The earliest row per exact key: the unique index cross-run exact dedupe looks up.
    -- No foreign keys on these two: a per-row RI check would dominate bulk loads; deleteRun cleans up.
    CREATE TABLE sig_keys (dataset_id bigint NOT NULL, key text NOT NULL, entry_id bigint NOT NULL, PRIMARY KEY (dataset_id, key));
    CREATE INDEX sig_keys_entry ON sig_keys (entry_id);
    -- LSH buckets: (band, band key) → rows; what near lookups read when no vector store is configured.
    CREATE TABLE sig_bands (dataset_id bigint NOT NULL, band smallint NOT NULL, key bigint NOT NULL, entry_id bigint NOT NULL,
      PRIMARY KEY (dataset_id, band, key, entry_id));
    CREATE INDEX sig_bands_entry ON sig_bands (entry_id);`,
];

export const CATALOG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Creates the schema and applies missing migrations, each in its own transaction; refuses a
 * schema newer than this build. Idempotent and safe when several processes connect at once.
 */
export async function migrateCatalog(c: PoolClient, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  await c.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
  try {
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const r = await c.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM ${s}.schema_migrations`);
    const current = r.rows[0]?.v ?? 0;
    if (current > MIGRATIONS.length) {
      throw new EngineError('STORE_ERROR', `the team catalog (schema ${schema}) has schema version ${current}, newer than this app understands (${MIGRATIONS.length}); upgrade the app`);
    }
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      await c.query('BEGIN');
      try {
        await c.query(`SET LOCAL search_path = ${s}, pg_catalog`);
        await c.query(MIGRATIONS[v - 1]!(schema));
        await c.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [v]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, MIGRATION_LOCK]);
  }
}
