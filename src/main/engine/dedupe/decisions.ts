/** Replays a person's review decisions (accept, reject, split, survivor) on the finder's clusters, deterministically. */
import type { DedupeDecision } from '../../../shared/plan.js';
import type { DuplicateAssignment } from './types.js';

export interface DecisionOutcome {
  /** Position in plan.dedupe.decisions. */
  index: number;
  decision: DedupeDecision;
  /** 'unchanged': the decision held already (e.g. rejecting rows that were apart); 'skipped': it could not apply. */
  status: 'applied' | 'unchanged' | 'skipped';
  detail: string;
}

export interface DecisionContext {
  /** Whether the row reached duplicate detection (within the input, not quarantined). */
  known(row: number): boolean;
  /** Match probability of two known rows. */
  probability(a: number, b: number): number;
  /** The survivor rule's choice among known rows. */
  survivorOf(rows: readonly number[]): number;
  /** A description of the earlier run that already had this row (clean --against), or undefined. */
  seenBefore(row: number): string | undefined;
}

export interface DecisionResult {
  assignments: DuplicateAssignment[];
  outcomes: DecisionOutcome[];
  /** Rows removed as seen in an earlier run that a split brought back. */
  restored: Set<number>;
}

/** Kinds are applied in this order, each in plan order, so the result never depends on how the list is interleaved. */
const ORDER = ['split', 'reject', 'accept', 'survivor'] as const;

/**
 * Applies decisions to a partition of rows into clusters. Splits and rejects run before accepts, and a
 * rejected pair is never joined again by an accept (the accept is skipped and says why); survivor
 * choices come last, on the final clusters. Clusters a decision touched get their survivor from the
 * survivor decision or the rule, and each member's similarity to it afresh; untouched clusters are
 * returned as they were.
 */
