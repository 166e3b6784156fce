/**
 * Duplicate decisions on the main thread, in input order: exact keys, rows pinned for review,
 * screening against earlier runs, feeding the near finder; then the final partition of rows into
 * clusters (dedupe/resolve.ts when review, cross-run or near features are in play, else streamed
 * from the exact-key store so no per-duplicate objects are kept).
 */
import type { DedupeDecision } from '../../../shared/plan.js';
import type { CrossRun } from '../dedupe/crossRun.js';
import type { DecisionOutcome } from '../dedupe/decisions.js';
import type { NearDuplicateFinder } from '../dedupe/nearTypes.js';
import { resolveDuplicates, type SeenBefore } from '../dedupe/resolve.js';
import type { DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import type { ScoringPool } from '../dedupe/scoring.js';
import { assignmentsInOrder } from './assignments.js';
import type { ExactDedupe } from './exactDedupe.js';
import type { F64Vec } from './exactDedupe.js';
import type { BatchA } from './workers/protocol.js';

export interface RunDedupeOptions {
  exact: ExactDedupe | null;
  finder: DuplicateFinder | null;
  nearFinder: NearDuplicateFinder | null;
  pinned: ReadonlySet<number>;
  cross: CrossRun | null;
  decisions: readonly DedupeDecision[];
}

export interface Resolution {
  /** Rows removed after phase A decided (near clusters, seen before), ascending. */
  removed: Float64Array;
  /** Every row of every cluster in row order, and the rows seen in earlier runs. */
  assignments: AsyncIterable<DuplicateAssignment>;
  /** Materialised assignments (review and explain need them); empty when streamed only. */
  list: DuplicateAssignment[];
  seen: Map<number, SeenBefore>;
  outcomes: DecisionOutcome[];
}

export class RunDedupe {
  constructor(private readonly o: RunDedupeOptions) {}

  /** True when the review/cross-run/near features need the in-memory resolution. */
  get inMemory(): boolean {
    return this.o.finder !== null || this.o.cross !== null || this.o.decisions.length > 0;
  }

  /** Whether workers must send key-column values with phase A. */
  get needsValues(): boolean {
    return this.o.finder !== null || this.o.cross !== null;
  }

  /**
   * Decides one batch of phase A in input order: pushes every row that leaves the output now
   * (quarantined, exact copy, seen in an earlier run) to `drop`, and hands the rest to the finder.
   */
  async batch(b: BatchA, drop: F64Vec): Promise<void> {
    const { exact, pinned, cross, finder, nearFinder } = this.o;
    const n = b.rows.length;
    const keep: number[] = [];
    for (let r = 0; r < n; r++) {
      const row = b.rows[r] as number;
      if (b.opQuarantined[r] === 1) {
        drop.push(row);
        continue;
      }
      // A pinned copy is still an exact duplicate, but the finder sees it so decisions and explain can name it.
      // The near finder sees every copy: it folds identical rows into one record and decides whether the
      // group merges (a group with no distinctive value stays, for review: dedupe/information.ts);
      // resolution.removed then lists the copies that leave.
      if (exact && b.keys && exact.offer(b.keys[2 * r] as number, b.keys[2 * r + 1] as number, row) > 0 && !pinned.has(row) && !nearFinder) {
        drop.push(row);
        continue;
      }
      keep.push(r);
    }
    let kept = keep;
    if (cross && b.values) {
      const rows = Array.from(b.rows);
      kept = await cross.screen(b.values, rows, keep, pinned);
      if (kept.length !== keep.length) {
        const stay = new Set(kept);
        for (const r of keep) if (!stay.has(r)) drop.push(b.rows[r] as number);
      }
    }
    if (finder && b.values) {
      const values = b.values;
      finder.add({ columns: values.map((col) => kept.map((r) => col[r] ?? null)), length: kept.length, rows: kept.map((r) => b.rows[r] as number) });
    }
  }

  /** After phase A: near clusters, review decisions, earlier runs; what else leaves the output. */
  async resolve(signal?: AbortSignal, pool?: ScoringPool): Promise<Resolution> {
    const { exact, finder, nearFinder, cross, decisions } = this.o;
    if (!this.inMemory) {
      return { removed: new Float64Array(0), assignments: assignmentsInOrder(exact ? exact.members() : null, []), list: [], seen: new Map(), outcomes: [] };
    }
    if (cross && nearFinder) cross.addReferences(nearFinder);
    const near = finder ? await finder.finish(signal, pool) : [];
    const resolved = resolveDuplicates({
      exact: exact ? exact.exactMap() : new Map(), near, finder: nearFinder, decisions,
      ...(cross ? { reference: (row: number) => cross.reference(row), seenExact: cross.seenExact } : {}),
    });
    const removed: number[] = [];
    for (const a of resolved.assignments) if (!a.kept) removed.push(a.row);
    for (const row of resolved.seen.keys()) removed.push(row);
    const list = resolved.assignments;
    return {
      removed: Float64Array.from(removed).sort(),
      assignments: (async function* () { yield* list; })(),
      list, seen: resolved.seen, outcomes: resolved.outcomes,
    };
  }
}

