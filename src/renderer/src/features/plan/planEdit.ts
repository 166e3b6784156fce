/** Pure plan edits (toggle, move, delete, replace params/dedupe): each returns a new plan, the input is never mutated. */
import type { DedupeConfig, Operation, Plan } from '../../../../shared/plan.js';
import type { ColumnProfile } from '../../../../shared/profile.js';

function withOps(plan: Plan, operations: Operation[]): Plan {
  return { ...plan, operations };
}

export function toggleOp(plan: Plan, index: number): Plan {
  return withOps(plan, plan.operations.map((op, i) => (i === index ? { ...op, enabled: op.enabled === false } : op)));
}

export function moveOp(plan: Plan, index: number, delta: -1 | 1): Plan {
  const to = index + delta;
  if (to < 0 || to >= plan.operations.length) return plan;
  const ops = plan.operations.slice();
  const [op] = ops.splice(index, 1);
  if (op) ops.splice(to, 0, op);
  return withOps(plan, ops);
}

export function removeOp(plan: Plan, index: number): Plan {
  return withOps(plan, plan.operations.filter((_, i) => i !== index));
}

/** Params are replaced wholesale; the server validates their shape for the operation. */
export function setParams(plan: Plan, index: number, params: unknown): Plan {
  return withOps(plan, plan.operations.map((op, i) => (i === index ? ({ ...op, params } as Operation) : op)));
}

/** A change to the dedupe settings; `undefined` clears an optional setting back to the engine's default. */
export type DedupePatch = { [K in keyof DedupeConfig]?: DedupeConfig[K] | undefined };

/**
 * Applies a patch without leaving `undefined` members (exactOptionalPropertyTypes). Review decisions made on the
 * Duplicates screen ride along: changing a threshold must not drop them.
 */
export function patchDedupe(value: DedupeConfig, patch: DedupePatch): DedupeConfig {
  const merged = { ...value, ...patch };
  const next: DedupeConfig = { mode: merged.mode ?? value.mode, columns: merged.columns ?? value.columns };
  if (merged.threshold !== undefined) next.threshold = merged.threshold;
  if (merged.reviewThreshold !== undefined) next.reviewThreshold = merged.reviewThreshold;
  if (merged.survivor !== undefined) next.survivor = merged.survivor;
  if (merged.recencyColumn !== undefined) next.recencyColumn = merged.recencyColumn;
  if (merged.decisions !== undefined) next.decisions = merged.decisions;
  if (merged.decisionsInput !== undefined) next.decisionsInput = merged.decisionsInput;
  return next;
}

export function setDedupe(plan: Plan, dedupe: DedupeConfig): Plan {
  return { ...plan, dedupe };
}

/** Parses editor text as a JSON object, or returns the parse error message. */
export function parseJsonObject(text: string): { value: Record<string, unknown> } | { error: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'must be a JSON object' };
    return { value: v as Record<string, unknown> };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Alias groups of a mapping: each canonical value with the variants that become it, in first-seen order. */
export function aliasGroups(mapping: Record<string, string>): { canonical: string; variants: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const [variant, canonical] of Object.entries(mapping)) {
    const g = groups.get(canonical);
    if (g) g.push(variant);
    else groups.set(canonical, [variant]);
  }
  return [...groups].map(([canonical, variants]) => ({ canonical, variants }));
}

/**
 * Points every variant of `from` at `to`, and the old canonical value itself too (its cells must change as well).
 * A variant equal to the new canonical value is dropped: mapping a value to itself is no change.
 */
export function renameCanonical(mapping: Record<string, string>, from: string, to: string): Record<string, string> {
  if (from === to || to === '') return mapping;
  const next: Record<string, string> = {};
  for (const [variant, canonical] of Object.entries(mapping)) next[variant] = canonical === from ? to : canonical;
  next[from] = to;
  delete next[to];
  return next;
}

/** Merges the group of canonical `from` into the group of canonical `into`: the same as renaming it to that value. */
export function mergeAlias(mapping: Record<string, string>, from: string, into: string): Record<string, string> {
  return renameCanonical(mapping, from, into);
}

/** Stops replacing one variant: its cells keep their text. */
export function removeVariant(mapping: Record<string, string>, variant: string): Record<string, string> {
  const next = { ...mapping };
  delete next[variant];
  return next;
}

/** Alias params with a new mapping; confidences of variants no longer mapped are dropped, a new one counts as certain. */
export function withMapping(params: { mapping: Record<string, string>; confidence?: Record<string, number> }, mapping: Record<string, string>): { mapping: Record<string, string>; confidence?: Record<string, number> } {
  if (!params.confidence) return { mapping };
  const confidence: Record<string, number> = {};
  for (const v of Object.keys(mapping)) confidence[v] = params.confidence[v] ?? 1;
  return { mapping, confidence };
}

/** Operation kinds the plan editor can add for a column, with the parameters a new one starts from. */
export type AddableOp = 'core/impute' | 'core/outlier' | 'core/trim' | 'core/case';

/** Starting parameters from the column's profile: the sample median or mode, the IQR bounds. */
function defaultParams(op: AddableOp, c: ColumnProfile | undefined): Operation['params'] {
  switch (op) {
    case 'core/impute':
      if (c?.impute?.median !== undefined) return { strategy: 'median', value: c.impute.median };
      if (c?.impute?.mode !== undefined) return { strategy: 'mode', value: c.impute.mode };
      return { strategy: 'constant', value: '' };
    case 'core/outlier': {
      const b = c?.outlierBounds?.iqr;
      return { method: b ? 'iqr' : 'manual', lower: b?.lower ?? 0, upper: b?.upper ?? 0, action: 'flag' };
    }
    case 'core/trim': return { collapse: true };
    case 'core/case': return { mode: 'title' };
  }
}

/** The next free `op-NNN` id. */
export function nextOpId(plan: Plan): string {
  const used = new Set(plan.operations.map((o) => o.id));
  for (let n = plan.operations.length + 1; ; n++) {
    const id = `op-${String(n).padStart(3, '0')}`;
    if (!used.has(id)) return id;
  }
}

/** Appends an operation on a column, starting from what the profile knows about it. */
export function addOp(plan: Plan, op: AddableOp, column: string, profile?: ColumnProfile): Plan {
  const added = { id: nextOpId(plan), op, column, params: defaultParams(op, profile), reason: 'added in the plan editor' } as Operation;
  return withOps(plan, [...plan.operations, added]);
}
