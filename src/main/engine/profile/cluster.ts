/** Category-variant clustering after OpenRefine: fingerprint and n-gram key collision, then guarded edit distance. */
import type { AliasCluster, ValueCount } from '../../../shared/profile.js';
import { collapseWhitespace, fingerprintKey, levenshtein, ngramFingerprintKey } from '../formats/text.js';
import { compareValueCounts } from './heavy.js';

export interface ClusterOptions {
  /** Columns with more distinct values than this are not clustered. @default 5000 */
  maxDistinct?: number;
  /** Join rare misspellings to a much more frequent value within a small edit distance. @default true */
  editDistance?: boolean;
  /** A misspelling joins a value at least this many times as frequent. @default 5 */
  minRatio?: number;
  /** @default 200 */
  maxClusters?: number;
}

/** Numbers with their inner separators: '1.5', '1,5' and '15' stay three different guards. */
const DIGIT_RUNS = /\d+(?:[.,:/-]\d+)*/g;
const HAS_DIGIT = /\d/;
/** Blocks up to this size are compared pairwise; larger ones only within a sliding window. */
const FULL_BLOCK = 200;
const WINDOW = 20;
/** Longer values are prose or blobs, not spellings of a category; keying them costs time and memory in proportion to their length. */
const MAX_VALUE_LENGTH = 256;

/**
 * Allowed edit distance for keys whose shorter side has `len` characters: none below 4 (codes
 * such as 'CA'/'CO' or 'vic'/'vid' are too close to tell apart), 1 up to 8, 2 beyond.
 */
export function editThreshold(len: number): number {
  if (len < 4) return 0;
  return len <= 8 ? 1 : 2;
}

interface Group {
  key: string;
  members: ValueCount[];
  total: number;
  digits: string;
  method: AliasCluster['method'];
  /** Index of the group this one was folded into (n-gram or edit distance), or -1. */
  parent: number;
}

function digitsOf(s: string): string {
  return (s.match(DIGIT_RUNS) ?? []).join(',');
}

function find(groups: Group[], i: number): number {
  let r = i;
  while ((groups[r] as Group).parent >= 0) r = (groups[r] as Group).parent;
  return r;
}

/** Most frequent; ties prefer a variant already trimmed and single-spaced, then code-unit order. */
function pickCanonical(members: readonly ValueCount[]): string {
  let best = members[0] as ValueCount;
  for (const m of members) {
    if (m.count !== best.count) {
      if (m.count > best.count) best = m;
      continue;
    }
    const mClean = collapseWhitespace(m.value.trim()) === m.value;
    const bClean = collapseWhitespace(best.value.trim()) === best.value;
    if (mClean !== bClean ? mClean : m.value < best.value) best = m;
  }
  return best.value;
}

/**
 * Clusters spelling variants of one column's values. Key collision never merges values whose
 * numbers differ ('1.5' vs '15' vs '1,5', 'unit 3' vs 'unit 4'); edit distance ignores values with
 * digits altogether and only attaches a value to a center at least `minRatio` times as frequent,
 * star-wise (no chains), so two common, similar, genuinely different values stay apart.
 */
export function clusterValues(values: readonly ValueCount[], opts: ClusterOptions = {}): AliasCluster[] {
  const maxDistinct = opts.maxDistinct ?? 5000;
  if (values.length < 2 || values.length > maxDistinct) return [];
  const byKey = new Map<string, number>();
  const groups: Group[] = [];
  for (const vc of values) {
    if (vc.value.length > MAX_VALUE_LENGTH || vc.value.trim().length === 0) continue;
    const fp = fingerprintKey(vc.value);
    if (fp.length === 0) continue;
    const digits = digitsOf(vc.value);
    const k = `${fp}\u0001${digits}`;
    let gi = byKey.get(k);
    if (gi === undefined) {
      gi = groups.length;
      byKey.set(k, gi);
      groups.push({ key: fp, members: [], total: 0, digits, method: 'fingerprint', parent: -1 });
    }
    const g = groups[gi] as Group;
    g.members.push(vc);
    g.total += vc.count;
  }
  mergeNgrams(groups);
  if (opts.editDistance ?? true) attachMisspellings(groups, opts.minRatio ?? 5);

  const clusters = new Map<number, { members: ValueCount[]; method: AliasCluster['method'] }>();
  for (let i = 0; i < groups.length; i++) {
    const root = find(groups, i);
    const g = groups[i] as Group;
    let c = clusters.get(root);
    if (!c) {
      c = { members: [], method: 'fingerprint' };
      clusters.set(root, c);
    }
    c.members.push(...g.members);
    if (g.method === 'edit-distance' || (g.method === 'ngram-fingerprint' && c.method === 'fingerprint')) c.method = g.method;
  }
  const out: AliasCluster[] = [];
  for (const c of clusters.values()) {
    if (c.members.length < 2) continue;
    const variants = c.members.slice().sort(compareValueCounts);
    out.push({ canonical: pickCanonical(variants), variants, method: c.method });
  }
  out.sort((a, b) => total(b) - total(a) || (a.canonical < b.canonical ? -1 : a.canonical > b.canonical ? 1 : 0));
  return out.slice(0, opts.maxClusters ?? 200);
}

