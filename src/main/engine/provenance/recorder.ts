/** Collects provenance records column-major and streams them to a sink in large batches. */
import type { ProvenanceRecord } from '../../../shared/report.js';
import type { EncodedRows } from '../io/encoded.js';
import { SpillWriter } from '../io/parquetSpill.js';
import { ColumnTypeTracker } from '../io/sinkTypes.js';
import type { Sink, SinkColumnType } from '../io/types.js';
import type { OpRecorder } from '../ops/types.js';
import { cellText, type Cell } from '../table.js';

export const PROVENANCE_COLUMNS = ['row', 'column', 'original', 'cleaned', 'operation', 'op_id', 'confidence', 'kind', 'survivor', 'reason'] as const;
export const PROVENANCE_TYPES: Record<string, SinkColumnType> = {
  row: 'BIGINT', column: 'VARCHAR', original: 'VARCHAR', cleaned: 'VARCHAR', operation: 'VARCHAR',
  op_id: 'VARCHAR', confidence: 'DOUBLE', kind: 'VARCHAR', survivor: 'BIGINT', reason: 'VARCHAR',
};

const FLUSH_AT = 1 << 16;

export class ProvenanceBuffer {
  private cols: Cell[][] = PROVENANCE_COLUMNS.map(() => []);
  private n = 0;
  total = 0;

  constructor(private readonly sink: Sink | null) {}

  push(row: number, column: string | null, original: Cell, cleaned: Cell, operation: string, opId: string,
    confidence: number, kind: ProvenanceRecord['kind'], survivor: number | null, reason: string | null): void {
    const c = this.cols;
    c[0]!.push(row); c[1]!.push(column); c[2]!.push(cellText(original)); c[3]!.push(cellText(cleaned));
    c[4]!.push(operation); c[5]!.push(opId); c[6]!.push(confidence); c[7]!.push(kind); c[8]!.push(survivor); c[9]!.push(reason);
    this.n++;
    this.total++;
  }

  async maybeFlush(): Promise<void> {
    if (this.n >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.n === 0) return;
    const cols = this.cols;
    const n = this.n;
    this.cols = PROVENANCE_COLUMNS.map(() => []);
    this.n = 0;
    if (this.sink) await this.sink.write(cols, n);
  }
}

/** Where a recorder sends provenance records (the column buffer, or straight into spill text). */
export interface ProvenanceTarget {
  push(row: number, column: string | null, original: Cell, cleaned: Cell, operation: string, opId: string,
    confidence: number, kind: ProvenanceRecord['kind'], survivor: number | null, reason: string | null): void;
}

/**
 * Provenance records written straight into the Parquet sink's spill bytes (parquetSpill.ts) instead
 * of ten column pushes and a second encoding pass: provenance is the largest output of a run
 * (several records per input row). Byte-for-byte what spillRows writes for the same records, so
 * the two may be mixed in one sink.
 */
export class ProvenanceSpill implements ProvenanceTarget {
  private readonly w = new SpillWriter(1 << 20);
  private types = PROVENANCE_COLUMNS.map(() => new ColumnTypeTracker());
  total = 0;

  push(row: number, column: string | null, original: Cell, cleaned: Cell, operation: string, opId: string,
    confidence: number, kind: ProvenanceRecord['kind'], survivor: number | null, reason: string | null): void {
    const w = this.w;
    w.num(row); w.text(column); w.text(cellText(original)); w.text(cellText(cleaned)); w.text(operation);
    w.text(opId); w.num(confidence); w.text(kind); w.num(survivor); w.text(reason);
    w.endRow();
    // Only the numeric columns can fail their declared type; text columns take anything.
    const t = this.types;
    (t[0] as ColumnTypeTracker).observe(row);
    (t[6] as ColumnTypeTracker).observe(confidence);
    (t[8] as ColumnTypeTracker).observe(survivor);
    this.total++;
  }

  /** Everything pushed since the last take, encoded; null when nothing was. */
  take(): EncodedRows | null {
    const rows = this.w.rows;
    if (rows === 0) return null;
    const longest = this.w.longest;
    const out: EncodedRows = { bytes: this.w.take(), rows, longest, types: this.types };
    this.types = PROVENANCE_COLUMNS.map(() => new ColumnTypeTracker());
    return out;
  }
}

/** Per-operation counters, reported in report.json. */
export interface OpCounts { changed: number; flagged: number; quarantined: number }

/**
 * The OpRecorder the run layer hands to each operation for one batch: maps batch positions
 * to input row numbers, writes provenance and marks quarantined rows.
 */
export class BatchRecorder implements OpRecorder {
  rows: number[] = [];
  column = '';
  opName = '';
  opId = '';
  counts: OpCounts = { changed: 0, flagged: 0, quarantined: 0 };
  /** Batch row index → reason, for rows that must leave the output. */
  quarantine_: Map<number, string> = new Map();

  constructor(private readonly prov: ProvenanceTarget) {}

  cell(i: number, original: Cell, cleaned: Cell, confidence: number): void {
    // A typed conversion that keeps the text ("300" → 300) is not a change a reviewer needs to see.
    if (original !== null && cleaned !== null && typeof original !== typeof cleaned && cellText(original) === cellText(cleaned)) return;
    this.counts.changed++;
    this.prov.push(this.rows[i]!, this.column, original, cleaned, this.opName, this.opId, confidence, 'cell', null, null);
  }

  flag(i: number, value: Cell, reason: string, confidence: number): void {
    this.counts.flagged++;
    this.prov.push(this.rows[i]!, this.column, value, value, this.opName, this.opId, confidence, 'flag', null, reason);
  }

  quarantine(i: number, reason: string): void {
    if (this.quarantine_.has(i)) return;
    this.counts.quarantined++;
    this.quarantine_.set(i, reason);
  }
}
