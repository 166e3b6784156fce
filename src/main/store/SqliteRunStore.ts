/** The embedded run catalog: SQLite via better-sqlite3, with versioned migrations. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import type { Plan } from '../../shared/plan.js';
import type { RunRecord, RunStatus } from '../../shared/run.js';
import { EngineError } from '../engine/errors.js';
import { planHash } from '../engine/plan/hash.js';
import type { RunFinish, RunStart, RunStore } from '../app/ports.js';
import { pidAlive } from './pid.js';

const MIGRATIONS: string[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY, command TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL,
     input_sha256 TEXT, plan_hash TEXT, salt TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
     rows_in INTEGER, rows_out INTEGER, duplicates INTEGER, quarantined INTEGER, error TEXT,
     artifacts TEXT NOT NULL DEFAULT '{}', pid INTEGER, host TEXT);
   CREATE INDEX runs_started ON runs(started_at);
   CREATE TABLE plans (hash TEXT PRIMARY KEY, json TEXT NOT NULL);`,
  // 2: row keys and MinHash signatures per dataset, for clean --against (SqliteSignatureIndex).
  `CREATE TABLE sig_datasets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
   CREATE TABLE sig_entries (
     id INTEGER PRIMARY KEY, dataset_id INTEGER NOT NULL REFERENCES sig_datasets(id), run_id TEXT NOT NULL,
     row INTEGER NOT NULL, key TEXT NOT NULL, signature BLOB, vals TEXT NOT NULL);
   CREATE INDEX sig_entries_key ON sig_entries(dataset_id, key);
   CREATE INDEX sig_entries_run ON sig_entries(run_id);
   CREATE TABLE sig_bands (dataset_id INTEGER NOT NULL, bucket INTEGER NOT NULL, entry_id INTEGER NOT NULL,
     PRIMARY KEY (dataset_id, bucket, entry_id)) WITHOUT ROWID;`,
];

interface RunRow {
  id: string; command: string; status: string; input: string; input_sha256: string | null; plan_hash: string | null;
  salt: string; started_at: string; finished_at: string | null; rows_in: number | null; rows_out: number | null;
  duplicates: number | null; quarantined: number | null; error: string | null; artifacts: string; pid: number | null; host: string | null;
}

function toRecord(r: RunRow): RunRecord {
  return {
    id: r.id, status: r.status as RunStatus, command: r.command as RunRecord['command'], input: r.input,
    inputSha256: r.input_sha256, planHash: r.plan_hash, salt: r.salt, startedAt: r.started_at, finishedAt: r.finished_at,
    rowsIn: r.rows_in, rowsOut: r.rows_out, duplicates: r.duplicates, quarantined: r.quarantined, error: r.error,
    artifacts: JSON.parse(r.artifacts) as Record<string, string>,
  };
}

export class SqliteRunStore implements RunStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (err) {
      if (err instanceof EngineError) throw err;
      throw new EngineError('STORE_ERROR', `cannot open run catalog ${path}: ${(err as Error).message}`);
    }
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > MIGRATIONS.length) {
      throw new EngineError('STORE_ERROR', `catalog ${this.path} has schema version ${current}, newer than this app understands (${MIGRATIONS.length}); upgrade the app`);
    }
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v - 1]!);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
      })();
    }
  }

  async beginRun(run: RunStart): Promise<void> {
    this.db.prepare('INSERT INTO runs (id, command, status, input, salt, started_at, pid, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(run.id, run.command, 'running', run.input, run.salt, run.startedAt, process.pid, hostname());
  }

  async finishRun(id: string, p: RunFinish): Promise<void> {
    const hash = p.plan ? planHash(p.plan) : (p.planHash ?? null);
    this.db.transaction(() => {
      if (p.plan && hash) this.db.prepare('INSERT OR IGNORE INTO plans (hash, json) VALUES (?, ?)').run(hash, JSON.stringify(p.plan));
      this.db.prepare(`UPDATE runs SET status = ?, finished_at = ?, input_sha256 = COALESCE(?, input_sha256), plan_hash = COALESCE(?, plan_hash),
        rows_in = ?, rows_out = ?, duplicates = ?, quarantined = ?, error = ?, artifacts = ? WHERE id = ?`)
        .run(p.status, p.finishedAt, p.inputSha256 ?? null, hash, p.rowsIn ?? null, p.rowsOut ?? null, p.duplicates ?? null,
          p.quarantined ?? null, p.error ?? null, JSON.stringify(p.artifacts ?? {}), id);
    })();
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const r = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toRecord(r) : null;
  }

  async listRuns(opts: { limit?: number } = {}): Promise<RunRecord[]> {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY started_at DESC, id LIMIT ?').all(opts.limit ?? 50) as RunRow[];
    return rows.map(toRecord);
  }

  async getPlan(hash: string): Promise<Plan | null> {
    const r = this.db.prepare('SELECT json FROM plans WHERE hash = ?').get(hash) as { json: string } | undefined;
    return r ? (JSON.parse(r.json) as Plan) : null;
  }

  async recoverInterrupted(): Promise<number> {
    const host = hostname();
    const running = this.db.prepare("SELECT id, pid, host FROM runs WHERE status = 'running'").all() as { id: string; pid: number | null; host: string | null }[];
    const dead = running.filter((r) => r.host === host && (r.pid === null || (r.pid !== process.pid && !pidAlive(r.pid))));
    const mark = this.db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ?, error = 'the process running it stopped before it finished' WHERE id = ?");
    const now = new Date().toISOString();
    this.db.transaction(() => { for (const r of dead) mark.run(now, r.id); })();
    return dead.length;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
