/** Plan JSON in and out: lenient parsing (old plans still load) and strict validation that reports every issue. */
import type { DedupeConfig, DedupeDecisionKind, Operation, Plan, PlanIssue } from '../../../shared/plan.js';
import { PLAN_VERSION } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import { isRecord, show } from '../ops/common.js';
import { getOpModule, normalizeOpName, OP_NAMES, validateOperation } from '../ops/registry.js';

const DEDUPE_MODES = ['near', 'exact', 'off'];
const SURVIVORS = ['most-complete', 'first', 'most-recent'];

function planIssue(path: string, message: string): PlanIssue {
  return { index: -1, path, message };
}

/** Parses plan text, turning a syntax error into an EngineError with the line and column. */
function parseText(text: string, source: string | undefined): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    // V8 names a position for some errors only ("… in JSON at position 17", "(line 2 column 5)").
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const location: { file?: string; line?: number; column?: number } = source ? { file: source } : {};
    if (lc) {
      location.line = Number(lc[1]);
      location.column = Number(lc[2]);
    } else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      location.line = before.split('\n').length;
      location.column = before.length - before.lastIndexOf('\n');
    }
    throw new EngineError('INVALID_PLAN', `plan is not valid JSON: ${msg}`, { location, cause: err });
  }
}

function parseDedupe(raw: unknown, issues: PlanIssue[]): DedupeConfig {
  if (raw === undefined) return { mode: 'exact', columns: [] };
  if (!isRecord(raw)) {
    issues.push(planIssue('dedupe', `dedupe must be an object, got ${show(raw)}`));
    return { mode: 'exact', columns: [] };
  }
  const d: DedupeConfig = { mode: (raw.mode ?? 'exact') as DedupeConfig['mode'], columns: (raw.columns ?? []) as string[] };
  for (const k of ['threshold', 'reviewThreshold', 'survivor', 'recencyColumn', 'decisionsInput'] as const) {
    if (raw[k] !== undefined) (d as unknown as Record<string, unknown>)[k] = raw[k];
  }
  if (raw.decisions !== undefined) (d as unknown as Record<string, unknown>).decisions = Array.isArray(raw.decisions) ? raw.decisions.map(parseDecision) : raw.decisions;
  return d;
}

/**
 * Lenient reading of one review decision: kind in any case, `row: n` for `rows: [n]`, and row numbers
 * written as digit strings. Anything else is kept as given for validateDedupe to report.
 */
function parseDecision(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const out: Record<string, unknown> = { ...raw };
  if (typeof raw.kind === 'string') out.kind = raw.kind.trim().toLowerCase();
  let rows = raw.rows;
  if (rows === undefined && raw.row !== undefined) {
    rows = [raw.row];
    delete out.row;
  }
  out.rows = Array.isArray(rows) ? rows.map((r) => (typeof r === 'string' && /^\s*\d+\s*$/.test(r) ? Number(r) : r)) : rows;
  return out;
}

/**
 * Lenient: a missing version is 1, salt '', enabled true, dedupe { mode: 'exact', columns: [] };
 * op names may omit 'core/'. Unknown operations and duplicate ids become issues (the unknown op is
 * left out of `plan`). `json` is a parsed value or the plan's text. Throws EngineError
 * INVALID_PLAN for text that is not JSON, a value that is not an object, or a plan from a newer
 * version, since none of those can be read at all.
 */
export function parsePlan(json: unknown, source?: string): { plan: Plan; issues: PlanIssue[] } {
  const where = source ? { location: { file: source } } : {};
  const value = typeof json === 'string' ? parseText(json, source) : json;
  if (!isRecord(value)) throw new EngineError('INVALID_PLAN', `a plan must be a JSON object with "operations", got ${show(value)}`, where);
  const issues: PlanIssue[] = [];

  const v = value.version;
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
    issues.push(planIssue('version', `version must be a positive integer, got ${show(v)}`));
  } else if (typeof v === 'number' && v > PLAN_VERSION) {
    throw new EngineError('INVALID_PLAN', `plan version ${v} is newer than this Data Sanitizer supports (version ${PLAN_VERSION}); upgrade Data Sanitizer to use this plan`, where);
  }
  // Version 1 is the first format; later versions migrate older plans here before the checks below.

  let salt = '';
  if (typeof value.salt === 'string') salt = value.salt;
  else if (typeof value.salt === 'number') salt = String(value.salt);
  else if (value.salt !== undefined && value.salt !== null) issues.push(planIssue('salt', `salt must be a string, got ${show(value.salt)}`));

  const operations: Operation[] = [];
  const positions: number[] = [];
  let rawOps: unknown[] = [];
  if (Array.isArray(value.operations)) rawOps = value.operations;
  else if (value.operations !== undefined) issues.push(planIssue('operations', `operations must be a list, got ${show(value.operations)}`));
  rawOps.forEach((raw, i) => {
    const path = `operations[${i}]`;
    if (!isRecord(raw)) {
      issues.push({ index: i, path, message: `an operation must be an object, got ${show(raw)}` });
      return;
    }
    const opId = typeof raw.id === 'string' ? { opId: raw.id } : {};
    if (typeof raw.op !== 'string') {
      issues.push({ index: i, ...opId, path: `${path}.op`, message: `op must name an operation (${OP_NAMES.join(', ')})` });
      return;
    }
    const module = getOpModule(raw.op);
    if (!module) {
      issues.push({ index: i, ...opId, path: `${path}.op`, message: `unknown operation ${JSON.stringify(raw.op)}; known: ${OP_NAMES.join(', ')}` });
      return;
    }
    const op = module.parse({ ...raw, op: normalizeOpName(raw.op) }, i, issues);
    if (op) {
      operations.push(op);
      positions.push(i);
    }
  });
  issues.push(...duplicateIds(operations, positions));

  const plan: Plan = { version: PLAN_VERSION, salt, operations, dedupe: parseDedupe(value.dedupe, issues) };
  return { plan, issues };
}

