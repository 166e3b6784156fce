/** Shared pieces of operation modules: lenient parsing of common fields, strict checks, the cell policy. */
import type { CellPolicy, Operation, PlanIssue } from '../../../shared/plan.js';
import type { Cell } from '../table.js';
import type { OpRecorder } from './types.js';

export type Raw = Record<string, unknown>;

export const POLICIES: readonly CellPolicy[] = ['keep-original', 'set-null', 'quarantine'];

export function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 'core/parse-date' → 'parse-date', the prefix used in reasons. */
export function shortName(op: string): string {
  const slash = op.indexOf('/');
  return slash < 0 ? op : op.slice(slash + 1);
}

export interface BaseFields {
  id: string;
  column: string;
  enabled: boolean;
  reason?: string;
}

/**
 * Lenient common fields. A missing id becomes `op<index+1>` (plan parsing then reports it if that
 * clashes); missing `enabled` is true. Only a column that is not a string is hopeless.
 */
export function parseBase(raw: Raw, index: number, issues: PlanIssue[]): BaseFields | null {
  const id = typeof raw.id === 'string' && raw.id.length > 0 ? raw.id : typeof raw.id === 'number' ? String(raw.id) : `op${index + 1}`;
  if (typeof raw.column !== 'string') {
    issues.push({ index, opId: id, path: `operations[${index}].column`, message: 'column must be a string naming one column' });
    return null;
  }
  const base: BaseFields = { id, column: raw.column, enabled: raw.enabled === undefined ? true : (raw.enabled as boolean) };
  if (raw.reason !== undefined) base.reason = raw.reason as string;
  return base;
}

/** The params object, or {} when absent (defaults are filled by the caller). */
export function rawParams(raw: Raw, index: number, opId: string, issues: PlanIssue[]): Raw {
  if (raw.params === undefined) return {};
  if (isRecord(raw.params)) return raw.params;
  issues.push({ index, opId, path: `operations[${index}].params`, message: 'params must be an object' });
  return {};
}

/** Copies `v` into `target[key]` only when present, so optional fields survive a JSON round trip unchanged. */
export function optional<T extends object>(target: T, key: string, v: unknown): T {
  if (v !== undefined) (target as Raw)[key] = v;
  return target;
}

const MAX_LISTED = 20;

/** Collects issues for one operation with full JSON paths such as `operations[3].params.formats[1]`. */
export class Checker {
  readonly issues: PlanIssue[] = [];
  private readonly prefix: string;

  constructor(private readonly op: Operation, private readonly index: number) {
    this.prefix = `operations[${index}]`;
  }

  error(path: string, message: string): void {
    const issue: PlanIssue = { index: this.index, path: path ? `${this.prefix}.${path}` : this.prefix, message };
    if (typeof this.op.id === 'string') issue.opId = this.op.id;
    this.issues.push(issue);
  }

  /** id, column, enabled, reason and params shape; returns params (or {} when unusable). */
  base(columns: readonly string[]): Raw {
    const op = this.op as unknown as Raw;
    if (typeof op.id !== 'string' || op.id.length === 0) this.error('id', 'id must be a non-empty string');
    this.column('column', op.column, columns);
    if (op.enabled !== undefined && typeof op.enabled !== 'boolean') this.error('enabled', 'enabled must be true or false');
    if (op.reason !== undefined && typeof op.reason !== 'string') this.error('reason', 'reason must be a string');
    if (!isRecord(op.params)) {
      this.error('params', 'params must be an object');
      return {};
    }
    return op.params;
  }

  column(path: string, v: unknown, columns: readonly string[]): void {
    if (typeof v !== 'string') return this.error(path, 'column must be a string');
    if (columns.includes(v)) return;
    const listed = columns.slice(0, MAX_LISTED).map((c) => JSON.stringify(c)).join(', ');
    const more = columns.length > MAX_LISTED ? `, … (${columns.length} columns)` : '';
    this.error(path, `column ${JSON.stringify(v)} not found; the input has ${listed || 'no columns'}${more}`);
  }

  bool(path: string, v: unknown): boolean {
    if (typeof v === 'boolean') return true;
    this.error(path, `must be true or false, got ${show(v)}`);
    return false;
  }

  oneOf<T extends string>(path: string, v: unknown, allowed: readonly T[]): v is T {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return true;
    this.error(path, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${show(v)}`);
    return false;
  }

  finite(path: string, v: unknown): v is number {
    if (typeof v === 'number' && Number.isFinite(v)) return true;
    this.error(path, `must be a finite number, got ${show(v)}`);
    return false;
  }

  nonEmptyString(path: string, v: unknown): v is string {
    if (typeof v === 'string' && v.length > 0) return true;
    this.error(path, `must be a non-empty string, got ${show(v)}`);
    return false;
  }

  policy(params: Raw): void {
    this.oneOf('params.onError', params.onError, POLICIES);
  }

  /** A non-empty array of strings; each bad element is reported at its own index. */
  stringList(path: string, v: unknown): v is string[] {
    if (!Array.isArray(v) || v.length === 0) {
      this.error(path, `must be a non-empty list of strings, got ${show(v)}`);
      return false;
    }
    let ok = true;
    v.forEach((x, i) => {
      if (typeof x !== 'string') {
        this.error(`${path}[${i}]`, `must be a string, got ${show(x)}`);
        ok = false;
      }
    });
    return ok;
  }
}

/** A value as it appears in messages: JSON for strings (quoted, escaped), cut to 60 characters. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…${s.endsWith('"') ? '"' : ''}` : s;
}

/** Reason text for a failing cell, e.g. `parse-date: "31/02/2020" in "dob" matches no format`. */
export function cellReason(op: string, value: Cell, column: string, what: string): string {
  return `${op}: ${show(value)} in ${JSON.stringify(column)} ${what}`;
}

/**
 * Applies the cell policy to a cell the operation cannot handle: keep it and flag it, set it to
 * null (a change with confidence 0), or send the whole row to quarantine.
 */
export function failCell(column: Cell[], i: number, value: Cell, policy: CellPolicy, reason: string, rec: OpRecorder): void {
  if (policy === 'set-null') {
    column[i] = null;
    rec.cell(i, value, null, 0);
  } else if (policy === 'quarantine') {
    rec.quarantine(i, reason);
  } else {
    rec.flag(i, value, reason, 0);
  }
}

const BLANK = /^\s*$/;
export function isBlank(s: string): boolean {
  return s.length === 0 || BLANK.test(s);
}

export function renameColumn<O extends Operation>(op: O, from: string, to: string): O {
  return op.column === from ? { ...op, column: to } : { ...op };
}

/** Single-column reads/writes shared by every operation that rewrites its own column. */
export function ownColumn(op: Operation): string[] {
  return [op.column];
}
