/** Near-duplicate finder: MinHash/LSH candidates, Fellegi–Sunter verification, pivot clustering, survivorship. */
import { EngineError } from '../errors.js';
import { seedFromSalt } from '../hash.js';
import type { DedupeBatch, DuplicateAssignment } from './types.js';
import { FieldColumn, IntVec } from './columns.js';
import { FieldComparator, levelName } from './compare.js';
import { estimateU, fitModel, isCredible, probabilityFromBits, type FsModel } from './fellegiSunter.js';
import type { LshParams } from './minhash.js';
import { PairBuffer, candidatePairs } from './candidates.js';
import { clusterReps, lookupPair } from './cluster.js';
import { groupIdentical, type Records } from './records.js';
import { Distinctiveness } from './information.js';
import { assignSurvivors } from './survivor.js';
import { buildExplanation, buildReview, type Scored, type ReviewRef } from './explain.js';
import { pause } from './pause.js';
import { PairWork, bitsFromProbability, mergeScored, recordBits, sampleStride, type ScoringPool } from './scoring.js';
import type {
  NearCluster, NearDedupeOptions, NearDedupeStats, NearDuplicateFinder, PairExplanation, ReviewPair,
} from './nearTypes.js';

export type * from './nearTypes.js';
export type { LevelName } from './compare.js';
export type { ComparatorKind } from './normalize.js';

/*
 * Pipeline of finish(), in order (each step's why is at its code):
 *  1. normalise each field once per distinct value (columns.ts), drop unique key-like fields;
 *  2. fold rows equal on every compared field into one record (records.ts);
 *  3. candidates = LSH over MinHash of field-prefixed 3-grams (minhash.ts, candidates.ts)
 *     ∪ sorted-neighbourhood passes on the most distinct fields (neighbourhood.ts), each record
 *     keeping its closest by signature agreement (candidates.ts);
 *  4. compare a spread sample of candidates field by field into levels (compare.ts, scoring.ts);
 *  5. Fellegi–Sunter: u from random pairs, then EM for m, u and λ on that sample, checked for
 *     describing duplicates at all, else a conservative prior m (fellegiSunter.ts);
 *  6. score every candidate, skipping fields once a pair cannot reach the review band (scoring.ts);
 *  7. pivot clustering over completed components, no confident non-match inside a cluster (cluster.ts);
 *  8. survivorship and assignments (survivor.ts); review pairs and explanations (explain.ts).
 * Memory: per field an Int32Array of codes per row plus its distinct values; band keys and signature
 * fingerprints (bands × 4 + bands × rows bytes per record, freed after candidates); 16 bytes per candidate pair (key, probability).
 */

const DEFAULTS = {
  threshold: 0.9,
  reviewThreshold: 0.5,
  survivor: 'most-complete',
  lshThreshold: 0.4,
  maxHashes: 150,
  maxBucket: 8,
  bucketWindow: 3,
  maxShingleShare: 0.02,
  completionCap: 50,
  neighbourhoodFields: 3,
  neighbourhoodWindow: 2,
  uSamples: 20_000,
  emSample: 200_000,
  maxIterations: 200,
} as const;

/** Pair keys are i·n + j in doubles, exact while n² < 2^53. */
const MAX_ROWS = 90_000_000;

type Resolved = Required<Omit<NearDedupeOptions, 'recencyField' | 'signal'>> & Pick<NearDedupeOptions, 'recencyField' | 'signal'>;

