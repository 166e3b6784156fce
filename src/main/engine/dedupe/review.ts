/** What a person reviews: the --review file's pairs with values and evidence, and the model and queue summaries for report.json. */
import type { DedupeDecision } from '../../../shared/plan.js';
import type { DuplicateModelSummary, DuplicatesReport, ReviewPairSummary } from '../../../shared/report.js';
import type { CrossRunSummary } from './crossRun.js';
import type { DecisionOutcome } from './decisions.js';
import type { FieldExplanation, NearDedupeStats, NearDuplicateFinder, ReviewPair } from './nearTypes.js';
import { isNearFinder } from './resolve.js';
import type { DuplicateAssignment } from './types.js';

export const REVIEW_FILE_VERSION = 1;

export interface ReviewFilePair {
  rowA: number;
  rowB: number;
  probability: number;
  reason: ReviewPair['reason'];
  /** Clusters the rows ended in (null: unique). */
  clusterA: number | null;
  clusterB: number | null;
  priorWeight: number;
  totalWeight: number;
  fields: FieldExplanation[];
  /** The decisions to paste into plan.dedupe.decisions, one of them. */
  accept: DedupeDecision;
  reject: DedupeDecision;
}

/** `clean --review <file>`: JSON, pairs highest probability first. */
export interface ReviewFile {
  version: number;
  runId: string;
  input: { path: string; sha256: string };
  threshold: number;
  reviewThreshold: number;
  /** How to act on the pairs. */
  instructions: string;
  pairs: ReviewFilePair[];
}

const INSTRUCTIONS = 'Each pair scored between reviewThreshold and threshold (reason "review-band"), or above the threshold but was kept apart by clustering (reason "split") ' +
  'or because no value of the rows is unique to them, so the data cannot tell them from other rows (reason "low-information"). ' +
  'To decide, copy a pair\'s "accept" or "reject" object (or {"kind":"split","rows":[n]} / {"kind":"survivor","rows":[n]}) into the plan\'s dedupe.decisions, ' +
  'set dedupe.decisionsInput to input.sha256, and run clean again with --plan. Row numbers are 1-based data rows of this input: decisions apply to this same file only.';

/** Pairs still undecided: no accept/reject names them and decisions did not put them in one cluster; rows of earlier runs are left out. */
export function pendingReview(
  finder: NearDuplicateFinder, assignments: readonly DuplicateAssignment[], decisions: readonly DedupeDecision[], isInput: (row: number) => boolean,
): ReviewPair[] {
  const decided = new Set<string>();
  for (const d of decisions) if (d.kind === 'accept' || d.kind === 'reject') decided.add(pairKey(d.rows[0], d.rows[1]));
  const cluster = clusterIndex(assignments);
  return finder.reviewCandidates().filter((p) => {
    if (!isInput(p.rowA) || !isInput(p.rowB) || decided.has(pairKey(p.rowA, p.rowB))) return false;
    const ca = cluster.get(p.rowA);
    return ca === undefined || ca !== cluster.get(p.rowB);
  });
}

export function buildReviewFile(args: {
  finder: NearDuplicateFinder; pairs: readonly ReviewPair[]; assignments: readonly DuplicateAssignment[];
  runId: string; input: { path: string; sha256: string };
}): ReviewFile {
  const stats = args.finder.stats();
  const cluster = clusterIndex(args.assignments);
  return {
    version: REVIEW_FILE_VERSION,
    runId: args.runId,
    input: args.input,
    threshold: stats.threshold,
    reviewThreshold: stats.reviewThreshold,
    instructions: INSTRUCTIONS,
    pairs: args.pairs.map((p) => {
      const e = args.finder.explain(p.rowA, p.rowB);
      return {
        rowA: p.rowA, rowB: p.rowB, probability: round(p.probability), reason: p.reason,
        clusterA: cluster.get(p.rowA) ?? null, clusterB: cluster.get(p.rowB) ?? null,
        priorWeight: round(e.priorWeight), totalWeight: round(e.totalWeight),
        fields: e.fields.map((f) => ({
          ...f, similarity: f.similarity === null ? null : round(f.similarity), weight: round(f.weight),
          m: f.m === null ? null : round(f.m), u: f.u === null ? null : round(f.u),
        })),
        accept: { kind: 'accept', rows: [p.rowA, p.rowB] },
        reject: { kind: 'reject', rows: [p.rowA, p.rowB] },
      };
    }),
  };
}

/** The most likely pending pairs, in short, for report.json. */
export function reviewSummary(pairs: readonly ReviewPair[], top: number): ReviewPairSummary[] {
  return pairs.slice(0, top).map((p) => ({
    rowA: p.rowA, rowB: p.rowB, probability: round(p.probability), reason: p.reason,
    fields: p.fields.map((f) => ({ field: f.field, similarity: f.similarity === null ? null : round(f.similarity), level: f.level, weight: round(f.weight) })),
  }));
}

export function modelSummary(stats: NearDedupeStats): DuplicateModelSummary {
  return {
    fit: stats.model,
    lambda: round(stats.lambda),
    priorWeight: round(Math.log2(stats.lambda / (1 - stats.lambda))),
    emIterations: stats.emIterations,
    threshold: stats.threshold,
    reviewThreshold: stats.reviewThreshold,
    candidatePairs: stats.candidatePairs,
    scoredPairs: stats.scoredPairs,
    lsh: stats.lsh,
    fields: stats.fields.map((f) => ({
      field: f.field,
      kind: f.kind,
      levels: f.levels.map((level, l) => ({ level, m: round(f.m[l] as number), u: round(f.u[l] as number), weight: round(f.weights[l] as number) })),
    })),
    excluded: stats.excluded.map((x) => ({ ...x })),
  };
}

function clusterIndex(assignments: readonly DuplicateAssignment[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of assignments) out.set(a.row, a.cluster);
  return out;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Pairs listed in report.json; the app's review queue shows these, the --review file has them all. */
export const REPORT_REVIEW_PAIRS = 50;

/**
 * The optional parts of report.json's duplicates section: the model, the review queue, what each
 * decision did, and what --against / --dataset did. `pending` is the full review queue.
 */
export function duplicateDetails(args: {
  finder: unknown; assignments: readonly DuplicateAssignment[]; decisions: readonly DedupeDecision[]; outcomes: readonly DecisionOutcome[];
  rowsIn: number; crossRun: CrossRunSummary | null;
}): { details: Omit<DuplicatesReport, 'mode' | 'clusters' | 'removed'>; pending: ReviewPair[] } {
  const details: Omit<DuplicatesReport, 'mode' | 'clusters' | 'removed'> = {};
  let pending: ReviewPair[] = [];
  if (isNearFinder(args.finder)) {
    pending = pendingReview(args.finder, args.assignments, args.decisions, (row) => row <= args.rowsIn);
    details.model = modelSummary(args.finder.stats());
    details.review = { pairs: pending.length, top: reviewSummary(pending, REPORT_REVIEW_PAIRS) };
  }
  if (args.outcomes.length) details.decisions = args.outcomes.map((o) => ({ kind: o.decision.kind, rows: [...o.decision.rows], status: o.status, detail: o.detail }));
  if (args.crossRun?.against) details.against = args.crossRun.against;
  if (args.crossRun?.recorded) details.recorded = args.crossRun.recorded;
  return { details, pending };
}
