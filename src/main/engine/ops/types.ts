/** The contract every cleaning operation module implements (operations as data, after OpenRefine). */
import type { Operation, PlanIssue } from '../../../shared/plan.js';
import type { Cell } from '../table.js';

/**
 * Receives what an operation did to one batch. Row indices are positions inside the batch;
 * the run layer maps them to input row numbers and writes provenance.
 */
export interface OpRecorder {
  /** A cell changed from `original` to `cleaned`. */
  cell(rowIndex: number, original: Cell, cleaned: Cell, confidence: number): void;
  /** A value was flagged (outlier, failed rule) but left as is. */
  flag(rowIndex: number, value: Cell, reason: string, confidence: number): void;
  /** The whole row must leave the output and go to quarantine. */
  quarantine(rowIndex: number, reason: string): void;
}

/** Compiled, stateful form of one operation for one run (regexes compiled, seen-sets allocated). */
export interface PreparedOp {
  /** Transforms `column[0..length)` in place. Must not throw on bad cells: use the policy. */
  apply(column: Cell[], length: number, rec: OpRecorder): void;
}

export interface OpModule<O extends Operation = Operation> {
  readonly op: O['op'];
  /** Lenient: fills defaults, accepts older spellings; pushes an issue and returns null when hopeless. */
  parse(raw: Record<string, unknown>, index: number, issues: PlanIssue[]): O | null;
  /** Strict: checks parameters and that referenced columns exist. Returns every problem found. */
  validate(op: O, columns: readonly string[], index: number): PlanIssue[];
  reads(op: O): string[];
  writes(op: O): string[];
  /** Returns a copy with column `from` renamed to `to`. */
  rename(op: O, from: string, to: string): O;
  /** One sentence for humans, e.g. `Trim whitespace in "name"`. */
  describe(op: O): string;
  prepare(op: O): PreparedOp;
}
