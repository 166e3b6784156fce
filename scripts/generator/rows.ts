/** The row stream: new entities, exact and near duplicates drawn from a bounded ring of recent originals. */
import { mix32 } from '../../src/main/engine/hash.js';
import { fillEntity, newEntity } from './entity.js';
import { makeNearDuplicate } from './mutate.js';
import { Prng } from './prng.js';
import { C, type RowRecord } from './record.js';
import { renderEntity } from './render.js';

/** Share of rows that copy an earlier original verbatim (promised: 5–10%). */
export const EXACT_RATE = 0.075;
/** Of the exact duplicates, the share that also copies customer_id (a double import); the rest get a new id. */
export const EXACT_SAME_ID_SHARE = 0.6;
/** Share of rows that are edited copies of an earlier original (promised: 2–5%). */
export const NEAR_RATE = 0.035;
/** Default ring size: duplicates point at most this many originals back, and memory is O(pool), not O(rows). */
export const DEFAULT_POOL = 50_000;

export interface RowCounts {
  rows: number;
  entities: number;
  exactSameId: number;
  exactNewId: number;
  near: number;
}

/** 'C' + 10 digits from a bijection of the row index, so ids are unique per row yet not sequential. */
export function customerId(row: number, seed: number): string {
  return 'C' + String(mix32(row, seed)).padStart(10, '0');
}

/**
 * Produces rows one at a time into a caller-owned record. A ring stores, per original, only the two
 * seeds that regenerate it plus its row and entity numbers (16 bytes), and a duplicate re-renders the
 * original from those seeds: that is what keeps 100M rows in constant memory.
 */
export class RowGenerator {
  readonly counts: RowCounts = { rows: 0, entities: 0, exactSameId: 0, exactNewId: 0, near: 0 };
  private readonly master: Prng;
  private readonly work = new Prng(0);
  private readonly entity = newEntity();
  private readonly idSeed: number;
  private readonly entitySeeds: Uint32Array;
  private readonly renderSeeds: Uint32Array;
  private readonly poolRows: Uint32Array;
  private readonly poolEntities: Uint32Array;
  private poolSize = 0;
  private poolNext = 0;

  constructor(seed: number, poolCapacity = DEFAULT_POOL) {
    this.master = new Prng(seed);
    this.idSeed = this.master.u32();
    const cap = Math.max(1, Math.floor(poolCapacity));
    this.entitySeeds = new Uint32Array(cap);
    this.renderSeeds = new Uint32Array(cap);
    this.poolRows = new Uint32Array(cap);
    this.poolEntities = new Uint32Array(cap);
  }

  /** Fills `r` with the next row and returns its 1-based entity id. */
  next(r: RowRecord): number {
    const m = this.master;
    const row = this.counts.rows++;
    const x = m.float();
    if (this.poolSize > 0 && x < EXACT_RATE + NEAR_RATE) {
      const slot = m.int(this.poolSize);
      this.regenerate(slot, r);
      if (x < EXACT_RATE) {
        const sameId = m.chance(EXACT_SAME_ID_SHARE);
        if (sameId) this.counts.exactSameId++;
        else this.counts.exactNewId++;
        r.values[C.id] = customerId(sameId ? (this.poolRows[slot] as number) : row, this.idSeed);
      } else {
        this.counts.near++;
        this.work.reseed(m.u32());
        makeNearDuplicate(r, this.entity, this.work);
        r.values[C.id] = customerId(row, this.idSeed);
      }
      return this.poolEntities[slot] as number;
    }
    const entitySeed = m.u32();
    const renderSeed = m.u32();
    const id = ++this.counts.entities;
    this.work.reseed(entitySeed);
    fillEntity(this.entity, this.work);
    this.work.reseed(renderSeed);
    renderEntity(this.entity, this.work, r);
    r.values[C.id] = customerId(row, this.idSeed);
    const slot = this.poolNext;
    this.entitySeeds[slot] = entitySeed;
    this.renderSeeds[slot] = renderSeed;
    this.poolRows[slot] = row;
    this.poolEntities[slot] = id;
    this.poolNext = slot + 1 === this.entitySeeds.length ? 0 : slot + 1;
    if (this.poolSize < this.entitySeeds.length) this.poolSize++;
    return id;
  }

  private regenerate(slot: number, r: RowRecord): void {
    this.work.reseed(this.entitySeeds[slot] as number);
    fillEntity(this.entity, this.work);
    this.work.reseed(this.renderSeeds[slot] as number);
    renderEntity(this.entity, this.work, r);
  }
}
