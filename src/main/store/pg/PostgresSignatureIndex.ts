/**
 * The SignatureIndex in the team catalog: exact keys under a unique index, MinHash LSH band buckets,
 * scoped to a workspace. Serves `--against` for a team when no vector store (Milvus) is configured.
 */
import type { Pool, PoolClient } from 'pg';
import type { DatasetInfo, NearHit, NearQueryOptions, SignatureEntry, SignatureIndex, StoredRef } from '../../engine/dedupe/ports.js';
import { BAND_BUCKET_CAP, SIGNATURE_BANDS, SIGNATURE_SIZE, bandKeys, signatureSimilarity } from '../../engine/dedupe/signature.js';
import { EngineError } from '../../engine/errors.js';
import { inTransaction, storeError, withRetry } from './connection.js';
import { copyChunks } from './copy.js';

const CHUNK = 2000;

export function signatureToBytes(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(SIGNATURE_SIZE * 4);
  for (let q = 0; q < SIGNATURE_SIZE; q++) buf.writeUInt32LE(sig[q] as number, q * 4);
  return buf;
}

export function signatureFromBytes(buf: Buffer): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE);
  for (let q = 0; q < SIGNATURE_SIZE; q++) sig[q] = buf.readUInt32LE(q * 4);
  return sig;
}

export function checkSignatures(entries: readonly SignatureEntry[]): void {
  for (const e of entries) {
    if (e.signature !== null && e.signature.length !== SIGNATURE_SIZE) {
      throw new EngineError('INVALID_ARGUMENT', `signature index: a signature has ${e.signature.length} values, expected ${SIGNATURE_SIZE}`);
    }
  }
}

interface Candidate { runId: string; row: number; signature: Uint32Array | null; values: Record<string, string | null> }

export class PostgresSignatureIndex implements SignatureIndex {
  constructor(
    private readonly pool: Pool, private readonly t: (name: string) => string,
    private readonly workspaceId: string, private readonly label: string,
  ) {}

  private fail(err: unknown, what: string): EngineError {
    return storeError(err, `signature index in ${this.label}: ${what}`);
  }