export function applyDecisions(assignments: readonly DuplicateAssignment[], decisions: readonly DedupeDecision[], ctx: DecisionContext): DecisionResult {
  const state = new Partition(assignments);
  const outcomes: DecisionOutcome[] = [];
  const restored = new Set<number>();
  const rejected = new Set<string>();
  const forced = new Map<number, { row: number; index: number }>();
  for (const kind of ORDER) {
    decisions.forEach((decision, index) => {
      if (decision.kind !== kind) return;
      const out = (status: DecisionOutcome['status'], detail: string): void => { outcomes.push({ index, decision, status, detail }); };
      const unknown = decision.rows.find((r) => !ctx.known(r));
      if (unknown !== undefined) return out('skipped', `row ${unknown} did not reach duplicate detection (not in this input, or quarantined)`);
      if (kind === 'split') {
        const [row] = decision.rows as [number];
        const seen = ctx.seenBefore(row);
        if (seen !== undefined) restored.add(row);
        const cluster = state.clusterOf.get(row);
        if (cluster !== undefined) state.remove(row);
        if (seen !== undefined) return out('applied', `row ${row} kept although ${seen}`);
        return cluster === undefined ? out('unchanged', `row ${row} was in no cluster`) : out('applied', `row ${row} taken out of its cluster`);
      }
      const gone = decision.rows.find((r) => !restored.has(r) && ctx.seenBefore(r) !== undefined);
      if (gone !== undefined) return out('skipped', `row ${gone} was removed because ${ctx.seenBefore(gone) as string}; split it first`);
      if (kind === 'reject') {
        const [a, b] = decision.rows as [number, number];
        rejected.add(pairKey(a, b));
        const ca = state.clusterOf.get(a);
        if (ca === undefined || ca !== state.clusterOf.get(b)) return out('unchanged', `rows ${a} and ${b} were already apart`);
        // The survivor stays; of two non-survivors the one less like the survivor leaves (ties: the later row).
        const s = state.survivor(ca, ctx);
        let leaver: number;
        if (a === s) leaver = b;
        else if (b === s) leaver = a;
        else {
          const pa = ctx.probability(a, s);
          const pb = ctx.probability(b, s);
          leaver = pa < pb ? a : pb < pa ? b : Math.max(a, b);
        }
        state.remove(leaver);
        return out('applied', `row ${leaver} taken out of the cluster of row ${leaver === a ? b : a}`);
      }
      if (kind === 'accept') {
        const [a, b] = decision.rows as [number, number];
        const ca = state.clusterOf.get(a);
        if (ca !== undefined && ca === state.clusterOf.get(b)) return out('unchanged', `rows ${a} and ${b} were already in one cluster`);
        const left = state.membersOf(a);
        const right = state.membersOf(b);
        for (const x of left) {
          for (const y of right) if (rejected.has(pairKey(x, y))) return out('skipped', `merging would put rows ${Math.min(x, y)} and ${Math.max(x, y)} together, which a reject decision keeps apart`);
        }
        state.join(a, b);
        return out('applied', `rows ${a} and ${b} merged into one cluster`);
      }
      const [row] = decision.rows as [number];
      const cluster = state.clusterOf.get(row);
      if (cluster === undefined) return out('unchanged', `row ${row} is in no cluster and is kept anyway`);
      const prior = forced.get(cluster);
      if (prior && prior.row !== row) return out('skipped', `its cluster already keeps row ${prior.row} (dedupe.decisions[${prior.index}])`);
      const was = state.survivor(cluster, ctx);
      forced.set(cluster, { row, index });
      state.touched.add(cluster);
      return was === row ? out('unchanged', `row ${row} was already the survivor`) : out('applied', `row ${row} kept instead of row ${was}`);
    });
  }
  outcomes.sort((x, y) => x.index - y.index);
  return { assignments: state.finish(ctx, forced), outcomes, restored };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

/** Clusters as mutable row sets keyed by their original id (negative ids for clusters a decision creates). */
class Partition {
  readonly clusterOf = new Map<number, number>();
  readonly members = new Map<number, Set<number>>();
  readonly touched = new Set<number>();
  private readonly original = new Map<number, DuplicateAssignment[]>();
  private readonly survivors = new Map<number, number>();
  private nextId = -1;

  constructor(assignments: readonly DuplicateAssignment[]) {
    for (const a of assignments) {
      this.clusterOf.set(a.row, a.cluster);
      let set = this.members.get(a.cluster);
      if (!set) {
        set = new Set();
        this.members.set(a.cluster, set);
        this.original.set(a.cluster, []);
      }
      set.add(a.row);
      (this.original.get(a.cluster) as DuplicateAssignment[]).push(a);
      if (a.kept) this.survivors.set(a.cluster, a.row);
    }
  }

  membersOf(row: number): number[] {
    const c = this.clusterOf.get(row);
    return c === undefined ? [row] : [...(this.members.get(c) as Set<number>)];
  }

  /** The current survivor: the original one while the cluster is untouched, else the rule's choice. */
  survivor(cluster: number, ctx: DecisionContext): number {
    const rows = this.members.get(cluster) as Set<number>;
    const s = this.survivors.get(cluster);
    if (!this.touched.has(cluster) && s !== undefined && rows.has(s)) return s;
    return ctx.survivorOf([...rows]);
  }

  remove(row: number): void {
    const c = this.clusterOf.get(row);
    if (c === undefined) return;
    (this.members.get(c) as Set<number>).delete(row);
    this.clusterOf.delete(row);
    this.touched.add(c);
  }

  join(a: number, b: number): void {
    let target = this.clusterOf.get(a) ?? this.clusterOf.get(b);
    if (target === undefined) {
      target = this.nextId--;
      this.members.set(target, new Set());
    }
    const into = this.members.get(target) as Set<number>;
    for (const row of [...this.membersOf(a), ...this.membersOf(b)]) {
      const from = this.clusterOf.get(row);
      if (from !== undefined && from !== target) {
        this.members.get(from)?.delete(row);
        this.touched.add(from);
      }
      into.add(row);
      this.clusterOf.set(row, target);
    }
    this.touched.add(target);
  }

  finish(ctx: DecisionContext, forced: ReadonlyMap<number, { row: number }>): DuplicateAssignment[] {
    const out: DuplicateAssignment[] = [];
    for (const [id, rows] of this.members) {
      if (!this.touched.has(id)) {
        out.push(...(this.original.get(id) ?? []));
        continue;
      }
      if (rows.size < 2) continue;
      const list = [...rows].sort((x, y) => x - y);
      const survivor = forced.get(id)?.row ?? ctx.survivorOf(list);
      const cluster = list[0] as number;
      for (const row of list) {
        out.push({ row, cluster, kept: row === survivor, survivor, similarity: row === survivor ? 1 : ctx.probability(row, survivor) });
      }
    }
    return out.sort((x, y) => x.row - y.row);
  }
}
