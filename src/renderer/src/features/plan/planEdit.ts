/** Pure plan edits (toggle, move, delete, replace params/dedupe): each returns a new plan, the input is never mutated. */
import type { DedupeConfig, Operation, Plan } from '../../../../shared/plan.js';

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