export function createNearDuplicateFinder(opts: NearDedupeOptions): NearDuplicateFinder {
  const o: Resolved = {
    fields: opts.fields,
    salt: opts.salt,
    threshold: opts.threshold ?? DEFAULTS.threshold,
    reviewThreshold: opts.reviewThreshold ?? Math.min(DEFAULTS.reviewThreshold, opts.threshold ?? DEFAULTS.threshold),
    survivor: opts.survivor ?? DEFAULTS.survivor,
    auxiliaryFields: opts.auxiliaryFields ?? [],
    lshThreshold: opts.lshThreshold ?? DEFAULTS.lshThreshold,
    maxHashes: opts.maxHashes ?? DEFAULTS.maxHashes,
    maxBucket: opts.maxBucket ?? DEFAULTS.maxBucket,
    bucketWindow: opts.bucketWindow ?? DEFAULTS.bucketWindow,
    maxShingleShare: opts.maxShingleShare ?? DEFAULTS.maxShingleShare,
    completionCap: opts.completionCap ?? DEFAULTS.completionCap,
    neighbourhoodFields: opts.neighbourhoodFields ?? DEFAULTS.neighbourhoodFields,
    neighbourhoodWindow: opts.neighbourhoodWindow ?? DEFAULTS.neighbourhoodWindow,
    uSamples: opts.uSamples ?? DEFAULTS.uSamples,
    emSample: opts.emSample ?? DEFAULTS.emSample,
    maxIterations: opts.maxIterations ?? DEFAULTS.maxIterations,
  };
  if (opts.recencyField !== undefined) o.recencyField = opts.recencyField;
  if (opts.signal !== undefined) o.signal = opts.signal;
  validate(o);
  return new NearFinder(o);
}

