/** The embedded SignatureIndex: row keys and MinHash band buckets per dataset in the SQLite catalog file. */
import Database from 'better-sqlite3';
import { EngineError } from '../engine/errors.js';
import type { DatasetInfo, NearHit, NearQueryOptions, SignatureEntry, SignatureIndex, StoredRef } from '../engine/dedupe/ports.js';
import { BAND_BUCKET_CAP, SIGNATURE_BANDS, SIGNATURE_SIZE, bandKeys, signatureSimilarity } from '../engine/dedupe/signature.js';
import { SqliteRunStore } from './SqliteRunStore.js';

interface EntryRow { run_id: string; row: number; signature: Buffer | null; vals: string }

interface Candidate { id: number; runId: string; row: number; signature: Uint32Array | null; values: Record<string, string | null> }

/** A band's key with its band number in the high bits, so one index serves all bands. */
function bucketOf(band: number, key: number): number {
  return band * 0x1_0000_0000 + key;
}

function toBlob(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(SIGNATURE_SIZE * 4);
  for (let q = 0; q < SIGNATURE_SIZE; q++) buf.writeUInt32LE(sig[q] as number, q * 4);
  return buf;
}

function fromBlob(buf: Buffer): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE);
  for (let q = 0; q < SIGNATURE_SIZE; q++) sig[q] = buf.readUInt32LE(q * 4);
  return sig;
}

function storeError(what: string, err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('STORE_ERROR', `signature index: ${what}: ${(err as Error).message}`, { cause: err });
}

/**
 * Rows live in sig_entries (key, signature blob, values as JSON); sig_bands maps (dataset, band bucket)
 * to entries and is what near queries read. Tables come from the catalog's migrations, so the index is
 * opened on the catalog file (a second connection; better-sqlite3 statements are synchronous, so the
 * two never interleave within a process).
 */
export class SqliteSignatureIndex implements SignatureIndex {
  private readonly db: Database.Database;
  private readonly stmt: {
    dataset: Database.Statement<[string]>;
    newDataset: Database.Statement<[string]>;
    entry: Database.Statement<[number, string, number, string, Buffer | null, string]>;
    band: Database.Statement<[number, number, number | bigint]>;
    exact: Database.Statement<[number, string]>;
    bucket: Database.Statement<[number, number, number]>;
    byId: Database.Statement<[number]>;
    runEntries: Database.Statement<[string]>;
    dropBand: Database.Statement<[number, number, number]>;
    dropRun: Database.Statement<[string]>;
    info: Database.Statement<[number]>;
  };

  constructor(readonly path: string) {
    if (path === ':memory:') throw new EngineError('INVALID_ARGUMENT', 'the signature index lives in the catalog file; give a file path');
    // Opening the run store applies the catalog migrations, which create this index's tables.
    void new SqliteRunStore(path).close();
    try {
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.stmt = {
        dataset: this.db.prepare('SELECT id FROM sig_datasets WHERE name = ?'),
        newDataset: this.db.prepare('INSERT INTO sig_datasets (name) VALUES (?) ON CONFLICT(name) DO NOTHING'),
        entry: this.db.prepare('INSERT INTO sig_entries (dataset_id, run_id, row, key, signature, vals) VALUES (?, ?, ?, ?, ?, ?)'),
        band: this.db.prepare('INSERT OR IGNORE INTO sig_bands (dataset_id, bucket, entry_id) VALUES (?, ?, ?)'),
        exact: this.db.prepare('SELECT run_id, row FROM sig_entries WHERE dataset_id = ? AND key = ? ORDER BY id LIMIT 1'),
        bucket: this.db.prepare('SELECT entry_id FROM sig_bands WHERE dataset_id = ? AND bucket = ? ORDER BY entry_id LIMIT ?'),
        byId: this.db.prepare('SELECT run_id, row, signature, vals FROM sig_entries WHERE id = ?'),
        runEntries: this.db.prepare('SELECT id, dataset_id, signature FROM sig_entries WHERE run_id = ?'),
        dropBand: this.db.prepare('DELETE FROM sig_bands WHERE dataset_id = ? AND bucket = ? AND entry_id = ?'),
        dropRun: this.db.prepare('DELETE FROM sig_entries WHERE run_id = ?'),
        info: this.db.prepare('SELECT COUNT(DISTINCT run_id) AS runs, COUNT(*) AS n FROM sig_entries WHERE dataset_id = ?'),
      };
    } catch (err) {
      throw storeError(`cannot open ${path}`, err);
    }
  }

  private datasetId(name: string, create: boolean): number | null {
    const row = this.stmt.dataset.get(name) as { id: number } | undefined;
    if (row || !create) return row?.id ?? null;
    this.stmt.newDataset.run(name);
    return (this.stmt.dataset.get(name) as { id: number }).id;
  }

