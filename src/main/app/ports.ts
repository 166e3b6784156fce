/** Ports the app layer uses; store adapters implement them (DESIGN.md §1, layer 2). */
import type { Plan } from '../../shared/plan.js';
import type { RunRecord, RunStatus } from '../../shared/run.js';

export interface RunStart {
  id: string;
  command: RunRecord['command'];
  input: string;
  salt: string;
  startedAt: string;
}

export interface RunFinish {
  status: Exclude<RunStatus, 'running'>;
  finishedAt: string;
  inputSha256?: string | null;
  plan?: Plan | null;
  planHash?: string | null;
  rowsIn?: number | null;
  rowsOut?: number | null;
  duplicates?: number | null;
  quarantined?: number | null;
  error?: string | null;
  artifacts?: Record<string, string>;
}

/** The catalog of runs and the plans they used. SQLite by default; Postgres for teams. */
export interface RunStore {
  beginRun(run: RunStart): Promise<void>;
  finishRun(id: string, patch: RunFinish): Promise<void>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(opts?: { limit?: number }): Promise<RunRecord[]>;
  getPlan(hash: string): Promise<Plan | null>;
  /** Marks runs whose process died as interrupted; returns how many. */
  recoverInterrupted(): Promise<number>;
  close(): Promise<void>;
}