function validate(o: Resolved): void {
  const problems: string[] = [];
  const names = new Set(o.fields.map((f) => f.name));
  if (names.size !== o.fields.length) problems.push('dedupe field names must be unique');
  if (!(o.threshold > 0 && o.threshold <= 1)) problems.push(`threshold must be in (0, 1], got ${o.threshold}`);
  if (!(o.reviewThreshold > 0 && o.reviewThreshold <= o.threshold)) problems.push(`reviewThreshold must be in (0, threshold], got ${o.reviewThreshold}`);
  if (!(o.lshThreshold > 0 && o.lshThreshold < 1)) problems.push(`lshThreshold must be in (0, 1), got ${o.lshThreshold}`);
  for (const [k, v] of [['maxHashes', o.maxHashes], ['maxBucket', o.maxBucket], ['bucketWindow', o.bucketWindow], ['completionCap', o.completionCap], ['neighbourhoodWindow', o.neighbourhoodWindow], ['uSamples', o.uSamples], ['emSample', o.emSample], ['maxIterations', o.maxIterations]] as const) {
    if (!Number.isInteger(v) || v < 1) problems.push(`${k} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(o.neighbourhoodFields) || o.neighbourhoodFields < 0) problems.push(`neighbourhoodFields must be a non-negative integer, got ${o.neighbourhoodFields}`);
  if (!(o.maxShingleShare > 0 && o.maxShingleShare <= 1)) problems.push(`maxShingleShare must be in (0, 1], got ${o.maxShingleShare}`);
  for (const a of o.auxiliaryFields) if (!names.has(a)) problems.push(`auxiliary field "${a}" is not one of the dedupe fields`);
  if (o.survivor === 'most-recent' && o.recencyField === undefined) problems.push('survivor "most-recent" needs a recencyField');
  if (o.recencyField !== undefined && !names.has(o.recencyField)) problems.push(`recency field "${o.recencyField}" is not one of the dedupe fields`);
  if (problems.length) throw new EngineError('INVALID_ARGUMENT', `Invalid near-duplicate options: ${problems.join('; ')}`, { details: { problems } });
}

interface State {
  comparators: FieldComparator[];
  records: Records;
  model: FsModel;
  /** Sorted record-pair keys that were scored (candidates and completion), with probabilities. */
  scored: Scored;
  review: ReviewRef[];
  clusterOfRecord: Int32Array;
  clusters: NearCluster[];
  assignments: DuplicateAssignment[];
  survivorScore: Float64Array;
  /** 1 for records of a group left unmerged because it holds no distinctive value (information.ts). */
  lowInformation: Uint8Array;
  info: Distinctiveness;
  stats: NearDedupeStats;
}

class NearFinder implements NearDuplicateFinder {
  private readonly o: Resolved;
  private readonly columns: FieldColumn[];
  private readonly rowNumbers = new IntVec();
  /** Row-number pairs to score whatever the candidates are (addCandidatePairs). */
  private readonly hints: number[] = [];
  private running: Promise<DuplicateAssignment[]> | null = null;
  private readonly steps: Record<string, number> = {};
  private state: State | null = null;

  constructor(o: Resolved) {
    this.o = o;
    this.columns = o.fields.map((f) => new FieldColumn(f));
  }

  add(batch: DedupeBatch): void {
    if (this.running) throw new EngineError('INVALID_ARGUMENT', 'Near-duplicate finder: add() after finish()');
    if (batch.columns.length !== this.columns.length) {
      throw new EngineError('BAD_INPUT', `Near-duplicate finder: batch has ${batch.columns.length} columns, expected ${this.columns.length} (${this.o.fields.map((f) => f.name).join(', ')})`);
    }
    if (batch.rows.length < batch.length) throw new EngineError('BAD_INPUT', `Near-duplicate finder: batch of ${batch.length} rows has ${batch.rows.length} row numbers`);
    let last = this.rowNumbers.length ? (this.rowNumbers.data[this.rowNumbers.length - 1] as number) : 0;
    for (let r = 0; r < batch.length; r++) {
      const row = batch.rows[r] as number;
      if (!Number.isInteger(row) || row <= last) {
        throw new EngineError('BAD_INPUT', `Near-duplicate finder: row numbers must be ascending positive integers, got ${row} after ${last}`, { location: { row } });
      }
      last = row;
    }
    if (this.rowNumbers.length + batch.length > MAX_ROWS) throw new EngineError('LIMIT_EXCEEDED', `Near-duplicate finder holds at most ${MAX_ROWS} rows`);
    this.columns.forEach((c, f) => c.add(batch.columns[f] as DedupeBatch['columns'][number], batch.length));
    for (let r = 0; r < batch.length; r++) this.rowNumbers.push(batch.rows[r] as number);
  }

  finish(signal?: AbortSignal, pool?: ScoringPool): Promise<DuplicateAssignment[]> {
    this.running ??= this.run(signal ?? this.o.signal, pool);
    return this.running;
  }

  private async run(signal: AbortSignal | undefined, pool: ScoringPool | undefined): Promise<DuplicateAssignment[]> {
    const o = this.o;
    const n = this.rowNumbers.length;
    const seed = seedFromSalt(o.salt);
    let mark = performance.now();
    const step = (name: string): void => {
      const now = performance.now();
      this.steps[name] = Math.round(now - mark);
      mark = now;
    };
    await pause(signal);
    const excluded: NearDedupeStats['excluded'] = [];
    const compared: FieldColumn[] = [];
    for (const c of this.columns) {
      c.finalize();
      if (o.auxiliaryFields.includes(c.name)) excluded.push({ field: c.name, reason: 'auxiliary' });
      else if (c.kind === null) excluded.push({ field: c.name, reason: 'untyped' });
      else if (c.nonMissing === 0) excluded.push({ field: c.name, reason: 'empty' });
      else if (c.isUniqueKeyLike()) excluded.push({ field: c.name, reason: 'unique-key' });
      else compared.push(c);
    }
    const comparators = compared.map((c) => new FieldComparator(c));
    const records = groupIdentical(compared, n);
    const nRec = records.firstRow.length;
    step('nearPrepareMs');
    await pause(signal);

    // Candidates: LSH over records ∪ sorted neighbourhoods, each record keeping its closest (candidates.ts).
    const pairs = new PairBuffer();
    const { params, fitSample } = await candidatePairs(compared, records, seed, {
      lshThreshold: o.lshThreshold, maxHashes: o.maxHashes, maxBucket: o.maxBucket, window: o.bucketWindow, maxShingleShare: o.maxShingleShare,
      neighbourhoodFields: o.neighbourhoodFields, neighbourhoodWindow: o.neighbourhoodWindow, fitSample: o.emSample,
    }, pairs, signal);
    for (let h = 0; h + 1 < this.hints.length; h += 2) {
      const ra = records.recordOf[this.position(this.hints[h] as number)] as number;
      const rb = records.recordOf[this.position(this.hints[h + 1] as number)] as number;
      if (ra !== rb) pairs.push(ra < rb ? ra * nRec + rb : rb * nRec + ra);
    }
    pairs.compact();
    const keys = pairs.view().slice();
    step('nearCandidatesMs');
    // Model: u starts from random row pairs; EM then fits m, u and the match share on the candidates,
    // because candidate non-matches were chosen for looking alike and agree far more than random pairs
    // (same authors, other paper): with u held at random-pair rates EM would call them matches.
    // EM sees an evenly spread sample of at most emSample candidates; its patterns are what it needs.
    // The sample is of the candidates from before pruning (candidates.ts, fitSample): the pruned ones
    // keep only the hardest non-matches, which would shift the model.
    const work = PairWork.open(comparators, records, pool);
    let model: FsModel;
    let credible: boolean;
    let probs: Float64Array;
    const identifying = compared.map((c) => c.norm.length >= Math.sqrt(c.nonMissing));
    try {
      const stride = sampleStride(keys.length, o.emSample);
      const sampleKeys = fitSample ?? Float64Array.from({ length: Math.ceil(keys.length / stride) }, (_, s) => keys[s * stride] as number);
      const matrix = await work.levels(sampleKeys, signal);
      const u = estimateU(comparators, n, seed ^ 0x51ed270b, o.uSamples);
      const levels = comparators.map((c) => c.levels);
      const em = { maxIterations: o.maxIterations, tolerance: 1e-6 };
      model = fitModel(matrix, sampleKeys.length, levels, u, { ...em, estimateM: true, estimateU: true });
      // When EM found some other split (see isCredible), fall back to a conservative prior: duplicates
      // agree on each field most of the time (priorM); u and λ are still fitted on the candidates.
      credible = isCredible(model, identifying);
      if (!credible) model = fitModel(matrix, sampleKeys.length, levels, u, { ...em, estimateM: false, estimateU: true });
      step('nearModelMs');
      await pause(signal);
      const floorBits = bitsFromProbability(o.reviewThreshold);
      probs = await work.score(keys, { weights: model.weights, priorWeight: model.priorWeight, floorBits }, signal);
    } finally {
      await work.close();
    }
    step('nearScoreMs');
    const scoreRecords = (i: number, j: number): number =>
      probabilityFromBits(recordBits(comparators, model, records.firstRow[i] as number, records.firstRow[j] as number));

    const clustered = await clusterReps({ n: nRec, keys, probs, threshold: o.threshold, conflictBelow: o.reviewThreshold, completionCap: o.completionCap, score: scoreRecords }, signal);
    const scored = mergeScored(keys, probs, clustered.extraKeys, clustered.extraProbs);
    step('nearClusterMs');
    // Groups that nothing singles out are left for review (information.ts): clusters, and identical rows.
    const info = new Distinctiveness(compared.filter((_, f) => identifying[f]), records);
    const lowInformation = new Uint8Array(nRec);
    const inCluster = new Uint8Array(nRec);
    const merged = clustered.clusters.filter((c) => {
      const keep = info.distinctive(c.members);
      for (const m of c.members) inCluster[m] = 1;
      if (!keep) for (const m of c.members) lowInformation[m] = 1;
      return keep;
    });
    let lowInformationGroups = clustered.clusters.length - merged.length;
    for (let r = 0; r < nRec; r++) {
      if ((records.size[r] as number) >= 2 && inCluster[r] === 0 && records.blank[r] === 0 && !info.distinctive([r])) {
        lowInformation[r] = 1;
        lowInformationGroups++;
      }
    }
    // Stored scores below the review floor may be early-exit bounds: recompute those exactly.
    const prob = (a: number, b: number): number => {
      if (a === b) return 1;
      const key = a < b ? a * nRec + b : b * nRec + a;
      const at = lookupPair(scored.keys, key);
      const stored = at >= 0 ? (scored.probs[at] as number) : -1;
      return stored >= o.reviewThreshold ? stored : scoreRecords(Math.min(a, b), Math.max(a, b));
    };
    const recency = o.recencyField === undefined ? null : (this.columns.find((c) => c.name === o.recencyField) ?? null);
    const surv = assignSurvivors({
      clusters: merged, records, columns: this.columns, rowNumbers: this.rowNumbers.view(),
      rule: o.survivor, recency, prob, lowInformation,
    });
    const review = buildReview(scored, nRec, surv.clusterOfRecord, lowInformation, o.reviewThreshold, o.threshold);
    step('nearSurvivorsMs');
    this.state = {
      comparators, records, model, scored, review, lowInformation, info,
      clusterOfRecord: surv.clusterOfRecord, clusters: surv.clusters, assignments: surv.assignments, survivorScore: surv.score,
      stats: {
        threshold: o.threshold,
        reviewThreshold: o.reviewThreshold,
        rows: n,
        records: nRec,
        candidatePairs: keys.length,
        scoredPairs: scored.keys.length,
        lsh: { bands: params.bands, rows: params.rows } satisfies LshParams,
        fields: comparators.map((c, f) => ({
          field: c.col.name,
          kind: c.kind,
          levels: Array.from({ length: c.levels }, (_, l) => levelName(c.kind, l)),
          m: Array.from(model.m[f] as Float64Array),
          u: Array.from(model.u[f] as Float64Array),
          weights: Array.from(model.weights[f] as Float64Array),
        })),
        excluded,
        model: credible ? 'em' : 'prior',
        lambda: model.lambda,
        emIterations: model.iterations,
        clusters: surv.clusters.length,
        lowInformationGroups,
        duplicateRows: surv.assignments.length - surv.clusters.length,
      },
    };
    return surv.assignments;
  }

  private ready(): State {
    if (!this.state) throw new EngineError('INVALID_ARGUMENT', 'Near-duplicate finder: call finish() first');
    return this.state;
  }

  reviewCandidates(): ReviewPair[] {
    const s = this.ready();
    // Identical rows left apart (no distinctive value): each later row against the group's first.
    const identical: { a: number; b: number }[] = [];
    for (let p = 0; p < s.records.recordOf.length; p++) {
      const rec = s.records.recordOf[p] as number;
      const first = s.records.firstRow[rec] as number;
      if (first !== p && s.lowInformation[rec] === 1) identical.push({ a: first, b: p });
    }
    const sameRecord = identical.map(({ a, b }) => {
      const e = this.explainPositions(a, b);
      return {
        rowA: e.rowA, rowB: e.rowB, probability: 1, reason: 'low-information' as const,
        fields: e.fields.map((f) => ({ field: f.field, similarity: f.similarity, level: f.level, weight: f.weight })),
      };
    });
    return [...sameRecord, ...s.review.map((r) => {
      const e = this.explainPositions(s.records.firstRow[r.a] as number, s.records.firstRow[r.b] as number);
      return {
        rowA: e.rowA, rowB: e.rowB, probability: r.probability, reason: r.reason,
        fields: e.fields.map((f) => ({ field: f.field, similarity: f.similarity, level: f.level, weight: f.weight })),
      };
    })];
  }

  explain(rowA: number, rowB: number): PairExplanation {
    this.ready();
    return this.explainPositions(this.position(rowA), this.position(rowB));
  }

  clusters(): NearCluster[] {
    return this.ready().clusters;
  }

  stats(): NearDedupeStats {
    return this.ready().stats;
  }

  timings(): Record<string, number> {
    return { ...this.steps };
  }

  addCandidatePairs(pairs: readonly (readonly [number, number])[]): void {
    if (this.running) throw new EngineError('INVALID_ARGUMENT', 'Near-duplicate finder: addCandidatePairs() after finish()');
    for (const [a, b] of pairs) {
      this.position(a);
      this.position(b);
      if (a !== b) this.hints.push(a, b);
    }
  }

  pairScore(rowA: number, rowB: number): number | null {
    const s = this.ready();
    const ra = s.records.recordOf[this.position(rowA)] as number;
    const rb = s.records.recordOf[this.position(rowB)] as number;
    if (ra === rb) return 1;
    const n = s.records.firstRow.length;
    const at = lookupPair(s.scored.keys, ra < rb ? ra * n + rb : rb * n + ra);
    if (at < 0) return null;
    // Scores below the review floor may be early-exit bounds; report the exact one.
    const p = s.scored.probs[at] as number;
    return p >= this.o.reviewThreshold ? p : this.probability(rowA, rowB);
  }

  mergesCopiesOf(row: number): boolean {
    const s = this.ready();
    const at = this.find(row);
    if (at < 0) return true;
    const rec = s.records.recordOf[at] as number;
    // Rows with every compared field missing are never matched here; their copies stay exact duplicates.
    if ((s.clusterOfRecord[rec] as number) >= 0 || s.records.blank[rec] === 1) return true;
    return s.lowInformation[rec] === 0 && s.info.distinctive([rec]);
  }

  has(row: number): boolean {
    return this.find(row) >= 0;
  }

  probability(rowA: number, rowB: number): number {
    const s = this.ready();
    const a = this.position(rowA);
    const b = this.position(rowB);
    const ra = s.records.recordOf[a] as number;
    const rb = s.records.recordOf[b] as number;
    // Blank rows are never folded together, so one record means one row or rows equal on every compared field.
    if (ra === rb) return 1;
    return probabilityFromBits(recordBits(s.comparators, s.model, a, b));
  }

  survivorOf(rows: readonly number[]): number {
    const s = this.ready();
    let best = -1;
    let bestPos = -1;
    for (const row of [...rows].sort((x, y) => x - y)) {
      const p = this.position(row);
      if (bestPos < 0 || (s.survivorScore[p] as number) > (s.survivorScore[bestPos] as number)) {
        best = row;
        bestPos = p;
      }
    }
    if (best < 0) throw new EngineError('INVALID_ARGUMENT', 'Near-duplicate finder: survivorOf() needs at least one row');
    return best;
  }

  private explainPositions(a: number, b: number): PairExplanation {
    const s = this.ready();
    const ra = s.records.recordOf[a] as number;
    const rb = s.records.recordOf[b] as number;
    const ca = s.clusterOfRecord[ra] as number;
    return buildExplanation({
      comparators: s.comparators, model: s.model, a, b,
      rowA: this.rowNumbers.data[a] as number, rowB: this.rowNumbers.data[b] as number,
      threshold: this.o.threshold, reviewThreshold: this.o.reviewThreshold,
      identical: ra === rb && s.records.blank[ra] === 0,
      sameCluster: ca >= 0 && ca === s.clusterOfRecord[rb],
      lowInformation: s.lowInformation[ra] === 1 && s.lowInformation[rb] === 1,
    });
  }

  private position(row: number): number {
    const at = this.find(row);
    if (at < 0) throw new EngineError('INVALID_ARGUMENT', `Near-duplicate finder: row ${row} was never added`, { location: { row } });
    return at;
  }

  private find(row: number): number {
    const v = this.rowNumbers.view();
    let lo = 0;
    let hi = v.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = v[mid] as number;
      if (x === row) return mid;
      if (x < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
