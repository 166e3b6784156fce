/** clean --against / --dataset: screens rows against earlier runs of a dataset and records this run's rows for later ones. */
import type { Cell } from '../table.js';
import type { NearDuplicateFinder } from './nearTypes.js';
import type { NearHit, SignatureEntry, SignatureIndex, StoredRef } from './ports.js';
import { RowSigner } from './signature.js';
import type { DedupeField } from './types.js';

export interface CrossRunOptions {
  index: SignatureIndex;
  runId: string;
  /** Dataset whose earlier runs' rows are removed from this run; null to screen nothing. */
  against: string | null;
  /** Dataset this run's output rows are recorded under; null to record nothing. */
  record: string | null;
  /** Dedupe fields, in the order of the finder's columns. */
  fields: DedupeField[];
  /** Also look for near duplicates (dedupe mode near); otherwise exact keys only. */
  near: boolean;
  /**
   * Earlier rows per row handed to the finder for verification at most.
   * @default 5
   */
  nearLimit?: number;
  /**
   * Earlier rows whose signatures agree with a row's on less than this share are not worth verifying.
   * @default 0.2
   */
  minSimilarity?: number;
}

export interface CrossRunSummary {
  against: { dataset: string; earlierRuns: number; exact: number; near: number; runs: string[] } | null;
  recorded: { dataset: string; rows: number } | null;
}

/**
 * The run layer calls screen() on each batch's rows (by then cleaned and without in-run exact copies),
 * addReferences() before the finder finishes, and record() on each batch of output rows. Near
 * candidates are not decided here: the earlier rows are handed to the finder as reference rows with
 * the candidate pairs, so the field-aware model of this run verifies them like any other pair.
 */
export class CrossRun {
  /** Rows whose exact key an earlier run recorded. */
  readonly seenExact = new Map<number, StoredRef>();
  private readonly signer: RowSigner;
  private readonly refs: NearHit[] = [];
  private readonly refIndex = new Map<string, number>();
  /** Pairs (row, reference index), flattened. */
  private readonly links: number[] = [];
  private lastRow = 0;
  private firstRef = 0;
  private earlierRuns = 0;
  private recorded = 0;
  private started = false;

  constructor(private readonly o: CrossRunOptions) {
    this.signer = new RowSigner(o.fields);
  }

  private async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.o.against !== null) this.earlierRuns = (await this.o.index.datasetInfo(this.o.against))?.runs ?? 0;
  }

  /**
   * Returns the kept row positions minus those an earlier run had exactly (pinned rows stay, but are
   * still noted as seen), and queues near candidates for the rest. `columns` hold the dedupe fields.
   */
  async screen(columns: readonly Cell[][], rows: readonly number[], keep: readonly number[], pinned: ReadonlySet<number>): Promise<number[]> {
    await this.start();
    for (const row of rows) if (row > this.lastRow) this.lastRow = row;
    const dataset = this.o.against;
    if (dataset === null || this.earlierRuns === 0 || keep.length === 0) return [...keep];
    const keys = keep.map((r) => this.signer.key(columns, r));
    const hits = await this.o.index.lookupExact(dataset, keys);
    const out: number[] = [];
    const rest: number[] = [];
    keep.forEach((r, i) => {
      const hit = hits[i] ?? null;
      const row = rows[r] as number;
      if (hit && hit.runId !== this.o.runId) {
        this.seenExact.set(row, { runId: hit.runId, row: hit.row });
        if (pinned.has(row)) out.push(r);
        return;
      }
      out.push(r);
      rest.push(r);
    });
    if (!this.o.near) return out;
    const queried: number[] = [];
    const sigs: Uint32Array[] = [];
    for (const r of rest) {
      const sig = this.signer.signature(columns, r);
      if (!sig) continue;
      queried.push(rows[r] as number);
      sigs.push(sig);
    }
    if (sigs.length === 0) return out;
    const found = await this.o.index.queryNear(dataset, sigs, { limit: this.o.nearLimit ?? 5, minSimilarity: this.o.minSimilarity ?? 0.2 });
    found.forEach((list, q) => {
      for (const hit of list) {
        if (hit.runId === this.o.runId) continue;
        const id = `${hit.runId}\u0000${hit.row}`;
        let at = this.refIndex.get(id);
        if (at === undefined) {
          at = this.refs.length;
          this.refs.push(hit);
          this.refIndex.set(id, at);
        }
        this.links.push(queried[q] as number, at);
      }
    });
    return out;
  }

  /** Hands the earlier rows found by screen() to the finder, numbered after the input's last row. Call once, before finish(). */
  addReferences(finder: NearDuplicateFinder): void {
    if (this.refs.length === 0) return;
    this.firstRef = this.lastRow + 1;
    finder.add({
      columns: this.o.fields.map((f) => this.refs.map((h) => h.values[f.name] ?? null)),
      length: this.refs.length,
      rows: this.refs.map((_, i) => this.firstRef + i),
    });
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < this.links.length; i += 2) pairs.push([this.links[i] as number, this.firstRef + (this.links[i + 1] as number)]);
    finder.addCandidatePairs(pairs);
  }

  /** The earlier row a reference row stands for. */
  reference(row: number): StoredRef | undefined {
    if (this.refs.length === 0 || row < this.firstRef) return undefined;
    const hit = this.refs[row - this.firstRef];
    return hit ? { runId: hit.runId, row: hit.row } : undefined;
  }

  /** Records output rows (`columns` hold the dedupe fields) under the record dataset. */
  async record(columns: readonly Cell[][], rows: readonly number[], length: number): Promise<void> {
    await this.start();
    const dataset = this.o.record;
    if (dataset === null || length === 0) return;
    const entries: SignatureEntry[] = [];
    for (let r = 0; r < length; r++) {
      entries.push({
        runId: this.o.runId, row: rows[r] as number, key: this.signer.key(columns, r),
        signature: this.signer.signature(columns, r), values: this.signer.values(columns, r),
      });
    }
    await this.o.index.add(dataset, entries);
    this.recorded += length;
  }

  /** Removes what this run recorded (the run failed). */
  async discard(): Promise<void> {
    if (this.o.record !== null && this.recorded > 0) await this.o.index.deleteRun(this.o.runId);
    this.recorded = 0;
  }

  summary(seen: Iterable<{ ref: StoredRef; exact: boolean }>): CrossRunSummary {
    let exact = 0;
    let near = 0;
    const runs = new Set<string>();
    for (const s of seen) {
      if (s.exact) exact++;
      else near++;
      runs.add(s.ref.runId);
    }
    return {
      against: this.o.against === null ? null : { dataset: this.o.against, earlierRuns: this.earlierRuns, exact, near, runs: [...runs].sort() },
      recorded: this.o.record === null ? null : { dataset: this.o.record, rows: this.recorded },
    };
  }
}
