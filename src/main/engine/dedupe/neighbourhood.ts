/** Sorted-neighbourhood blocking: records sorted by one discriminating field, each paired with its next few. */
import type { FieldColumn } from './columns.js';
import type { PairBuffer } from './candidates.js';
import type { Records } from './records.js';
import { pause } from './pause.js';

/**
 * The fields most worth sorting on: those whose values tell records apart best (highest share of
 * distinct values among non-missing rows), skipping fields with too few distinct values to sort
 * anything useful together.
 */
export function neighbourhoodFields(columns: readonly FieldColumn[], count: number): FieldColumn[] {
  return columns
    .filter((c) => c.kind !== 'boolean' && c.nonMissing > 0 && c.norm.length >= Math.sqrt(c.nonMissing))
    .map((c) => ({ c, ratio: c.norm.length / c.nonMissing }))
    .sort((a, b) => b.ratio - a.ratio || a.c.name.localeCompare(b.c.name))
    .slice(0, count)
    .map((x) => x.c);
}

/**
 * Multi-pass sorted neighbourhood (Hernández & Stolfo): one pass per field, records ordered by the
 * field's normalised value, each paired with the next `window` records that have a value. It catches
 * duplicates whose other fields changed so much that their shingle sets drifted apart but that still
 * share one field exactly or up to its tail; its cost is records × window per pass, never quadratic.
 */
export async function neighbourhoodCandidates(
  fields: readonly FieldColumn[], records: Records, window: number, out: PairBuffer, signal?: AbortSignal, tieOrder?: Int32Array,
): Promise<void> {
  const n = records.firstRow.length;
  // Records sharing a value follow tieOrder (contentOrder: by content, so the input order does not matter).
  const byPosition = new Int32Array(n);
  if (tieOrder) for (let r = 0; r < n; r++) byPosition[tieOrder[r] as number] = r;
  const record = (slot: number): number => (tieOrder ? (byPosition[slot] as number) : slot);
  for (const col of fields) {
    // Rank distinct values once; records then sort by integer rank.
    const ids = Array.from({ length: col.norm.length }, (_, i) => i);
    ids.sort((a, b) => {
      const x = col.norm[a] as string;
      const y = col.norm[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rank = new Int32Array(col.norm.length);
    ids.forEach((id, r) => (rank[id] = r));
    const keyScale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
    const order = new Float64Array(n);
    let m = 0;
    for (let r = 0; r < n; r++) {
      if (records.blank[r] === 1) continue;
      const code = col.codes[records.firstRow[r] as number] as number;
      if (code < 0) continue;
      order[m++] = (rank[code] as number) * keyScale + (tieOrder ? (tieOrder[r] as number) : r);
    }
    const sorted = order.subarray(0, m).sort();
    for (let x = 0; x < m; x++) {
      const v = sorted[x] as number;
      const i = record(v - Math.floor(v / keyScale) * keyScale);
      const last = Math.min(m, x + 1 + window);
      for (let y = x + 1; y < last; y++) {
        const w = sorted[y] as number;
        const j = record(w - Math.floor(w / keyScale) * keyScale);
        out.push(i < j ? i * n + j : j * n + i);
      }
    }
    out.maybeCompact();
    await pause(signal);
  }
}
