/** Seeded synthetic person table with known duplicates, for speed and sanity runs at any size. */
import { mix32, seedFromSalt } from '../src/main/engine/hash.js';
import type { EvalTable } from './evalLib.js';

// Consonant–vowel(–consonant) syllables: about 1,700, so names have a realistic spread of letter trigrams.
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'ch', 'cl', 'dr', 'gr', 'sh', 'st', 'th', 'tr'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'th', 'ck', 'm', 'x'];
const SYLLABLES = ONSETS.flatMap((o) => VOWELS.flatMap((v) => CODAS.map((c) => o + v + c))).filter((s, i, all) => all.indexOf(s) === i);
const STREETS = ['street', 'road', 'avenue', 'crescent', 'place', 'circuit', 'close', 'drive'];
const STATES = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];
const COLUMNS = ['given_name', 'surname', 'street_number', 'address', 'suburb', 'postcode', 'state', 'date_of_birth', 'phone'];

class Rng {
  private i = 0;
  constructor(private readonly seed: number) {}
  next(): number {
    return mix32(++this.i, this.seed) / 0x100000000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
}

function word(rng: Rng, parts: number): string {
  let s = '';
  for (let p = 0; p < parts; p++) s += rng.pick(SYLLABLES);
  return s;
}

function typo(rng: Rng, s: string): string {
  if (s.length < 2) return s + 'a';
  const i = rng.int(s.length - 1);
  switch (rng.int(4)) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + String.fromCharCode(97 + rng.int(26)) + s.slice(i + 1);
    case 2: return s.slice(0, i) + (s[i + 1] ?? '') + (s[i] ?? '') + s.slice(i + 2);
    default: return s.slice(0, i) + String.fromCharCode(97 + rng.int(26)) + s.slice(i);
  }
}

/** n rows: about 80% originals, the rest 1–3 corrupted copies of an original; rows shuffled. */
export function syntheticPeople(n: number, salt: string): EvalTable {
  const rng = new Rng(seedFromSalt(salt));
  const given = Array.from({ length: 2000 }, () => word(rng, 2));
  const sur = Array.from({ length: 20000 }, () => word(rng, 2 + rng.int(2)));
  const suburbs = Array.from({ length: 3000 }, () => word(rng, 3));
  const records: { values: (string | null)[]; entity: number }[] = [];
  const originals = Math.round(n * 0.8);
  for (let e = 0; e < originals; e++) {
    const y = 1930 + rng.int(80);
    const m = 1 + rng.int(12);
    const d = 1 + rng.int(28);
    records.push({
      entity: e,
      values: [
        rng.pick(given), rng.pick(sur), String(1 + rng.int(300)), `${word(rng, 3)} ${rng.pick(STREETS)}`,
        rng.pick(suburbs), String(2000 + rng.int(7000)), rng.pick(STATES),
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, `0${4 + rng.int(5)}${String(rng.int(1e8)).padStart(8, '0')}`,
      ],
    });
  }
  while (records.length < n) {
    const src = records[rng.int(originals)] as (typeof records)[number];
    const values = [...src.values];
    const edits = 1 + rng.int(3);
    for (let k = 0; k < edits; k++) {
      const c = rng.int(values.length);
      const v = values[c];
      if (v === null || v === undefined) continue;
      const r = rng.next();
      values[c] = r < 0.15 ? null : typo(rng, v);
    }
    records.push({ entity: src.entity, values });
  }
  // Deterministic shuffle so duplicates are not adjacent to their originals.
  for (let i = records.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [records[i], records[j]] = [records[j] as (typeof records)[number], records[i] as (typeof records)[number]];
  }
  const byEntity = new Map<number, number[]>();
  records.forEach((r, i) => {
    const list = byEntity.get(r.entity) ?? [];
    list.push(i + 1);
    byEntity.set(r.entity, list);
  });
  const truth = new Set<string>();
  for (const list of byEntity.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) truth.add(`${list[x]},${list[y]}`);
  }
  return {
    name: `synthetic-${n}`,
    names: COLUMNS,
    columns: COLUMNS.map((_, c) => records.map((r) => r.values[c] ?? null)),
    rows: records.length,
    truth,
  };
}
