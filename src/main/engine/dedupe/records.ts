/** Folds rows that are identical on every compared field into one record, so repeats cost nothing downstream. */
import { mix32 } from '../hash.js';
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
