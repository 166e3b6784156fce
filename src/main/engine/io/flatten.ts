/** Flattening of parsed JSON records into dotted columns of scalar cells, and the inverse for tests and tools. */
import { EngineError } from '../errors.js';
import type { Cell } from '../table.js';

/** Where flattened leaves go; a Map<string, Cell> is one. */
export interface CellSink {
  set(key: string, value: Cell): unknown;
}

/** Deepest nesting a record may have; a record itself is depth 1. */
export const MAX_JSON_DEPTH = 1000;

function tooDeep(): EngineError {
  return new EngineError('BAD_INPUT', `nesting deeper than ${MAX_JSON_DEPTH} levels`);
}

/** Throws when an array (kept whole as JSON text) nests deeper than the limit allows. */
function checkDepth(value: unknown, depth: number): void {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  if (Array.isArray(value)) {
    for (const v of value) if (typeof v === 'object' && v !== null) checkDepth(v, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null) checkDepth(v, depth + 1);
    }
  }
}

/** Whether a parsed record nests deeper than MAX_JSON_DEPTH (the record itself is depth 1), as flattenRecord would find. */
export function nestsTooDeep(record: unknown): boolean {
  try {
    checkDepth(record, 1);
    return false;
  } catch (err) {
    if (err instanceof EngineError) return true;
    throw err;
  }
}

/**
 * Writes the leaves of a parsed JSON object into `out` under dotted paths (`address.city`).
 * Scalars keep their JSON type; arrays become their JSON text; an empty nested object becomes
 * `'{}'` so its column is not lost. Keys are used verbatim, dots included, so `{"a.b":1}` and
 * `{"a":{"b":2}}` share the column `a.b` and the later one wins. Throws EngineError BAD_INPUT
 * (without a location; the caller adds it) past MAX_JSON_DEPTH.
 */
export function flattenRecord(obj: Readonly<Record<string, unknown>>, out: CellSink, prefix = '', depth = 1): void {
  if (depth > MAX_JSON_DEPTH) throw tooDeep();
  for (const key in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const value = obj[key];
    const path = prefix === '' ? key : prefix + key;
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.set(path, value);
    } else if (Array.isArray(value)) {
      checkDepth(value, depth + 1);
      out.set(path, JSON.stringify(value));
    } else if (typeof value === 'object') {
      let empty = true;
      for (const _ in value) {
        empty = false;
        break;
      }
      if (empty) out.set(path, '{}');
      else flattenRecord(value as Record<string, unknown>, out, path + '.', depth + 1);
    } else {
      // Not reachable from JSON.parse; kept total for callers passing other objects.
      out.set(path, value === undefined ? null : String(value));
    }
  }
}

/** Rebuilds nested objects from dotted paths; the inverse of flattenRecord for keys without dots. */
export function unflattenRecord(flat: ReadonlyMap<string, Cell>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of flat) {
    const parts = path.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      let child = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (typeof child !== 'object' || child === null) {
        child = {};
        Object.defineProperty(node, part, { value: child, enumerable: true, writable: true, configurable: true });
      }
      node = child as Record<string, unknown>;
    }
    Object.defineProperty(node, parts[parts.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}
