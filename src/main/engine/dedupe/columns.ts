/** Compact, dictionary-encoded storage of one dedupe field's values, plus the derived forms verification needs. */
import type { Cell } from '../table.js';
import { EngineError } from '../errors.js';
import type { DedupeField } from './types.js';
import { kindForType, normalizeValue, numericValue, type ComparatorKind } from './normalize.js';

/** Growable Int32Array: one code per row without a JS array of boxed values. */
export class IntVec {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * One field's values: each distinct raw text is stored once and rows hold its code (-1 = missing).
 * After `finalize`, each row also has a code into the distinct normalised values, which is what
 * comparisons use: equal codes mean equal after normalisation, and per-value work (parsing,
 * tokenising) is done once per distinct value rather than once per row.
 */
export class FieldColumn {
  readonly name: string;
  readonly field: DedupeField;
  kind: ComparatorKind | null;
  private readonly rawCodes = new IntVec();
  private rawIndex: Map<string, number> | null = new Map();
  readonly rawDict: string[] = [];
  /** Row → normalised value id, -1 when missing. Valid after finalize. */
  codes: Int32Array = new Int32Array(0);
  /** Normalised value id → string. */
  norm: string[] = [];
  /** Normalised value id → number of rows holding it. */
  freq: Int32Array = new Int32Array(0);
  /** Normalised value id → numeric axis (numbers, dates), NaN when absent. */
  num: Float64Array = new Float64Array(0);
  /** Tokens (kind 'tokens'): per value id a sorted, distinct run of token ids in tokIds. */
  tokStart: Int32Array = new Int32Array(1);
  tokIds: Int32Array = new Int32Array(0);
  tokens: string[] = [];
  idf: Float32Array = new Float32Array(0);
  /** Robust spread of the numeric axis (p90 − p10 over rows), for closeness. */
  spread = 0;
  nonMissing = 0;

  constructor(field: DedupeField) {
    this.name = field.name;
    this.field = field;
    this.kind = kindForType(field.type);
  }

  get rows(): number {
    return this.rawCodes.length;
  }

  add(cells: readonly Cell[], length: number): void {
    const index = this.rawIndex;
    if (!index) throw new EngineError('INTERNAL', 'FieldColumn.add after finalize');
    for (let r = 0; r < length; r++) {
      const v = cells[r];
      if (v === null || v === undefined) {
        this.rawCodes.push(-1);
        continue;
      }
      const text = typeof v === 'string' ? v : String(v);
      let code = index.get(text);
      if (code === undefined) {
        code = this.rawDict.length;
        this.rawDict.push(text);
        index.set(text, code);
      }
      this.rawCodes.push(code);
    }
  }

  /** The cleaned value of a row as it was given, or null. */
  rawValue(row: number): string | null {
    const c = this.rawCodes.data[row] as number;
    return c < 0 ? null : (this.rawDict[c] as string);
  }

  /** Builds normalised codes and per-value derived data; the raw index is dropped to free memory. */
  finalize(): void {
    this.rawIndex = null;
    const n = this.rawCodes.length;
    const raw = this.rawCodes.data;
    const kind = this.kind;
    // Shared memory: worker threads scoring candidate pairs read the codes without a copy.
    this.codes = new Int32Array(new SharedArrayBuffer(n * 4)).fill(-1);
    if (kind === null) return;
    const rawToNorm = new Int32Array(this.rawDict.length);
    const normIndex = new Map<string, number>();
    const normRaw: string[] = [];
    for (let c = 0; c < this.rawDict.length; c++) {
      const r = this.rawDict[c] as string;
      const v = normalizeValue(kind, r);
      if (v === '') {
        rawToNorm[c] = -1;
        continue;
      }
      let id = normIndex.get(v);
      if (id === undefined) {
        id = this.norm.length;
        this.norm.push(v === r ? r : v);
        normRaw.push(r);
        normIndex.set(v, id);
      }
      rawToNorm[c] = id;
    }
    const freq = new Int32Array(this.norm.length);
    let nonMissing = 0;
    for (let i = 0; i < n; i++) {
      const c = raw[i] as number;
      const id = c < 0 ? -1 : (rawToNorm[c] as number);
      this.codes[i] = id;
      if (id >= 0) {
        freq[id] = (freq[id] as number) + 1;
        nonMissing++;
      }
    }
    this.freq = freq;
    this.nonMissing = nonMissing;
    if (kind === 'number' || kind === 'date') this.buildNumeric(normRaw);
    if (kind === 'name' && this.meanTokens() >= 1.5) this.kind = 'tokens';
    if (this.kind === 'tokens') this.buildTokens();
  }

