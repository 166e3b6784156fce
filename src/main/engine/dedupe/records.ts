/** Folds rows that are identical on every compared field into one record, so repeats cost nothing downstream. */
import { mix32, murmur32 } from '../hash.js';
import type { FieldColumn } from './columns.js';

export interface Records {
  /** Row position → record index. */
  recordOf: Int32Array;
  /** Record index → first row position holding it; ascending. */
  firstRow: Int32Array;
  /** Record index → number of rows folded into it. */
  size: Int32Array;
  /** 1 for records whose compared fields are all missing: no evidence, never matched. */
  blank: Uint8Array;
}

/**
 * Open-addressing hash table over the rows' normalised value codes. Rows whose compared fields are
 * all missing are not folded together: two blank rows share no evidence of being the same entity.
 */
export function groupIdentical(columns: readonly FieldColumn[], n: number): Records {
  const k = columns.length;
  let size = 1;
  while (size < n * 2) size <<= 1;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  const recordOf = new Int32Array(n);
  const first: number[] = [];
  const blank: number[] = [];
  const sameRow = (a: number, b: number): boolean => {
    for (let f = 0; f < k; f++) {
      const c = (columns[f] as FieldColumn).codes;
      if (c[a] !== c[b]) return false;
    }
    return true;
  };
  for (let i = 0; i < n; i++) {
    let h = 0x9e3779b9;
    let present = 0;
    for (let f = 0; f < k; f++) {
      const code = (columns[f] as FieldColumn).codes[i] as number;
      if (code >= 0) present++;
      h = mix32((h ^ (code + 1)) >>> 0, 0x85ebca6b + f);
    }
    if (present === 0) {
      recordOf[i] = first.length;
      first.push(i);
      blank.push(1);
      continue;
    }
    let slot = h & mask;
    for (;;) {
      const rec = table[slot] as number;
      if (rec < 0) {
        table[slot] = first.length;
        recordOf[i] = first.length;
        first.push(i);
        blank.push(0);
        break;
      }
      if (sameRow(first[rec] as number, i)) {
        recordOf[i] = rec;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const sizes = new Int32Array(first.length);
  for (let i = 0; i < n; i++) sizes[recordOf[i] as number] = (sizes[recordOf[i] as number] as number) + 1;
  return { recordOf, firstRow: Int32Array.from(first), size: sizes, blank: Uint8Array.from(blank) };
}

/**
 * A permutation of the records (record → position) that depends on their content, not on where they
 * are in the input: records ordered by a hash of their normalised values (ties, which need a hash
 * collision between different records, by index). Blocking passes break ties in this order so their
 * candidates do not depend on the input order.
 */
export function contentOrder(columns: readonly FieldColumn[], records: Records): Int32Array {
  const n = records.firstRow.length;
  const valueHash = columns.map((c, f) => Int32Array.from(c.norm, (v) => murmur32(v, 0x2545f491 + f)));
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashScale = 2 ** Math.min(32, 52 - idxBits);
  const keyScale = 2 ** idxBits;
  const keys = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const row = records.firstRow[r] as number;
    let h = 0x811c9dc5;
    for (let f = 0; f < columns.length; f++) {
      const code = (columns[f] as FieldColumn).codes[row] as number;
      h = mix32((h ^ (code < 0 ? 0x5bd1e995 : ((valueHash[f] as Int32Array)[code] as number))) >>> 0, 0x27d4eb2f + f);
    }
    keys[r] = ((h >>> 0) % hashScale) * keyScale + r;
  }
  keys.sort();
  const pos = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const v = keys[p] as number;
    pos[v - Math.floor(v / keyScale) * keyScale] = p;
  }
  return pos;
}
