/**
 * core/hash: replace values by a salted, deterministic digest, so rows can still be joined and
 * counted without exposing the value. Hashing is not idempotent by nature, so every digest is
 * marked `h:`; a value already in that exact shape is left alone and never hashed twice.
 */
import { createHmac } from 'node:crypto';
import type { HashOp } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import type { Cell } from '../table.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn, show } from './common.js';
import type { OpModule, PreparedOp } from './types.js';

export const HASH_PREFIX = 'h:';
export const MIN_HASH_LENGTH = 8;
export const MAX_HASH_LENGTH = 64;

/** What preparing an operation may need from the plan around it. */
export interface PrepareContext {
  /** The plan's salt: the HMAC key of core/hash. */
  salt: string;
}

/** `h:` + the first `length` hex digits of HMAC-SHA256(salt, text). */
export function hashText(text: string, salt: string, length: number): string {
  return HASH_PREFIX + createHmac('sha256', salt).update(text, 'utf8').digest('hex').slice(0, length);
}

/** Whether `s` is already a digest of this length (so hashing again would only hide a hash). */
export function isHashed(s: string, length: number): boolean {
  if (s.length !== HASH_PREFIX.length + length || !s.startsWith(HASH_PREFIX)) return false;
  for (let i = HASH_PREFIX.length; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

interface HashModule extends OpModule<HashOp> {
  prepare(op: HashOp, ctx?: PrepareContext): PreparedOp;
}

export const hashOp: HashModule = {
  op: 'core/hash',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return { ...base, op: 'core/hash', params: { length: (p.length ?? 16) as number } };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    const n = p.length;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < MIN_HASH_LENGTH || n > MAX_HASH_LENGTH) {
      c.error('params.length', `must be a whole number of hex digits from ${MIN_HASH_LENGTH} to ${MAX_HASH_LENGTH}, got ${show(n)}`);
    }
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    return `Replace ${JSON.stringify(op.column)} by a salted hash (${op.params.length} hex digits, marked ${JSON.stringify(HASH_PREFIX)})`;
  },

  /**
   * Refuses to run without a salt: an unkeyed hash of a phone number or an id is reversed by
   * hashing every possible value.
   */
  prepare(op, ctx?) {
    const salt = ctx?.salt ?? '';
    if (salt.length === 0) {
      throw new EngineError('INVALID_PLAN', `core/hash on ${JSON.stringify(op.column)} needs a salt: set the plan's salt (or pass --salt); unsalted hashes of short values can be reversed by trying them all`);
    }
    const digits = op.params.length;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          // Nulls, blanks and booleans carry nothing worth hiding; hashing them would only add collisions.
          if (v === null || typeof v === 'boolean' || v === '') continue;
          const text = typeof v === 'string' ? v : String(v);
          if (isHashed(text, digits)) continue;
          const h = hashText(text, salt, digits);
          column[i] = h;
          rec.cell(i, v, h, 1);
        }
      },
    };
  },
};
