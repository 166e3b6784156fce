/**
 * The SignatureIndex on Milvus: one collection per (workspace, dataset); each row a binary vector of
 * one-hot 4-bit MinHash values searched by Hamming distance, filtered to rows sharing an LSH band,
 * then re-ranked on the full 32-bit signature. Why this representation: docs/TEAM.md, "Milvus".
 */
import type { ConsistencyLevelEnum, MilvusClient } from '@zilliz/milvus2-sdk-node';
import type { DatasetInfo, NearHit, NearQueryOptions, SignatureEntry, SignatureIndex, StoredRef } from '../../engine/dedupe/ports.js';
import { BAND_BUCKET_CAP, SIGNATURE_BANDS, SIGNATURE_SIZE, bandKeys, signatureSimilarity } from '../../engine/dedupe/signature.js';
import { EngineError } from '../../engine/errors.js';
import { sha256Hex } from '../../engine/hash.js';
import { checkSignatures } from '../pg/PostgresSignatureIndex.js';
import { connectMilvus, loadMilvus } from './client.js';
import type { MilvusOptions } from './options.js';

/** Bits kept per MinHash value; each becomes a one-hot group of 2^B bits. */
export const B_BITS = 4;
const GROUP = 1 << B_BITS;
export const VECTOR_DIM = SIGNATURE_SIZE * GROUP;
const INSERT_CHUNK = 2000;
const SEARCH_PARALLEL = 16;
const MAX_TOPK = 16384;

/**
 * One-hot b-bit encoding: exactly SIGNATURE_SIZE bits set, one per position, so the Hamming distance
 * between two vectors is twice the number of positions whose low b bits differ.
 */
export function bbitVector(sig: Uint32Array): number[] {
  const bytes = new Array<number>(VECTOR_DIM / 8).fill(0);
  for (let q = 0; q < SIGNATURE_SIZE; q++) {
    const bit = q * GROUP + ((sig[q] as number) & (GROUP - 1));
    // Milvus packs binary vectors most significant bit first within each byte.
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  }
  return bytes;
}

/** Band keys as one int64 array: band b's key in its own range, so equal keys of different bands never match. */
export function bandValues(sig: Uint32Array): number[] {
  const keys = bandKeys(sig);
  return Array.from(keys, (k, b) => b * 0x1_0000_0000 + k);
}

function str(s: string): string {
  return JSON.stringify(s);
}

function milvusError(err: unknown, what: string): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('STORE_ERROR', `Milvus: ${what}: ${(err as Error).message}`, { cause: err });
}

function check(status: { error_code?: string | number; reason?: string } | undefined, what: string): void {
  if (status && status.error_code !== undefined && status.error_code !== 'Success' && status.error_code !== 0) {
    throw new EngineError('STORE_ERROR', `Milvus: ${what}: ${status.reason || String(status.error_code)}`);
  }
}

interface Row { id: string; run_id: string; row: number | string; key?: string; full?: number[] | string[]; vals?: Record<string, string | null>; has_sig?: boolean }

export class MilvusSignatureIndex implements SignatureIndex {
  private readonly ready = new Map<string, Promise<void>>();

  private constructor(
    private readonly client: MilvusClient, private readonly workspace: string, private readonly prefix: string,
    /** Reads see every write made before them, as the contract's add-then-query requires. */
    private readonly strong: ConsistencyLevelEnum,
  ) {}

  static async open(o: MilvusOptions, workspace = 'default'): Promise<MilvusSignatureIndex> {
    const { ConsistencyLevelEnum } = await loadMilvus();
    return new MilvusSignatureIndex(await connectMilvus(o), workspace, o.collectionPrefix ?? 'ds_sig_', ConsistencyLevelEnum.Strong);
  }

  /** A collection name Milvus accepts for any dataset name: the prefix and a hash. */
  collectionFor(dataset: string): string {
    return this.prefix + sha256Hex(`${this.workspace}\u0000${dataset}`).slice(0, 32);
  }

  private async exists(name: string): Promise<boolean> {
    const r = await this.client.hasCollection({ collection_name: name });
    check(r.status, `cannot check collection ${name}`);
    return Boolean(r.value);
  }

