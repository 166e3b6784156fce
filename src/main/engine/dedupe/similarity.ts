/** String similarity kernels for pair verification, written to allocate nothing per call. */

// Scratch buffers shared by the kernels; they grow to the longest string seen and are reused.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);
const usedB = new Uint8Array(256);

function ensureScratch(n: number): void {
  if (flagsA.length >= n) return;
  let size = flagsA.length;
  while (size < n) size *= 2;
  flagsA = new Uint8Array(size);
  flagsB = new Uint8Array(size);
  rowPrev = new Int32Array(size + 1);
  rowCur = new Int32Array(size + 1);
}

/** Jaro similarity, 0–1. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  ensureScratch(Math.max(la, lb) + 1);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let transpositions = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro–Winkler similarity (prefix scale 0.1, prefix up to 4), 0–1. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const n = Math.min(4, a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return j + p * 0.1 * (1 - j);
}

/** Levenshtein distance with unit costs. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  ensureScratch(lb + 1);
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const sub = (prev[j - 1] as number) + (b.charCodeAt(j - 1) === c ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

/**
 * Levenshtein distance when it is at most `max`, else max + 1: only the diagonal band |i − j| ≤ max
 * is filled and the scan stops once a whole row exceeds max, O(len · max) instead of O(len²).
 */
export function levenshteinWithin(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  const over = max + 1;
  if (Math.abs(la - lb) > max) return over;
  if (max >= Math.max(la, lb)) return Math.min(levenshtein(a, b), over);
  ensureScratch(lb + 1);
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j <= lb; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= la; i++) {
    const lo = i - max > 1 ? i - max : 1;
    const hi = i + max < lb ? i + max : lb;
    // Cells left of the band (and column 0 once i > max) are out of reach: over.
    cur[lo - 1] = lo === 1 && i <= max ? i : over;
    let rowMin = cur[lo - 1] as number;
    const c = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const sub = (prev[j - 1] as number) + (b.charCodeAt(j - 1) === c ? 0 : 1);
      const del = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      let v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      if (v > over) v = over;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // The next row reads one cell right of this band: out of reach.
    if (hi < lb) cur[hi + 1] = over;
    if (rowMin > max) return over;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[lb] as number;
  return d > max ? over : d;
}

/** 1 − Levenshtein distance / longer length, 0–1. */
export function levenshteinSimilarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - levenshtein(a, b) / n;
}

/** Whether b is a with exactly one adjacent transposition (a common keying error). */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  const n = a.length;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i + 1 >= n) return false;
  if (a.charCodeAt(i) !== b.charCodeAt(i + 1) || a.charCodeAt(i + 1) !== b.charCodeAt(i)) return false;
  for (let k = i + 2; k < n; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}

/**
 * Soft TF-IDF over two sorted, distinct token-id lists: exact token matches count their IDF weight,
 * leftover tokens pair up greedily (word similarity ≥ `fuzzyMin`, initials match their word) and
 * count weight × similarity. Rare tokens decide and stop words barely count. The score is the mean of
 * the weighted Jaccard (shared over union) and the weighted containment (shared over the lighter
 * side), so a value that is a truncated form of the other (an author list cut to its first names, a
 * title without its "(demo abstract)") sits between a mismatch and an equal value.
 */
export function softTfIdf(
  ids: Int32Array, aStart: number, aEnd: number, bStart: number, bEnd: number,
  idf: Float32Array, tokens: readonly string[], fuzzyMin: number,
): number {
  let i = aStart;
  let j = bStart;
  let shared = 0;
  let union = 0;
  let weightA = 0;
  let weightB = 0;
  let unA = 0;
  let unB = 0;
  // First pass: merge the sorted lists for exact matches and count the leftovers.
  while (i < aEnd && j < bEnd) {
    const x = ids[i] as number;
    const y = ids[j] as number;
    if (x === y) {
      const w = idf[x] as number;
      shared += w;
      weightA += w;
      weightB += w;
      i++;
      j++;
    } else if (x < y) {
      weightA += idf[x] as number;
      unA++;
      i++;
    } else {
      weightB += idf[y] as number;
      unB++;
      j++;
    }
  }
  for (; i < aEnd; i++, unA++) weightA += idf[ids[i] as number] as number;
  for (; j < bEnd; j++, unB++) weightB += idf[ids[j] as number] as number;
  union = weightA + weightB - shared;
  if (union <= 0) return 0;
  // Fuzzy pass only for the few leftovers, so typos in a word still count; bounded to keep it cheap.
  if (unA > 0 && unB > 0 && unA * unB <= 64 && bEnd - bStart <= usedB.length) {
    usedB.fill(0, 0, bEnd - bStart);
    for (let p = aStart; p < aEnd; p++) {
      const x = ids[p] as number;
      if (containsSorted(ids, bStart, bEnd, x)) continue;
      const tx = tokens[x] as string;
      let best = 0;
      let bestW = 0;
      let bestQ = bStart;
      for (let q = bStart; q < bEnd; q++) {
        const y = ids[q] as number;
        if (usedB[q - bStart] === 1 || containsSorted(ids, aStart, aEnd, y)) continue;
        const s = tokenSimilarity(tx, tokens[y] as string);
        if (s > best) {
          best = s;
          bestQ = q;
          bestW = idf[y] as number;
        }
      }
      if (best >= fuzzyMin) {
        usedB[bestQ - bStart] = 1;
        // The matched pair counts once, with the lighter weight, in both the union and the shared part.
        const w = Math.min(idf[x] as number, bestW);
        shared += w * best;
        union -= w;
      }
    }
  }
  const jaccard = union <= 0 ? 1 : Math.min(1, shared / union);
  const lighter = Math.min(weightA, weightB);
  const containment = lighter <= 0 ? 0 : Math.min(1, shared / lighter);
  return (jaccard + containment) / 2;
}

/** Jaro–Winkler between words, with an initial ("m") matching a word it starts ("maria"). */
function tokenSimilarity(x: string, y: string): number {
  if (x.length === 1 || y.length === 1) return x.charCodeAt(0) === y.charCodeAt(0) ? 0.9 : 0;
  return jaroWinkler(x, y);
}

function containsSorted(ids: Int32Array, start: number, end: number, v: number): boolean {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = ids[mid] as number;
    if (m === v) return true;
    if (m < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
