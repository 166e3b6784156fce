/** Runtime checks for API arguments: transports deliver untrusted JSON, so every field is checked before use. */
import type { RowFilter } from '../../shared/api.js';
import { EngineError } from '../engine/errors.js';

export type Obj = Record<string, unknown>;

function bad(message: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', message);
}

/** The argument object of a call; `undefined`/`null` count as `{}` for methods without fields. */
export function argObject(arg: unknown, method: string): Obj {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object' || Array.isArray(arg)) throw bad(`${method}: the argument must be an object`);
  return arg as Obj;
}

export function reqString(o: Obj, key: string, max = 4096): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw bad(`"${key}" must be a non-empty string`);
  if (v.length > max) throw bad(`"${key}" is longer than ${max} characters`);
  if (v.includes('\0')) throw bad(`"${key}" contains a NUL character`);
  return v;
}

export function optString(o: Obj, key: string, max = 4096): string | undefined {
  return o[key] === undefined ? undefined : reqString(o, key, max);
}

/** Like optString but an empty string is allowed (salts may be ''). */
export function optText(o: Obj, key: string, max = 4096): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max || v.includes('\0')) throw bad(`"${key}" must be a string of at most ${max} characters`);
  return v;
}

export function reqInt(o: Obj, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`"${key}" must be a whole number from ${min} to ${max}`);
  return v;
}

export function optInt(o: Obj, key: string, min: number, max: number): number | undefined {
  return o[key] === undefined ? undefined : reqInt(o, key, min, max);
}

export function optBool(o: Obj, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(`"${key}" must be true or false`);
  return v;
}

export function optEnum<T extends string>(o: Obj, key: string, allowed: readonly T[]): T | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw bad(`"${key}" must be one of ${allowed.join(', ')}`);
  return v as T;
}

export function optStringArray(o: Obj, key: string, maxItems = 100_000): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length > maxItems || !v.every((x) => typeof x === 'string')) throw bad(`"${key}" must be an array of strings`);
  return v as string[];
}

/** XLSX sheet: a name or a 1-based index. */
export function optSheet(o: Obj): string | number | undefined {
  const v = o['sheet'];
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v;
  if (typeof v === 'string' && v.length > 0 && v.length <= 255) return v;
  throw bad('"sheet" must be a sheet name or a 1-based index');
}

/** A dataset row filter: `{column, match: 'value', value}` or `{column, match: 'empty'}`. */
export function optRowFilter(o: Obj): RowFilter | undefined {
  const v = o['filter'];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('"filter" must be an object');
  const f = v as Obj;
  const column = reqString(f, 'column', 1000);
  const match = optEnum(f, 'match', ['value', 'empty'] as const);
  if (match === 'empty') return { column, match };
  if (match !== 'value') throw bad('"filter.match" must be value or empty');
  const value = optText(f, 'value', 100_000);
  if (value === undefined) throw bad('"filter.value" must be a string');
  return { column, match, value };
}