  private async ensure(dataset: string, create: boolean): Promise<string | null> {
    const name = this.collectionFor(dataset);
    let p = this.ready.get(name);
    if (!p) {
      p = (async () => {
        if (!(await this.exists(name))) {
          if (!create) throw new EngineError('NOT_FOUND', name);
          await this.createCollection(name, dataset);
        }
        check(await this.client.loadCollectionSync({ collection_name: name }), `cannot load ${name}`);
      })();
      this.ready.set(name, p);
      p.catch(() => this.ready.delete(name));
    }
    try {
      await p;
      return name;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'NOT_FOUND' && !create) return null;
      throw err;
    }
  }

  private async createCollection(name: string, dataset: string): Promise<void> {
    const { DataType, MetricType, IndexType } = await loadMilvus();
    const res = await this.client.createCollection({
      collection_name: name,
      description: `data-sanitizer signatures: workspace ${this.workspace}, dataset ${dataset}`.slice(0, 250),
      consistency_level: 'Strong',
      fields: [
        // Auto ids grow in insertion order: the smallest id is the earliest recorded row.
        { name: 'id', data_type: DataType.Int64, is_primary_key: true, autoID: true },
        { name: 'run_id', data_type: DataType.VarChar, max_length: 512 },
        { name: 'row', data_type: DataType.Int64 },
        { name: 'key', data_type: DataType.VarChar, max_length: 64 },
        { name: 'has_sig', data_type: DataType.Bool },
        { name: 'full', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: SIGNATURE_SIZE },
        { name: 'bands', data_type: DataType.Array, element_type: DataType.Int64, max_capacity: SIGNATURE_BANDS },
        { name: 'vals', data_type: DataType.JSON },
        { name: 'sig', data_type: DataType.BinaryVector, dim: VECTOR_DIM },
      ],
    });
    check(res, `cannot create collection ${name}`);
    check(await this.client.createIndex({ collection_name: name, field_name: 'sig', index_type: IndexType.BIN_IVF_FLAT, metric_type: MetricType.HAMMING, params: { nlist: 1024 } }), `cannot index ${name}`);
    check(await this.client.createIndex({ collection_name: name, field_name: 'key', index_type: 'INVERTED' }), `cannot index keys of ${name}`);
    check(await this.client.createIndex({ collection_name: name, field_name: 'bands', index_type: 'INVERTED' }), `cannot index bands of ${name}`);
  }

  async add(dataset: string, entries: readonly SignatureEntry[]): Promise<void> {
    checkSignatures(entries);
    if (entries.length === 0) return;
    const empty = new Array<number>(VECTOR_DIM / 8).fill(0);
    try {
      const name = (await this.ensure(dataset, true))!;
      for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
        const data = entries.slice(i, i + INSERT_CHUNK).map((e) => ({
          run_id: e.runId, row: e.row, key: e.key, has_sig: e.signature !== null,
          full: e.signature ? Array.from(e.signature) : [], bands: e.signature ? bandValues(e.signature) : [],
          vals: e.values, sig: e.signature ? bbitVector(e.signature) : empty,
        }));
        const r = await this.client.insert({ collection_name: name, data });
        check(r.status, `cannot record rows of ${dataset}`);
      }
    } catch (err) {
      throw milvusError(err, `cannot record rows of ${dataset}`);
    }
  }

  async lookupExact(dataset: string, keys: readonly string[]): Promise<(StoredRef | null)[]> {
    if (keys.length === 0) return [];
    try {
      const name = await this.ensure(dataset, false);
      if (!name) return keys.map(() => null);
      const best = new Map<string, { id: bigint; ref: StoredRef }>();
      for (let i = 0; i < keys.length; i += 1000) {
        const part = keys.slice(i, i + 1000);
        const r = await this.client.query({ collection_name: name, filter: `key in [${part.map(str).join(',')}]`, output_fields: ['id', 'run_id', 'row', 'key'], limit: MAX_TOPK, consistency_level: this.strong });
        check(r.status, `cannot look up keys in ${dataset}`);
        for (const x of r.data as Row[]) {
          const id = BigInt(x.id);
          const cur = best.get(x.key!);
          if (!cur || id < cur.id) best.set(x.key!, { id, ref: { runId: x.run_id, row: Number(x.row) } });
        }
      }
      return keys.map((k) => best.get(k)?.ref ?? null);
    } catch (err) {
      throw milvusError(err, `cannot look up keys in ${dataset}`);
    }
  }

  async queryNear(dataset: string, signatures: readonly Uint32Array[], opts: NearQueryOptions = {}): Promise<NearHit[][]> {
    const limit = opts.limit ?? 10;
    const minSimilarity = opts.minSimilarity ?? 0;
    try {
      const name = await this.ensure(dataset, false);
      if (!name) return signatures.map(() => []);
      const { MetricType } = await loadMilvus();
      // Enough candidates that the exact re-rank below sees every close row and a crowded band's earliest ones.
      const topk = Math.min(MAX_TOPK, Math.max(limit * 4, BAND_BUCKET_CAP * 2));
      const out: NearHit[][] = new Array<NearHit[]>(signatures.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          if (i >= signatures.length) return;
          const sig = signatures[i]!;
          const r = await this.client.search({
            collection_name: name, anns_field: 'sig', data: bbitVector(sig), limit: topk, metric_type: MetricType.HAMMING,
            filter: `array_contains_any(bands, [${bandValues(sig).join(',')}])`, params: { nprobe: 128 },
            output_fields: ['id', 'run_id', 'row', 'full', 'vals'], consistency_level: this.strong,
          });
          check(r.status, `cannot search ${dataset}`);
          const hits: (NearHit & { id: bigint })[] = [];
          for (const x of r.results as unknown as Row[]) {
            const full = Uint32Array.from((x.full ?? []).map(Number));
            if (full.length !== SIGNATURE_SIZE) continue;
            const similarity = signatureSimilarity(sig, full);
            if (similarity >= minSimilarity) hits.push({ id: BigInt(x.id), runId: x.run_id, row: Number(x.row), similarity, values: x.vals ?? {} });
          }
          hits.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
          out[i] = hits.slice(0, limit).map(({ id: _id, ...hit }) => hit);
        }
      };
      await Promise.all(Array.from({ length: Math.min(SEARCH_PARALLEL, signatures.length) }, worker));
      return out;
    } catch (err) {
      throw milvusError(err, `cannot query ${dataset}`);
    }
  }

  private async collections(): Promise<string[]> {
    const r = await this.client.showCollections();
    check(r.status, 'cannot list collections');
    const mine = this.prefix;
    return r.data.map((c) => c.name).filter((n) => n.startsWith(mine));
  }

  private async count(name: string, filter: string): Promise<number> {
    const r = await this.client.query({ collection_name: name, filter, output_fields: ['count(*)'], consistency_level: this.strong });
    check(r.status, `cannot count in ${name}`);
    return Number((r.data[0] as Record<string, unknown> | undefined)?.['count(*)'] ?? 0);
  }

  async deleteRun(runId: string): Promise<number> {
    try {
      let total = 0;
      const filter = `run_id == ${str(runId)}`;
      for (const name of await this.collections()) {
        check(await this.client.loadCollectionSync({ collection_name: name }), `cannot load ${name}`);
        const n = await this.count(name, filter);
        if (n === 0) continue;
        const r = await this.client.delete({ collection_name: name, filter });
        check(r.status, `cannot delete rows of run ${runId}`);
        total += n;
      }
      return total;
    } catch (err) {
      throw milvusError(err, `cannot delete the rows of run ${runId}`);
    }
  }

  async datasetInfo(dataset: string): Promise<DatasetInfo | null> {
    try {
      const name = await this.ensure(dataset, false);
      if (!name) return null;
      const rows = await this.count(name, 'id >= 0 or id < 0');
      if (rows === 0) return null;
      const runs = new Set<string>();
      const it = await this.client.queryIterator({ collection_name: name, batchSize: 4096, output_fields: ['run_id'], filter: 'id >= 0 or id < 0' });
      for await (const batch of it) for (const x of batch as Row[]) runs.add(x.run_id);
      return { runs: runs.size, rows };
    } catch (err) {
      throw milvusError(err, `cannot read ${dataset}`);
    }
  }

  /** Drops every collection under this index's prefix: all datasets of all workspaces that share it. */
  async dropAll(): Promise<void> {
    for (const name of await this.collections()) {
      check(await this.client.dropCollection({ collection_name: name }), `cannot drop ${name}`);
      this.ready.delete(name);
    }
  }

  async close(): Promise<void> {
    await this.client.closeConnection().catch(() => undefined);
  }
}