  async add(dataset: string, entries: readonly SignatureEntry[]): Promise<void> {
    for (const e of entries) {
      if (e.signature !== null && e.signature.length !== SIGNATURE_SIZE) {
        throw new EngineError('INVALID_ARGUMENT', `signature index: a signature has ${e.signature.length} values, expected ${SIGNATURE_SIZE}`);
      }
    }
    try {
      this.db.transaction(() => {
        const ds = this.datasetId(dataset, true) as number;
        for (const e of entries) {
          const info = this.stmt.entry.run(ds, e.runId, e.row, e.key, e.signature ? toBlob(e.signature) : null, JSON.stringify(e.values));
          if (!e.signature) continue;
          const bands = bandKeys(e.signature);
          for (let b = 0; b < SIGNATURE_BANDS; b++) this.stmt.band.run(ds, bucketOf(b, bands[b] as number), info.lastInsertRowid);
        }
      })();
    } catch (err) {
      throw storeError(`cannot record rows of ${dataset}`, err);
    }
  }

  async lookupExact(dataset: string, keys: readonly string[]): Promise<(StoredRef | null)[]> {
    try {
      const ds = this.datasetId(dataset, false);
      if (ds === null) return keys.map(() => null);
      return keys.map((k) => {
        const r = this.stmt.exact.get(ds, k) as { run_id: string; row: number } | undefined;
        return r ? { runId: r.run_id, row: r.row } : null;
      });
    } catch (err) {
      throw storeError(`cannot look up keys in ${dataset}`, err);
    }
  }

  async queryNear(dataset: string, signatures: readonly Uint32Array[], opts: NearQueryOptions = {}): Promise<NearHit[][]> {
    const limit = opts.limit ?? 10;
    const minSimilarity = opts.minSimilarity ?? 0;
    try {
      const ds = this.datasetId(dataset, false);
      if (ds === null) return signatures.map(() => []);
      const cache = new Map<number, Candidate>();
      return signatures.map((sig) => {
        const bands = bandKeys(sig);
        const ids = new Set<number>();
        for (let b = 0; b < SIGNATURE_BANDS; b++) {
          for (const r of this.stmt.bucket.all(ds, bucketOf(b, bands[b] as number), BAND_BUCKET_CAP) as { entry_id: number }[]) ids.add(r.entry_id);
        }
        const hits: (NearHit & { id: number })[] = [];
        for (const id of ids) {
          const c = this.candidate(id, cache);
          if (!c?.signature) continue;
          const similarity = signatureSimilarity(sig, c.signature);
          if (similarity >= minSimilarity) hits.push({ id, runId: c.runId, row: c.row, similarity, values: c.values });
        }
        hits.sort((x, y) => y.similarity - x.similarity || x.id - y.id);
        return hits.slice(0, limit).map(({ id: _id, ...hit }) => hit);
      });
    } catch (err) {
      throw storeError(`cannot query ${dataset}`, err);
    }
  }

  private candidate(id: number, cache: Map<number, Candidate>): Candidate | null {
    const hit = cache.get(id);
    if (hit) return hit;
    const r = this.stmt.byId.get(id) as EntryRow | undefined;
    if (!r) return null;
    const c: Candidate = { id, runId: r.run_id, row: r.row, signature: r.signature ? fromBlob(r.signature) : null, values: JSON.parse(r.vals) as Record<string, string | null> };
    cache.set(id, c);
    return c;
  }

  async deleteRun(runId: string): Promise<number> {
    try {
      return this.db.transaction(() => {
        const rows = this.stmt.runEntries.all(runId) as { id: number; dataset_id: number; signature: Buffer | null }[];
        for (const r of rows) {
          if (!r.signature) continue;
          const bands = bandKeys(fromBlob(r.signature));
          for (let b = 0; b < SIGNATURE_BANDS; b++) this.stmt.dropBand.run(r.dataset_id, bucketOf(b, bands[b] as number), r.id);
        }
        this.stmt.dropRun.run(runId);
        return rows.length;
      })();
    } catch (err) {
      throw storeError(`cannot delete the rows of run ${runId}`, err);
    }
  }

  async datasetInfo(dataset: string): Promise<DatasetInfo | null> {
    try {
      const ds = this.datasetId(dataset, false);
      if (ds === null) return null;
      const r = this.stmt.info.get(ds) as { runs: number; n: number };
      return r.n === 0 ? null : { runs: r.runs, rows: r.n };
    } catch (err) {
      throw storeError(`cannot read ${dataset}`, err);
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