  /** Mean word count over rows, to tell multi-word text (addresses, titles) from names. */
  private meanTokens(): number {
    let words = 0;
    for (let id = 0; id < this.norm.length; id++) {
      const s = this.norm[id] as string;
      let w = 1;
      for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 32) w++;
      words += w * (this.freq[id] as number);
    }
    return this.nonMissing === 0 ? 0 : words / this.nonMissing;
  }

  private buildNumeric(normRaw: string[]): void {
    const kind = this.kind as ComparatorKind;
    const num = new Float64Array(this.norm.length);
    for (let id = 0; id < num.length; id++) num[id] = numericValue(kind, this.norm[id] as string, normRaw[id] as string);
    this.num = num;
    // Spread from the value distribution weighted by row counts, so closeness means "close for this column".
    const order = Array.from({ length: num.length }, (_, i) => i).filter((i) => !Number.isNaN(num[i]));
    order.sort((a, b) => (num[a] as number) - (num[b] as number));
    let total = 0;
    for (const id of order) total += this.freq[id] as number;
    const quantile = (q: number): number => {
      let acc = 0;
      for (const id of order) {
        acc += this.freq[id] as number;
        if (acc >= q * total) return num[id] as number;
      }
      return 0;
    };
    this.spread = total === 0 ? 0 : quantile(0.9) - quantile(0.1);
  }

  private buildTokens(): void {
    const tokIndex = new Map<string, number>();
    const df: number[] = [];
    const start = new Int32Array(this.norm.length + 1);
    const ids = new IntVec(this.norm.length * 4 + 16);
    for (let id = 0; id < this.norm.length; id++) {
      start[id] = ids.length;
      const words = (this.norm[id] as string).split(' ');
      const local: number[] = [];
      for (const w of words) {
        if (w === '') continue;
        let t = tokIndex.get(w);
        if (t === undefined) {
          t = this.tokens.length;
          this.tokens.push(w);
          tokIndex.set(w, t);
          df.push(0);
        }
        local.push(t);
      }
      local.sort((a, b) => a - b);
      let prev = -1;
      for (const t of local) {
        if (t === prev) continue;
        prev = t;
        ids.push(t);
        df[t] = (df[t] as number) + (this.freq[id] as number);
      }
    }
    start[this.norm.length] = ids.length;
    this.tokStart = start;
    this.tokIds = ids.view().slice();
    const idf = new Float32Array(this.tokens.length);
    const docs = Math.max(1, this.nonMissing);
    for (let t = 0; t < idf.length; t++) idf[t] = Math.log((docs + 1) / ((df[t] as number) + 0.5));
    this.idf = idf;
  }

  /** Distinct non-missing values equal non-missing rows, and the values look like keys (no spaces, digits or codes). */
  isUniqueKeyLike(): boolean {
    if (this.nonMissing < 2 || this.norm.length !== this.nonMissing) return false;
    if (this.field.type === 'identifier') return true;
    // Too few rows to tell a key from a column whose values just happen not to repeat yet.
    if (this.nonMissing < 20) return false;
    let keyLike = 0;
    for (const s of this.norm) if (!s.includes(' ') && /\d/.test(s)) keyLike++;
    return keyLike >= 0.95 * this.norm.length;
  }
}

