/** The verdict on one pair of rows after a run (merged, review, distinct) with its evidence, and its text form for the CLI. */
import type { DecisionOutcome } from './decisions.js';
import type { NearDuplicateFinder, PairExplanation } from './nearTypes.js';
import type { DuplicateAssignment } from './types.js';

export interface PairVerdict {
  explanation: PairExplanation;
  /** What the run did: both rows in one cluster, left for a person (review band or split by clustering), or kept apart. */
  decision: 'merged' | 'review' | 'distinct';
  /** Whether candidate generation paired the rows at all; a pair it never paired is distinct whatever its score. */
  candidate: boolean;
  clusterA: number | null;
  clusterB: number | null;
  /** The survivor of the rows' shared cluster, when merged. */
  survivor: number | null;
  threshold: number;
  reviewThreshold: number;
  model: 'em' | 'prior';
  /** Plan decisions that name either row, with what they did. */
  decisions: DecisionOutcome[];
}

export function pairVerdict(
  finder: NearDuplicateFinder, assignments: readonly DuplicateAssignment[], outcomes: readonly DecisionOutcome[], rowA: number, rowB: number,
): PairVerdict {
  const explanation = finder.explain(rowA, rowB);
  const stats = finder.stats();
  const a = assignments.find((x) => x.row === rowA);
  const b = assignments.find((x) => x.row === rowB);
  const merged = a !== undefined && b !== undefined && a.cluster === b.cluster;
  const scored = finder.pairScore(rowA, rowB);
  const names = (o: DecisionOutcome): boolean => o.decision.rows.includes(rowA) && o.decision.rows.includes(rowB);
  const rejected = outcomes.some((o) => o.decision.kind === 'reject' && o.status !== 'skipped' && names(o));
  return {
    explanation,
    decision: merged ? 'merged' : !rejected && scored !== null && scored >= stats.reviewThreshold ? 'review' : 'distinct',
    candidate: scored !== null,
    clusterA: a?.cluster ?? null,
    clusterB: b?.cluster ?? null,
    survivor: merged ? a.survivor : null,
    threshold: stats.threshold,
    reviewThreshold: stats.reviewThreshold,
    model: stats.model,
    decisions: outcomes.filter((o) => o.decision.rows.some((r) => r === rowA || r === rowB)),
  };
}

const num = (x: number | null, digits = 3): string => (x === null ? '-' : x.toFixed(digits));
const signed = (x: number): string => (x >= 0 ? '+' : '') + x.toFixed(2);

/** A table a person can read in a terminal; values are cut to 28 characters. */
export function formatPairVerdict(v: PairVerdict): string {
  const e = v.explanation;
  const cut = (s: string | null): string => (s === null ? '(missing)' : s.length > 28 ? s.slice(0, 27) + '…' : s);
  const header = ['field', 'kind', `row ${e.rowA}`, `row ${e.rowB}`, 'similarity', 'level', 'weight', 'm', 'u'];
  const rows = e.fields.map((f) => [f.field, f.kind, cut(f.valueA), cut(f.valueB), num(f.similarity), f.level, signed(f.weight), num(f.m, 4), num(f.u, 4)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  const what = v.decision === 'merged'
    ? `merged (cluster ${v.clusterA}, survivor row ${v.survivor})`
    : v.decision === 'review'
      ? `review (not merged; probability ${e.probability < v.threshold ? 'in the review band' : e.lowInformation ? 'above the threshold, but no value of theirs is unique to them: other rows share each one' : 'above the threshold but clustering kept the rows apart'})`
      : v.candidate ? 'distinct' : 'distinct (candidate generation never paired these rows, so they were not compared)';
  const out = [
    `rows ${e.rowA} and ${e.rowB}: ${what}`,
    `probability ${num(e.probability, 4)}  total weight ${signed(e.totalWeight)} bits = prior ${signed(e.priorWeight)} + fields  ` +
      `(merge at ≥ ${v.threshold}, review at ≥ ${v.reviewThreshold}; model ${v.model === 'em' ? 'fitted by EM' : 'prior m, fitted u (EM did not describe duplicates)'})`,
  ];
  if (e.identical) out.push(e.lowInformation ? 'the rows are equal on every compared field, but other rows share each of their values, so they are left for review' : 'the rows are equal on every compared field, so they are one record');
  out.push('', line(header), ...rows.map(line));
  for (const d of v.decisions) out.push(`decision ${d.decision.kind} [${d.decision.rows.join(', ')}]: ${d.status}, ${d.detail}`);
  return out.join('\n') + '\n';
}