/** One issue per repeated id, at the later operation. `positions` maps to indices in the file when ops were dropped. */
function duplicateIds(ops: readonly Operation[], positions?: readonly number[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const first = new Map<string, number>();
  ops.forEach((op, k) => {
    if (typeof op.id !== 'string') return;
    const index = positions?.[k] ?? k;
    const prev = first.get(op.id);
    if (prev === undefined) first.set(op.id, index);
    else issues.push({ index, opId: op.id, path: `operations[${index}].id`, message: `duplicate id ${JSON.stringify(op.id)} (also operations[${prev}]); ids must be unique` });
  });
  return issues;
}

function validateDedupe(d: unknown, columns: readonly string[], issues: PlanIssue[]): void {
  if (!isRecord(d)) {
    issues.push(planIssue('dedupe', `dedupe must be an object, got ${show(d)}`));
    return;
  }
  if (typeof d.mode !== 'string' || !DEDUPE_MODES.includes(d.mode)) {
    issues.push(planIssue('dedupe.mode', `mode must be one of 'near', 'exact', 'off', got ${show(d.mode)}`));
  }
  if (!Array.isArray(d.columns)) issues.push(planIssue('dedupe.columns', `columns must be a list of column names, got ${show(d.columns)}`));
  else {
    d.columns.forEach((c: unknown, i) => {
      if (typeof c !== 'string' || !columns.includes(c)) issues.push(planIssue(`dedupe.columns[${i}]`, `column ${show(c)} not found`));
    });
  }
  const inUnit = (x: unknown): boolean => typeof x === 'number' && x > 0 && x <= 1;
  if (d.threshold !== undefined && !inUnit(d.threshold)) issues.push(planIssue('dedupe.threshold', `threshold must be a number in (0, 1], got ${show(d.threshold)}`));
  if (d.reviewThreshold !== undefined) {
    if (!inUnit(d.reviewThreshold)) issues.push(planIssue('dedupe.reviewThreshold', `reviewThreshold must be a number in (0, 1], got ${show(d.reviewThreshold)}`));
    else if (inUnit(d.threshold) && (d.reviewThreshold as number) > (d.threshold as number)) {
      issues.push(planIssue('dedupe.reviewThreshold', `reviewThreshold (${show(d.reviewThreshold)}) must not exceed threshold (${show(d.threshold)})`));
    }
  }
  if (d.survivor !== undefined && (typeof d.survivor !== 'string' || !SURVIVORS.includes(d.survivor))) {
    issues.push(planIssue('dedupe.survivor', `survivor must be one of 'most-complete', 'first', 'most-recent', got ${show(d.survivor)}`));
  }
  if (d.recencyColumn !== undefined && (typeof d.recencyColumn !== 'string' || !columns.includes(d.recencyColumn))) {
    issues.push(planIssue('dedupe.recencyColumn', `column ${show(d.recencyColumn)} not found`));
  }
  if (d.survivor === 'most-recent' && d.recencyColumn === undefined) {
    issues.push(planIssue('dedupe.recencyColumn', "survivor 'most-recent' needs a recencyColumn"));
  }
  if (d.decisionsInput !== undefined && (typeof d.decisionsInput !== 'string' || !/^[0-9a-f]{64}$/.test(d.decisionsInput))) {
    issues.push(planIssue('dedupe.decisionsInput', `decisionsInput must be the input's sha256 (64 hex digits), got ${show(d.decisionsInput)}`));
  }
  if (d.decisions !== undefined) validateDecisions(d.decisions, issues);
}

const DECISION_ROWS: Record<DedupeDecisionKind, number> = { accept: 2, reject: 2, split: 1, survivor: 1 };

/** Each decision names a known kind and the right number of positive row numbers; a pair is not both accepted and rejected. */
function validateDecisions(decisions: unknown, issues: PlanIssue[]): void {
  if (!Array.isArray(decisions)) {
    issues.push(planIssue('dedupe.decisions', `decisions must be a list, got ${show(decisions)}`));
    return;
  }
  const verdicts = new Map<string, { kind: string; at: number }>();
  decisions.forEach((x: unknown, i) => {
    const path = `dedupe.decisions[${i}]`;
    if (!isRecord(x)) {
      issues.push(planIssue(path, `a decision must be an object like {"kind": "accept", "rows": [3, 17]}, got ${show(x)}`));
      return;
    }
    const kind = x.kind;
    if (typeof kind !== 'string' || !(kind in DECISION_ROWS)) {
      issues.push(planIssue(`${path}.kind`, `kind must be one of 'accept', 'reject', 'split', 'survivor', got ${show(kind)}`));
      return;
    }
    const want = DECISION_ROWS[kind as DedupeDecisionKind];
    const rows = x.rows;
    if (!Array.isArray(rows) || rows.length !== want) {
      issues.push(planIssue(`${path}.rows`, `'${kind}' needs ${want === 2 ? 'two row numbers' : 'one row number'}, got ${show(rows)}`));
      return;
    }
    const bad = rows.findIndex((r: unknown) => typeof r !== 'number' || !Number.isInteger(r) || r < 1);
    if (bad >= 0) {
      issues.push(planIssue(`${path}.rows[${bad}]`, `rows must be positive whole numbers (1-based data rows), got ${show(rows[bad])}`));
      return;
    }
    if (x.note !== undefined && typeof x.note !== 'string') issues.push(planIssue(`${path}.note`, `note must be text, got ${show(x.note)}`));
    if (want !== 2) return;
    const [a, b] = rows as [number, number];
    if (a === b) {
      issues.push(planIssue(`${path}.rows`, `'${kind}' needs two different rows, got ${a} twice`));
      return;
    }
    const pair = a < b ? `${a},${b}` : `${b},${a}`;
    const seen = verdicts.get(pair);
    if (seen && seen.kind !== kind) {
      issues.push(planIssue(path, `rows ${pair} are both accepted and rejected (also dedupe.decisions[${seen.at}])`));
    } else if (!seen) verdicts.set(pair, { kind, at: i });
  });
}

/** Strict: checks the plan against the input's columns and returns every issue from every operation and the dedupe settings. */
export function validatePlan(plan: Plan, columns: readonly string[]): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const p = plan as unknown as Record<string, unknown>;
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 1) {
    issues.push(planIssue('version', `version must be a positive integer, got ${show(p.version)}`));
  } else if (p.version > PLAN_VERSION) {
    issues.push(planIssue('version', `plan version ${p.version} is newer than this Data Sanitizer supports (version ${PLAN_VERSION})`));
  }
  if (typeof p.salt !== 'string') issues.push(planIssue('salt', `salt must be a string, got ${show(p.salt)}`));
  if (!Array.isArray(p.operations)) {
    issues.push(planIssue('operations', `operations must be a list, got ${show(p.operations)}`));
  } else {
    plan.operations.forEach((op, i) => {
      if (!isRecord(op)) issues.push({ index: i, path: `operations[${i}]`, message: `an operation must be an object, got ${show(op)}` });
      else issues.push(...validateOperation(op, columns, i));
    });
    issues.push(...duplicateIds(plan.operations.filter(isRecord)));
  }
  validateDedupe(p.dedupe, columns, issues);
  return issues;
}

/** One line per issue: `operations[3] (fix-dob): params.formats[1]: message`, or `dedupe.mode: message` for plan-level issues. */
export function formatPlanIssues(issues: readonly PlanIssue[]): string {
  return issues.map((i) => {
    if (i.index < 0) return i.path ? `${i.path}: ${i.message}` : i.message;
    const head = `operations[${i.index}]${i.opId !== undefined ? ` (${i.opId})` : ''}`;
    const rel = i.path.startsWith(`operations[${i.index}].`) ? i.path.slice(`operations[${i.index}].`.length) : '';
    return `${head}: ${rel ? `${rel}: ` : ''}${i.message}`;
  }).join('\n');
}

/** validatePlan, throwing EngineError INVALID_PLAN (details: the issues) listing every issue, one per line. */
export function assertValidPlan(plan: Plan, columns: readonly string[], file?: string): void {
  const issues = validatePlan(plan, columns);
  if (issues.length === 0) return;
  const n = issues.length;
  throw new EngineError('INVALID_PLAN', `the plan has ${n} problem${n === 1 ? '' : 's'}:\n${formatPlanIssues(issues)}`, {
    details: issues,
    ...(file ? { location: { file } } : {}),
  });
}
