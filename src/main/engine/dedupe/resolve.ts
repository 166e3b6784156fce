/** The final fate of every row: exact copies, near clusters, review decisions and rows already seen in earlier runs, as one partition. */
import type { DedupeDecision } from '../../../shared/plan.js';
import { applyDecisions, type DecisionOutcome } from './decisions.js';
import type { NearDuplicateFinder } from './nearTypes.js';
import type { StoredRef } from './ports.js';
import type { DuplicateAssignment } from './types.js';

/** A row removed because an earlier run of the dataset already had it. */
export interface SeenBefore {
  ref: StoredRef;
  /** Match probability with the earlier row (1 for an exact key match). */
  similarity: number;
  exact: boolean;
}

export interface ResolveInput {
  /** In-run exact copies: row → first row with the same key. */
  exact: ReadonlyMap<number, number>;
  /** The near finder's assignments; may include reference rows standing for earlier runs' rows. */
  near: readonly DuplicateAssignment[];
  /** The earlier-run row a reference row stands for; undefined for rows of this input. */
  reference?: (row: number) => StoredRef | undefined;
  /** Rows whose exact key an earlier run recorded. */
  seenExact?: ReadonlyMap<number, StoredRef>;
  decisions?: readonly DedupeDecision[];
  /** The near finder after finish(); decisions need it. */
  finder: Pick<NearDuplicateFinder, 'has' | 'probability' | 'survivorOf'> & Partial<Pick<NearDuplicateFinder, 'mergesCopiesOf'>> | null;
  /** Describes an earlier run for messages, e.g. 'seen in run 1b2c… row 7'. */
  describe?: (seen: SeenBefore) => string;
}

export interface Resolved {
  /** Rows in a duplicate cluster of this input, sorted by row (the --duplicates file). */
  assignments: DuplicateAssignment[];
  clusters: number;
  /** Rows removed as seen in earlier runs. */
  seen: Map<number, SeenBefore>;
  outcomes: DecisionOutcome[];
}

/**
 * Order: clusters holding a reference row make their rows seen-before; exact key matches with earlier
 * runs too; decisions apply to the remaining clusters (a split may bring a seen-before row back); a
 * cluster still holding a seen-before row is seen before as a whole; exact copies follow their first
 * row wherever it went, except that copies of a row whose group holds no distinctive value stay
 * (the near finder's mergesCopiesOf; see information.ts).
 */
export function resolveDuplicates(input: ResolveInput): Resolved {
  const seen = new Map<number, SeenBefore>();
  const isRef = (row: number): boolean => input.reference?.(row) !== undefined;
  const byCluster = groupByCluster(input.near);
  const within: DuplicateAssignment[] = [];
  const inNear = new Set<number>();
  for (const members of byCluster.values()) {
    for (const a of members) inNear.add(a.row);
    const refRow = members.find((a) => isRef(a.row))?.row;
    if (refRow === undefined || !input.finder) {
      within.push(...members);
      continue;
    }
    const ref = input.reference?.(refRow) as StoredRef;
    for (const a of members) {
      if (!isRef(a.row)) seen.set(a.row, { ref, similarity: input.finder.probability(a.row, refRow), exact: false });
    }
  }
  for (const [row, ref] of input.seenExact ?? []) seen.set(row, { ref, similarity: 1, exact: true });

  const describe = input.describe ?? ((s: SeenBefore) => `seen in run ${s.ref.runId} row ${s.ref.row}`);
  let nearWithin = within;
  let outcomes: DecisionOutcome[] = [];
  const decisions = input.decisions ?? [];
  if (decisions.length && input.finder) {
    const finder = input.finder;
    const result = applyDecisions(within, decisions, {
      known: (row) => !isRef(row) && finder.has(row),
      probability: (a, b) => finder.probability(a, b),
      survivorOf: (rows) => finder.survivorOf(rows),
      seenBefore: (row) => {
        const s = seen.get(row);
        return s ? describe(s) : undefined;
      },
    });
    nearWithin = result.assignments;
    outcomes = result.outcomes;
    for (const row of result.restored) seen.delete(row);
  } else if (decisions.length) {
    outcomes = decisions.map((decision, index) => ({ index, decision, status: 'skipped', detail: 'decisions apply when duplicates are found with dedupe mode near' }));
  }

  // A cluster that still holds a seen-before row was seen before as a whole.
  const kept: DuplicateAssignment[] = [];
  for (const members of groupByCluster(nearWithin).values()) {
    const old = members.find((a) => seen.has(a.row));
    if (!old || !input.finder) {
      kept.push(...members);
      continue;
    }
    const via = seen.get(old.row) as SeenBefore;
    for (const a of members) {
      if (!seen.has(a.row)) seen.set(a.row, { ref: via.ref, similarity: input.finder.probability(a.row, old.row), exact: false });
    }
  }

  const exactRest = new Map<number, number>();
  for (const [row, first] of input.exact) {
    // Copies the near finder saw (pinned, or every copy in near mode) and clustered are decided there.
    if (seen.has(row) || inNear.has(row)) continue;
    const firstSeen = seen.get(first);
    if (firstSeen) seen.set(row, firstSeen);
    else if (input.finder?.mergesCopiesOf?.(first) ?? true) exactRest.set(row, first);
  }
  const merged = mergeAssignments(exactRest, kept);
  return { assignments: merged.assignments, clusters: merged.clusters, seen, outcomes };
}

function groupByCluster(assignments: readonly DuplicateAssignment[]): Map<number, DuplicateAssignment[]> {
  const out = new Map<number, DuplicateAssignment[]>();
  for (const a of assignments) {
    let list = out.get(a.cluster);
    if (!list) {
      list = [];
      out.set(a.cluster, list);
    }
    list.push(a);
  }
  return out;
}

/**
 * Combines exact removals (row → first occurrence) with near-duplicate clusters into one
 * partition: an exact copy of a row that near-dedupe removed follows it to the final survivor.
 */
export function mergeAssignments(exact: ReadonlyMap<number, number>, near: readonly DuplicateAssignment[]): { assignments: DuplicateAssignment[]; clusters: number } {
  const nearOf = new Map<number, DuplicateAssignment>();
  for (const a of near) nearOf.set(a.row, a);
  const out = new Map<number, DuplicateAssignment>();
  for (const a of near) out.set(a.row, a);
  for (const [row, first] of exact) {
    const n = nearOf.get(first);
    if (n) {
      out.set(row, { row, cluster: n.cluster, kept: false, survivor: n.survivor, similarity: n.kept ? 1 : n.similarity });
    } else {
      out.set(row, { row, cluster: first, kept: false, survivor: first, similarity: 1 });
      if (!out.has(first)) out.set(first, { row: first, cluster: first, kept: true, survivor: first, similarity: 1 });
    }
  }
  const assignments = [...out.values()].sort((a, b) => a.row - b.row);
  const clusters = new Set(assignments.map((a) => a.cluster)).size;
  return { assignments, clusters };
}

/** Whether a finder is the engine's near finder (custom finders passed by tests or apps may only implement DuplicateFinder). */
export function isNearFinder(f: unknown): f is NearDuplicateFinder {
  const x = f as Partial<NearDuplicateFinder> | null;
  return typeof x?.addCandidatePairs === 'function' && typeof x.probability === 'function' && typeof x.survivorOf === 'function' && typeof x.explain === 'function';
}