function total(c: AliasCluster): number {
  let n = 0;
  for (const v of c.variants) n += v.count;
  return n;
}

/** OpenRefine's second keyer: 'newyork' and 'new york' share bigrams. Only for keys of 5+ letters of equal length. */
function mergeNgrams(groups: Group[]): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Group;
    const compact = g.key.replace(/ /g, '');
    if (compact.length < 5) continue;
    for (const m of g.members) {
      const k = `${ngramFingerprintKey(m.value)}\u0001${compact.length}\u0001${g.digits}`;
      const j = seen.get(k);
      if (j === undefined) {
        seen.set(k, i);
        continue;
      }
      const a = find(groups, j);
      const b = find(groups, i);
      if (a === b) continue;
      // The larger group stays the root so the canonical side is stable.
      const [root, child] = (groups[a] as Group).total >= (groups[b] as Group).total ? [a, b] : [b, a];
      (groups[child] as Group).parent = root;
      (groups[child] as Group).method = 'ngram-fingerprint';
      (groups[root] as Group).total += (groups[child] as Group).total;
    }
  }
}

function attachMisspellings(groups: Group[], minRatio: number): void {
  const roots: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as Group;
    if (g.parent < 0 && !HAS_DIGIT.test(g.key) && g.key.length >= 4) roots.push(i);
  }
  const neighbours = candidatePairs(groups, roots);
  roots.sort((a, b) => {
    const ga = groups[a] as Group;
    const gb = groups[b] as Group;
    return gb.total - ga.total || (ga.key < gb.key ? -1 : ga.key > gb.key ? 1 : 0);
  });
  const center = new Set<number>();
  for (const i of roots) {
    const g = groups[i] as Group;
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (const [j, d] of neighbours.get(i) ?? []) {
      if (!center.has(j)) continue;
      const h = groups[j] as Group;
      if (h.total < minRatio * g.total) continue;
      const b = best >= 0 ? (groups[best] as Group) : undefined;
      if (d < bestD || (d === bestD && b !== undefined && (h.total > b.total || (h.total === b.total && h.key < b.key)))) {
        best = j;
        bestD = d;
      }
    }
    if (best >= 0) {
      g.parent = best;
      g.method = 'edit-distance';
    } else center.add(i);
  }
}

/** Blocking: same first two key characters (sliding window in big blocks), plus a window over reversed keys. */
function candidatePairs(groups: Group[], ids: number[]): Map<number, [number, number][]> {
  const out = new Map<number, [number, number][]>();
  const tried = new Set<string>();
  const consider = (a: number, b: number): void => {
    const pk = a < b ? `${a},${b}` : `${b},${a}`;
    if (tried.has(pk)) return;
    tried.add(pk);
    const ka = (groups[a] as Group).key;
    const kb = (groups[b] as Group).key;
    const max = editThreshold(Math.min(ka.length, kb.length));
    if (max === 0 || Math.abs(ka.length - kb.length) > max) return;
    const d = levenshtein(ka, kb, max);
    if (d > max) return;
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let l = out.get(x);
      if (!l) out.set(x, (l = []));
      l.push([y, d]);
    }
  };
  const blocks = new Map<string, number[]>();
  for (const i of ids) {
    const p = (groups[i] as Group).key.slice(0, 2);
    let b = blocks.get(p);
    if (!b) blocks.set(p, (b = []));
    b.push(i);
  }
  const keyOf = (i: number): string => (groups[i] as Group).key;
  for (const b of blocks.values()) {
    b.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : keyOf(x) > keyOf(y) ? 1 : 0));
    const w = b.length <= FULL_BLOCK ? b.length : WINDOW;
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < Math.min(b.length, i + w); j++) consider(b[i] as number, b[j] as number);
  }
  const rev = ids.map((i) => ({ i, r: [...keyOf(i)].reverse().join('') }));
  rev.sort((x, y) => (x.r < y.r ? -1 : x.r > y.r ? 1 : 0));
  for (let i = 0; i < rev.length; i++) {
    for (let j = i + 1; j < Math.min(rev.length, i + WINDOW); j++) consider((rev[i] as { i: number }).i, (rev[j] as { i: number }).i);
  }
  return out;
}
