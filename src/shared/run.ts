/** Run-level shapes shared by the engine, transports and UI: progress events and run records. */

export type RunPhase = 'hash' | 'profile' | 'clean' | 'dedupe' | 'write' | 'done';

export interface ProgressEvent {
  phase: RunPhase;
  /** Rows processed in this phase so far. */
  rows: number;
  /** Bytes of input consumed so far (text formats), else 0. */
  bytes: number;
  /** Input size in bytes, 0 if unknown. */
  totalBytes: number;
  /** Milliseconds since the phase started. */
  elapsedMs: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRecord {
  id: string;
  status: RunStatus;
  command: 'clean' | 'profile';
  input: string;
  inputSha256: string | null;
  planHash: string | null;
  salt: string;
  startedAt: string;
  finishedAt: string | null;
  rowsIn: number | null;
  rowsOut: number | null;
  duplicates: number | null;
  quarantined: number | null;
  error: string | null;
  artifacts: Record<string, string>;
}
