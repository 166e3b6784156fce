/** What a shared team catalog adds to the RunStore port: workspaces, quotas, audit trail and provenance. */
import type { SignatureIndex } from '../engine/dedupe/ports.js';
import type { RowBatch } from '../engine/table.js';
import type { RunStore } from './ports.js';

export interface WorkspaceUsage {
  name: string;
  /** Rows a workspace may clean in total; null for no limit. */
  rowQuota: number | null;
  /** Input rows of its succeeded runs. */
  rowsUsed: number;
  runs: number;
}

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; seq: number; error: string };

/** A RunStore shared by a team (Postgres): everything it holds is scoped to one workspace. */
export interface TeamRunStore extends RunStore {
  readonly kind: 'team';
  readonly workspace: string;
  /** Throws LIMIT_EXCEEDED when the workspace has used up its row quota. */
  checkQuota(): Promise<void>;
  usage(): Promise<WorkspaceUsage>;
  setRowQuota(rows: number | null): Promise<void>;
  /** Appends audit-log lines (JSON text) to the workspace's hash-chained, append-only trail. */
  appendAudit(runId: string, lines: readonly string[]): Promise<void>;
  /** One run's entries of the workspace trail, oldest first, optionally of one event; `total` counts all that match. */
  auditEntries(runId: string, q: { offset: number; limit: number; event?: string }): Promise<{ total: number; bodies: string[] }>;
  /** Recomputes the workspace's chain; reports the first broken entry. */
  verifyAudit(): Promise<AuditVerification>;
  /**
   * Bulk-loads a run's provenance records (PROVENANCE_COLUMNS); returns how many. Replaces earlier loads
   * of the run. `read` may be called again when a transient failure restarts the load.
   */
  importProvenance(runId: string, read: () => AsyncIterable<RowBatch>): Promise<number>;
  /**
   * Removes a run, its provenance and its recorded row signatures; its audit entries stay
   * (append-only) and gain a `run.deleted` entry.
   */
  deleteRun(id: string): Promise<boolean>;
  /** The workspace's row keys and signatures for `--against`, on this catalog's connections; close() is a no-op. */
  signatureIndex(): SignatureIndex & { close(): Promise<void> };
}

export function isTeamStore(s: RunStore): s is TeamRunStore {
  return (s as Partial<TeamRunStore>).kind === 'team';
}
