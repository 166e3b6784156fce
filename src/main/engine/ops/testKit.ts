/** Test-only helpers for operation tests (imported by *.test.ts only): a collecting recorder and the shared contract suite. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Operation, PlanIssue } from '../../../shared/plan.js';
import type { Cell } from '../table.js';
import { prepareOperation, type PrepareContext } from './registry.js';
import type { OpModule, OpRecorder } from './types.js';

export type CellCall = [row: number, original: Cell, cleaned: Cell, confidence: number];
export type FlagCall = [row: number, value: Cell, reason: string, confidence: number];
export type QuarantineCall = [row: number, reason: string];

/** Keeps every recorder call in order, for assertions. */
export class CollectingRecorder implements OpRecorder {
  readonly cells: CellCall[] = [];
  readonly flags: FlagCall[] = [];
  readonly quarantined: QuarantineCall[] = [];
  cell(rowIndex: number, original: Cell, cleaned: Cell, confidence: number): void {
    this.cells.push([rowIndex, original, cleaned, confidence]);
  }
  flag(rowIndex: number, value: Cell, reason: string, confidence: number): void {
    this.flags.push([rowIndex, value, reason, confidence]);
  }
  quarantine(rowIndex: number, reason: string): void {
    this.quarantined.push([rowIndex, reason]);
  }
}

/** Prepares `op` (with the plan context `ctx`, e.g. the salt) and applies it to a copy of `cells`. */
export function runOp(op: Operation, cells: readonly Cell[], ctx?: PrepareContext): { out: Cell[]; rec: CollectingRecorder } {
  const out = cells.slice();
  const rec = new CollectingRecorder();
  prepareOperation(op, ctx).apply(out, out.length, rec);
  return { out, rec };
}

const SAMPLES = [
  '', '   ', ' a  b ', 'a\tb', 'x', 'ÉCOLE', 'école', 'ǅemal', 'straße', 'ΣΑΣ', 'İstanbul', '\u200bzero', 'ﬁne', 'e\u0301',
  '42', '-7', '1,234.5', '1.234,5', '50%', '12.5 %', '$12', '€ 3,50', '(3.25)', '1e3', '1e-400', '-0', '007', '12345678901234567890',
  '2020-03-04', '04/03/2020', '13/04/2020', '3/4/2020', 'Mar 4, 2020', '20200304', '2020-03-04T05:06:07Z', '2020-02-30',
  'yes', 'N', 'TRUE', 'off', 'maybe',
  'John@Example.com', 'mailto:x@y.org', 'not-an-email', '+1 (555) 123-4567', '020 7946 0958', '555-1234 x12', 'call me',
  'NY', 'ny', 'New York', 'new york',
];

/** Mixed cells: realistic messy samples, arbitrary Unicode text, numbers, booleans and nulls. */
export const cellArb: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SAMPLES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
export const columnArb = fc.array(cellArb, { maxLength: 30 });

export interface ContractCase<O extends Operation> {
  /** Well-formed operations on column `columns[0]`, as parse would produce them (defaults filled). */
  valid: O[];
  columns: string[];
  /** Operations with broken parameters and the exact issue paths validate must report. */
  bad: { name: string; op: unknown; paths: string[] }[];
  /** Operations whose idempotence is checked on arbitrary columns; defaults to `valid`. */
  idempotent?: fc.Arbitrary<O>;
  /** What prepare needs from the plan (the salt for core/hash). */
  context?: PrepareContext;
}

function paths(issues: PlanIssue[]): string[] {
  return issues.map((i) => i.path).sort();
}

/** The tests every operation module must pass (DESIGN.md §3): round trip, validation, rename, idempotence. */
export function opContract<O extends Operation>(m: OpModule<O>, c: ContractCase<O>): void {
  describe(`${m.op} contract`, () => {
    it('round-trips through JSON and validates cleanly', () => {
      c.valid.forEach((op, i) => {
        const issues: PlanIssue[] = [];
        const back = m.parse(JSON.parse(JSON.stringify(op)) as Record<string, unknown>, i, issues);
        expect(issues).toEqual([]);
        expect(back).toEqual(op);
        expect(m.validate(op, c.columns, i)).toEqual([]);
        expect(m.describe(op)).toContain(JSON.stringify(op.column));
      });
    });

    it('rejects a missing column with the index and path', () => {
      const op = c.valid[0] as O;
      const issues = m.validate({ ...op, column: 'nope' }, c.columns, 4);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ index: 4, opId: op.id, path: 'operations[4].column' });
      expect(issues[0]?.message).toContain('"nope" not found');
    });

    it.each(c.bad.map((b) => [b.name, b] as const))('rejects %s, reporting every problem', (_name, b) => {
      const issues = m.validate(b.op as O, c.columns, 2);
      expect(paths(issues)).toEqual([...b.paths].sort());
      for (const issue of issues) expect(issue.index).toBe(2);
    });

    it('renames its column and nothing else', () => {
      for (const op of c.valid) {
        const renamed = m.rename(op, op.column, 'renamed');
        expect(renamed.column).toBe('renamed');
        expect(renamed).not.toBe(op);
        expect({ ...renamed, column: op.column }).toEqual(op);
        expect(m.reads(renamed)).toEqual(['renamed']);
        expect(m.writes(renamed).every((w) => w === 'renamed')).toBe(true);
        expect(m.rename(op, 'other', 'x')).toEqual(op);
      }
    });

    it('is idempotent and records exactly the cells it changes', () => {
      fc.assert(fc.property(c.idempotent ?? fc.constantFrom(...c.valid), columnArb, (op, cells) => {
        const first = runOp(op, cells, c.context);
        const changed = cells.flatMap((v, i) => (Object.is(v, first.out[i]) ? [] : [i]));
        expect(first.rec.cells.map(([i]) => i)).toEqual(changed);
        for (const [i, orig, clean] of first.rec.cells) {
          expect(orig).toBe(cells[i]);
          expect(clean).toBe(first.out[i]);
        }
        const second = runOp(op, first.out, c.context);
        expect(second.out).toEqual(first.out);
        expect(second.rec.cells).toEqual([]);
      }), { numRuns: 300 });
    });
  });
}
