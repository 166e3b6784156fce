/** Canonical JSON (sorted keys, no whitespace) and the plan hash recorded in reports and the audit log. */
import type { Plan } from '../../../shared/plan.js';
import { sha256Hex } from '../hash.js';

/**
 * JSON with object keys sorted by UTF-16 code unit and no whitespace, so equal values always give
 * equal text. Follows JSON.stringify otherwise: undefined members are dropped (null inside arrays),
 * non-finite numbers become null, toJSON() is honoured.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(v: unknown, out: string[]): void {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON: () => unknown }).toJSON();
  }
  if (v === null || typeof v === 'boolean') {
    out.push(String(v));
  } else if (typeof v === 'number') {
    out.push(Number.isFinite(v) ? JSON.stringify(v) : 'null');
  } else if (typeof v === 'string') {
    out.push(JSON.stringify(v));
  } else if (typeof v === 'bigint') {
    out.push(v.toString());
  } else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x, i) => {
      if (i > 0) out.push(',');
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') out.push('null');
      else write(x, out);
    });
    out.push(']');
  } else if (typeof v === 'object') {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function' && typeof obj[k] !== 'symbol').sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      write(obj[k], out);
    });
    out.push('}');
  } else {
    out.push('null');
  }
}

/**
 * sha256 (hex) of the plan's canonical JSON. A missing `enabled` counts as true, so a plan hashes
 * the same before and after a parse/save round trip fills that default.
 */
export function planHash(plan: Plan): string {
  const normalised = { ...plan, operations: plan.operations.map((op) => ({ ...op, enabled: op.enabled ?? true })) };
  return sha256Hex(canonicalJson(normalised));
}
