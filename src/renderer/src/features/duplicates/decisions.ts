/** Pure edits of the plan's duplicate review decisions: each returns a new plan, the input is never mutated. */
import type { DedupeDecision, Plan } from '../../../../shared/plan.js';

function samePair(a: readonly number[], b: readonly number[]): boolean {
  return a.length === 2 && b.length === 2 && ((a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0]));
}

/** Whether `next` makes `d` obsolete: the same pair decided again, or the same row split or kept again. */
export function supersedes(next: DedupeDecision, d: DedupeDecision): boolean {
  const pairKind = (k: DedupeDecision['kind']): boolean => k === 'accept' || k === 'reject';
  if (pairKind(next.kind) && pairKind(d.kind)) return samePair(next.rows, d.rows);
  if (!pairKind(next.kind) && !pairKind(d.kind)) return next.rows[0] === d.rows[0];
  return false;
}

/**
 * Adds a decision for the input with this sha256. Decisions made on another input are dropped (the engine
 * would skip them anyway: row numbers only mean something for the input they were made on).
 */
export function addDecision(plan: Plan, decision: DedupeDecision, inputSha256: string, replaces?: (d: DedupeDecision) => boolean): Plan {
  const kept = plan.dedupe.decisionsInput === inputSha256 ? (plan.dedupe.decisions ?? []) : [];
  const decisions = kept.filter((d) => !supersedes(decision, d) && !(replaces?.(d) ?? false));
  return { ...plan, dedupe: { ...plan.dedupe, decisions: [...decisions, decision], decisionsInput: inputSha256 } };
}

export function removeDecision(plan: Plan, index: number): Plan {
  const decisions = (plan.dedupe.decisions ?? []).filter((_, i) => i !== index);
  const { decisions: _old, decisionsInput, ...rest } = plan.dedupe;
  if (decisions.length === 0) return { ...plan, dedupe: rest };
  return { ...plan, dedupe: { ...rest, decisions, ...(decisionsInput !== undefined ? { decisionsInput } : {}) } };
}

/** Decisions (with their index in the plan) that name any of these rows. */
export function decisionsTouching(plan: Plan | null, rows: readonly number[]): { index: number; decision: DedupeDecision }[] {
  const set = new Set(rows);
  return (plan?.dedupe.decisions ?? []).flatMap((decision, index) => (decision.rows.some((r) => set.has(r)) ? [{ index, decision }] : []));
}

export function describeDecision(d: DedupeDecision): string {
  switch (d.kind) {
    case 'accept': return `rows ${d.rows[0]} and ${d.rows[1]} are the same record`;
    case 'reject': return `rows ${d.rows[0]} and ${d.rows[1]} are different records`;
    case 'split': return `row ${d.rows[0]} is unique (taken out of its cluster)`;
    case 'survivor': return `row ${d.rows[0]} is kept as its cluster's survivor`;
  }
}
