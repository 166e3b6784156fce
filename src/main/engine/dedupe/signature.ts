/** Row identity across runs: an exact key over cleaned values and a MinHash signature independent of the run and its salt. */
import { hash64, mix32, murmur32 } from '../hash.js';
import { cellText, type Cell } from '../table.js';
import { shingles } from './minhash.js';
import { kindForType, normalizeValue, type ComparatorKind } from './normalize.js';
import type { DedupeField } from './types.js';

/** Bands × rows of the stored signatures: a pair of Jaccard similarity s shares a band with probability 1 − (1 − s³)²⁰ (0.74 at 0.4, 0.93 at 0.5). */
export const SIGNATURE_BANDS = 20;
export const SIGNATURE_ROWS = 3;
export const SIGNATURE_SIZE = SIGNATURE_BANDS * SIGNATURE_ROWS;
/** A band value shared by more recorded rows than this says little; only its earliest rows are candidates. */
export const BAND_BUCKET_CAP = 256;

/** Fixed, not from the salt: runs cleaned with different salts must still recognise each other's rows. */
const SEED = 0x5eed1e55;
/** Distinct values per field whose signatures are memoised. */
const CACHE_VALUES = 1 << 16;

const HASH_SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, q) => mix32(q + 1, SEED ^ 0x7f4a7c15));

/** The band keys of a signature, one 32-bit value per band. */
export function bandKeys(sig: Uint32Array): Uint32Array {
  const out = new Uint32Array(SIGNATURE_BANDS);
  for (let b = 0; b < SIGNATURE_BANDS; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let q = 0; q < SIGNATURE_ROWS; q++) h = mix32((h ^ (sig[b * SIGNATURE_ROWS + q] as number)) >>> 0, 0x27d4eb2f);
    out[b] = h;
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures: the share of positions that agree. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let q = 0; q < SIGNATURE_SIZE; q++) if (a[q] === b[q]) same++;
  return same / SIGNATURE_SIZE;
}

interface SignedField {
  name: string;
  kind: ComparatorKind | null;
  /** Few-valued fields (categories, flags) only make unrelated rows look alike, so they are not shingled. */
  shingled: boolean;
  seed: number;
  cache: Map<string, Uint32Array | null>;
}

/**
 * Computes keys, signatures and stored values of rows given as batch columns. Fields are identified by
 * name, so a later run whose columns come in another order still matches.
 */
export class RowSigner {
  private readonly fields: SignedField[];
  /** Field positions in name order, for the key. */
  private readonly byName: number[];
  private buf = new Uint32Array(256);

  constructor(fields: readonly DedupeField[]) {
    this.fields = fields.map((f) => {
      const kind = kindForType(f.type);
      return { name: f.name, kind, shingled: kind !== null && kind !== 'category' && kind !== 'boolean', seed: murmur32(f.name, SEED), cache: new Map() };
    });
    this.byName = this.fields.map((_, i) => i).sort((a, b) => {
      const x = (this.fields[a] as SignedField).name;
      const y = (this.fields[b] as SignedField).name;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  /** Exact key of row r: 16 hex digits over the field names and cleaned text values. */
  key(columns: readonly Cell[][], r: number): string {
    let text = '';
    for (const f of this.byName) {
      const v = cellText((columns[f] as Cell[])[r] ?? null);
      text += '\u0000' + (this.fields[f] as SignedField).name + (v === null ? '\u0001' : '=' + v);
    }
    const [h, l] = hash64(text, SEED);
    return h.toString(16).padStart(8, '0') + l.toString(16).padStart(8, '0');
  }

  /** MinHash of row r over its fields' normalised 3-grams (the elementwise minimum of its values' signatures); null without values. */
  signature(columns: readonly Cell[][], r: number): Uint32Array | null {
    let sig: Uint32Array | null = null;
    for (let f = 0; f < this.fields.length; f++) {
      const field = this.fields[f] as SignedField;
      if (!field.shingled) continue;
      const v = cellText((columns[f] as Cell[])[r] ?? null);
      if (v === null) continue;
      const vs = this.valueSignature(field, v);
      if (!vs) continue;
      if (!sig) sig = vs.slice();
      else for (let q = 0; q < SIGNATURE_SIZE; q++) if ((vs[q] as number) < (sig[q] as number)) sig[q] = vs[q] as number;
    }
    return sig;
  }

  /** Row r's values by field name, as stored for verification. */
  values(columns: readonly Cell[][], r: number): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    this.fields.forEach((f, i) => { out[f.name] = cellText((columns[i] as Cell[])[r] ?? null); });
    return out;
  }

  private valueSignature(field: SignedField, raw: string): Uint32Array | null {
    const hit = field.cache.get(raw);
    if (hit !== undefined) return hit;
    const norm = normalizeValue(field.kind as ComparatorKind, raw);
    let sig: Uint32Array | null = null;
    if (norm !== '') {
      if (this.buf.length < norm.length + 2) this.buf = new Uint32Array(norm.length * 2 + 2);
      const end = shingles(norm, field.seed, this.buf, 0);
      sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
      for (let j = 0; j < end; j++) {
        const h = this.buf[j] as number;
        for (let q = 0; q < SIGNATURE_SIZE; q++) {
          const x = mix32(h, HASH_SEEDS[q] as number);
          if (x < (sig[q] as number)) sig[q] = x;
        }
      }
    }
    if (field.cache.size < CACHE_VALUES) field.cache.set(raw, sig);
    return sig;
  }
}