  private async datasetId(c: Pick<PoolClient, 'query'>, name: string, create: boolean): Promise<string | null> {
    if (create) await c.query(`INSERT INTO ${this.t('sig_datasets')} (workspace_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [this.workspaceId, name]);
    const r = await c.query<{ id: string }>(`SELECT id FROM ${this.t('sig_datasets')} WHERE workspace_id = $1 AND name = $2`, [this.workspaceId, name]);
    return r.rows[0]?.id ?? null;
  }

  async add(dataset: string, entries: readonly SignatureEntry[]): Promise<void> {
    checkSignatures(entries);
    if (entries.length === 0) return;
    try {
      await inTransaction(this.pool, async (c) => {
        const ds = (await this.datasetId(c, dataset, true))!;
        for (let i = 0; i < entries.length; i += CHUNK) {
          const chunk = entries.slice(i, i + CHUNK);
          // Ids come from the sequence in order, so "earliest recorded" is simply the smallest id.
          const ids = (await c.query<{ id: string }>(`SELECT nextval($1::regclass)::text AS id FROM generate_series(1, $2)`, [this.t('sig_entries_id'), chunk.length]))
            .rows.map((r) => r.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
          await c.query(`INSERT INTO ${this.t('sig_entries')} (id, dataset_id, run_id, "row", key, signature, vals)
            SELECT id, $1, run_id, r, key, sig, vals FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::text[]) AS u(id, run_id, r, key, sig, vals)`,
          [ds, ids, chunk.map((e) => e.runId), chunk.map((e) => e.row), chunk.map((e) => e.key),
            chunk.map((e) => (e.signature ? signatureToBytes(e.signature) : null)), chunk.map((e) => JSON.stringify(e.values))]);
          await c.query(`INSERT INTO ${this.t('sig_keys')} (dataset_id, key, entry_id)
            SELECT $1, key, id FROM unnest($2::text[], $3::bigint[]) AS u(key, id) ORDER BY id ON CONFLICT DO NOTHING`, [ds, chunk.map((e) => e.key), ids]);
          // Twenty bucket rows per signature: COPY, the cheapest way in.
          let lines = '';
          chunk.forEach((e, j) => {
            if (!e.signature) return;
            const keys = bandKeys(e.signature);
            for (let b = 0; b < SIGNATURE_BANDS; b++) lines += `${ds}\t${b}\t${keys[b] as number}\t${ids[j]!}\n`;
          });
          if (lines) await copyChunks(c, `COPY ${this.t('sig_bands')} (dataset_id, band, key, entry_id) FROM STDIN`, [lines]);
        }
      });
    } catch (err) {
      throw this.fail(err, `cannot record rows of ${dataset}`);
    }
  }

  async lookupExact(dataset: string, keys: readonly string[]): Promise<(StoredRef | null)[]> {
    if (keys.length === 0) return [];
    try {
      const ds = await withRetry(() => this.datasetId(this.pool, dataset, false));
      if (ds === null) return keys.map(() => null);
      const found = new Map<string, StoredRef>();
      for (let i = 0; i < keys.length; i += CHUNK * 5) {
        const r = await withRetry(() => this.pool.query<{ key: string; run_id: string; row: string }>(
          `SELECT k.key, e.run_id, e."row" FROM ${this.t('sig_keys')} k JOIN ${this.t('sig_entries')} e ON e.id = k.entry_id
           WHERE k.dataset_id = $1 AND k.key = ANY($2::text[])`, [ds, keys.slice(i, i + CHUNK * 5)]));
        for (const x of r.rows) found.set(x.key, { runId: x.run_id, row: Number(x.row) });
      }
      return keys.map((k) => found.get(k) ?? null);
    } catch (err) {
      throw this.fail(err, `cannot look up keys in ${dataset}`);
    }
  }

  async queryNear(dataset: string, signatures: readonly Uint32Array[], opts: NearQueryOptions = {}): Promise<NearHit[][]> {
    const limit = opts.limit ?? 10;
    const minSimilarity = opts.minSimilarity ?? 0;
    try {
      const ds = await withRetry(() => this.datasetId(this.pool, dataset, false));
      if (ds === null) return signatures.map(() => []);
      const out: NearHit[][] = [];
      const cache = new Map<string, Candidate>();
      for (let i = 0; i < signatures.length; i += 500) {
        const part = signatures.slice(i, i + 500);
        const qi: number[] = [];
        const qb: number[] = [];
        const qk: number[] = [];
        part.forEach((sig, j) => {
          const keys = bandKeys(sig);
          for (let b = 0; b < SIGNATURE_BANDS; b++) { qi.push(j); qb.push(b); qk.push(keys[b] as number); }
        });
        const pairs = await withRetry(() => this.pool.query<{ i: number; id: string }>(
          `SELECT DISTINCT q.i, c.entry_id::text AS id FROM unnest($2::int[], $3::smallint[], $4::bigint[]) AS q(i, band, key)
           CROSS JOIN LATERAL (SELECT entry_id FROM ${this.t('sig_bands')} b WHERE b.dataset_id = $1 AND b.band = q.band AND b.key = q.key
             ORDER BY entry_id LIMIT ${BAND_BUCKET_CAP}) c`, [ds, qi, qb, qk]));
        const missing = [...new Set(pairs.rows.map((p) => p.id))].filter((id) => !cache.has(id));
        for (let k = 0; k < missing.length; k += CHUNK) {
          const r = await withRetry(() => this.pool.query<{ id: string; run_id: string; row: string; signature: Buffer | null; vals: string }>(
            `SELECT id::text, run_id, "row", signature, vals FROM ${this.t('sig_entries')} WHERE id = ANY($1::bigint[])`, [missing.slice(k, k + CHUNK)]));
          for (const e of r.rows) cache.set(e.id, { runId: e.run_id, row: Number(e.row), signature: e.signature ? signatureFromBytes(e.signature) : null, values: JSON.parse(e.vals) as Record<string, string | null> });
        }
        const byQuery: string[][] = part.map(() => []);
        for (const p of pairs.rows) byQuery[p.i]!.push(p.id);
        part.forEach((sig, j) => {
          const hits: (NearHit & { id: bigint })[] = [];
          for (const id of byQuery[j]!) {
            const c = cache.get(id);
            if (!c?.signature) continue;
            const similarity = signatureSimilarity(sig, c.signature);
            if (similarity >= minSimilarity) hits.push({ id: BigInt(id), runId: c.runId, row: c.row, similarity, values: c.values });
          }
          hits.sort((x, y) => y.similarity - x.similarity || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
          out.push(hits.slice(0, limit).map(({ id: _id, ...hit }) => hit));
        });
      }
      return out;
    } catch (err) {
      throw this.fail(err, `cannot query ${dataset}`);
    }
  }

  async deleteRun(runId: string): Promise<number> {
    try {
      return await inTransaction(this.pool, async (c) => {
        const gone = await c.query<{ id: string; dataset_id: string; key: string }>(
          `DELETE FROM ${this.t('sig_entries')} e USING ${this.t('sig_datasets')} d
           WHERE d.id = e.dataset_id AND d.workspace_id = $1 AND e.run_id = $2 RETURNING e.id, e.dataset_id, e.key`, [this.workspaceId, runId]);
        if (gone.rows.length) {
          const ids = gone.rows.map((r) => r.id);
          await c.query(`DELETE FROM ${this.t('sig_bands')} WHERE entry_id = ANY($1::bigint[])`, [ids]);
          await c.query(`DELETE FROM ${this.t('sig_keys')} WHERE entry_id = ANY($1::bigint[])`, [ids]);
          // Keys whose earliest row was this run's now point at the next earliest.
          await c.query(`INSERT INTO ${this.t('sig_keys')} (dataset_id, key, entry_id)
            SELECT DISTINCT ON (e.dataset_id, e.key) e.dataset_id, e.key, e.id FROM ${this.t('sig_entries')} e
            JOIN unnest($1::bigint[], $2::text[]) AS g(dataset_id, key) ON e.dataset_id = g.dataset_id AND e.key = g.key
            ORDER BY e.dataset_id, e.key, e.id ON CONFLICT DO NOTHING`, [gone.rows.map((r) => r.dataset_id), gone.rows.map((r) => r.key)]);
        }
        return gone.rows.length;
      });
    } catch (err) {
      throw this.fail(err, `cannot delete the rows of run ${runId}`);
    }
  }

  async datasetInfo(dataset: string): Promise<DatasetInfo | null> {
    try {
      const ds = await withRetry(() => this.datasetId(this.pool, dataset, false));
      if (ds === null) return null;
      const r = await withRetry(() => this.pool.query<{ runs: string; n: string }>(
        `SELECT COUNT(DISTINCT run_id) AS runs, COUNT(*) AS n FROM ${this.t('sig_entries')} WHERE dataset_id = $1`, [ds]));
      const n = Number(r.rows[0]!.n);
      return n === 0 ? null : { runs: Number(r.rows[0]!.runs), rows: n };
    } catch (err) {
      throw this.fail(err, `cannot read ${dataset}`);
    }
  }

  /** The catalog owns the connections. */
  async close(): Promise<void> {}
}
