/** report.json and provenance record shapes. */
import type { ColumnProfile } from './profile.js';

export interface RowCounts { in: number; out: number; duplicates: number; quarantined: number }

export interface ProvenanceRecord {
  /** 1-based data row number in input order. */
  row: number;
  column: string | null;
  original: string | null;
  cleaned: string | null;
  operation: string;
  opId: string;
  confidence: number;
  /** 'cell' for a changed cell, 'flag' for a flagged value, 'duplicate' and 'quarantine' for removed rows. */
  kind: 'cell' | 'flag' | 'duplicate' | 'quarantine';
  /** For duplicates: the survivor's row number. */
  survivor?: number | null;
  reason?: string | null;
}

export interface Report {
  version: number;
  runId: string;
  input: { path: string; format: string; sha256: string; bytes: number };
  planHash: string;
  salt: string;
  rows: RowCounts;
  invariantHolds: boolean;
  columns: { name: string; before: ColumnProfile; after: ColumnProfile | null }[];
  operations: { id: string; op: string; column: string | null; changed: number; flagged: number; quarantined: number }[];
  duplicates: { mode: string; clusters: number; removed: number };
  quarantine: { reasons: Record<string, number> };
  outputs: Record<string, string>;
  timings: Record<string, number>;
  versions: Record<string, string>;
  startedAt: string;
  finishedAt: string;
}
