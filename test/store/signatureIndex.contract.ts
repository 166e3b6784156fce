/** The SignatureIndex contract every backend passes (SQLite now; Milvus or Postgres later): exact keys, band queries, deletes, isolation. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/main/engine/errors.js';
import { mix32 } from '../../src/main/engine/hash.js';
import type { SignatureEntry, SignatureIndex } from '../../src/main/engine/dedupe/ports.js';
import { BAND_BUCKET_CAP, SIGNATURE_BANDS, SIGNATURE_ROWS, SIGNATURE_SIZE } from '../../src/main/engine/dedupe/signature.js';

export interface IndexUnderTest {
  /** Opens the index (again); each call is a new connection, as a later process would make. */
  open(): Promise<{ index: SignatureIndex; close(): Promise<void> }>;
}

export interface SignatureIndexHarness {
  /** A new, empty index. */
  fresh(): Promise<IndexUnderTest>;
}

/** A signature of distinct pseudo-random values from a seed. */
function sig(seed: number): Uint32Array {
  return Uint32Array.from({ length: SIGNATURE_SIZE }, (_, q) => mix32(q + 1, seed));
}

/** A copy of `base` where only the given bands keep their values; every other position differs. */
function sharing(base: Uint32Array, bands: number[], seed: number): Uint32Array {
  const out = sig(seed);
  for (const b of bands) for (let q = b * SIGNATURE_ROWS; q < (b + 1) * SIGNATURE_ROWS; q++) out[q] = base[q] as number;
  return out;
}

/** A copy of `base` with one position of every band changed: no band in common, yet most positions equal. */
function noBand(base: Uint32Array): Uint32Array {
  const out = base.slice();
  for (let b = 0; b < SIGNATURE_BANDS; b++) out[b * SIGNATURE_ROWS] = ((base[b * SIGNATURE_ROWS] as number) + 1) >>> 0;
  return out;
}

function entry(runId: string, row: number, key: string, signature: Uint32Array | null, values: Record<string, string | null> = { name: `n${row}` }): SignatureEntry {
  return { runId, row, key, signature, values };
}

export function signatureIndexContract(name: string, harness: SignatureIndexHarness): void {
  describe(`SignatureIndex contract: ${name}`, () => {
    it('answers exact keys with the earliest recorded row, per dataset, in key order', async () => {
      const { index, close } = await (await harness.fresh()).open();
      await index.add('customers', [entry('run-1', 4, 'k1', sig(1)), entry('run-1', 9, 'k2', null)]);
      await index.add('customers', [entry('run-2', 1, 'k1', sig(1)), entry('run-2', 2, 'k3', sig(3))]);
      await index.add('orders', [entry('run-3', 7, 'k4', sig(4))]);
      expect(await index.lookupExact('customers', ['k3', 'k1', 'zz', 'k2', 'k4'])).toEqual([
        { runId: 'run-2', row: 2 }, { runId: 'run-1', row: 4 }, null, { runId: 'run-1', row: 9 }, null,
      ]);
      expect(await index.lookupExact('orders', ['k4', 'k1'])).toEqual([{ runId: 'run-3', row: 7 }, null]);
      expect(await index.lookupExact('nobody', ['k1'])).toEqual([null]);
      expect(await index.lookupExact('customers', [])).toEqual([]);
      await close();
    });

    it('returns rows sharing a band, most similar first, with their values, and never rows sharing none', async () => {
      const { index, close } = await (await harness.fresh()).open();
      const a = sig(10);
      const values = { name: 'Zoë "Q" O\'Brien', city: null, note: 'a,b\nc' };
      await index.add('people', [
        entry('r1', 1, 'a', a, values),
        entry('r1', 2, 'b', sharing(a, [0], 11)),
        entry('r1', 3, 'c', sharing(a, [2, 5, 7, 9], 12)),
        entry('r1', 4, 'd', noBand(a)),
        entry('r1', 5, 'e', sig(13)),
        entry('r1', 6, 'f', null),
      ]);
      const [hits, none] = await index.queryNear('people', [a, sig(99)]);
      expect(hits!.map((h) => h.row)).toEqual([1, 3, 2]);
      expect(hits![0]).toEqual({ runId: 'r1', row: 1, similarity: 1, values });
      expect(hits![1]!.similarity).toBeCloseTo((4 * SIGNATURE_ROWS) / SIGNATURE_SIZE, 12);
      expect(hits![2]!.similarity).toBeCloseTo(SIGNATURE_ROWS / SIGNATURE_SIZE, 12);
      expect(none).toEqual([]);
      const [strict] = await index.queryNear('people', [a], { minSimilarity: 0.1 });
      expect(strict!.map((h) => h.row)).toEqual([1, 3]);
      const [one] = await index.queryNear('people', [a], { limit: 1 });
      expect(one!.map((h) => h.row)).toEqual([1]);
      expect(await index.queryNear('elsewhere', [a])).toEqual([[]]);
      await close();
    });

    it('breaks similarity ties by the earliest recorded row and considers a crowded band\'s earliest rows', async () => {
      const { index, close } = await (await harness.fresh()).open();
      const a = sig(20);
      const many = Array.from({ length: BAND_BUCKET_CAP + 5 }, (_, i) => entry(i < 3 ? 'old' : 'new', i + 1, `k${i}`, a));
      await index.add('crowd', many.slice(0, 3));
      await index.add('crowd', many.slice(3));
      const [hits] = await index.queryNear('crowd', [a], { limit: BAND_BUCKET_CAP });
      expect(hits).toHaveLength(BAND_BUCKET_CAP);
      expect(hits!.map((h) => h.row)).toEqual(Array.from({ length: BAND_BUCKET_CAP }, (_, i) => i + 1));
      expect(hits!.slice(0, 4).map((h) => h.runId)).toEqual(['old', 'old', 'old', 'new']);
      await close();
    });

    it('deletes one run everywhere and reports what is recorded', async () => {
      const { index, close } = await (await harness.fresh()).open();
      const a = sig(30);
      expect(await index.datasetInfo('d')).toBeNull();
      await index.add('d', [entry('keep', 1, 'x', a), entry('drop', 1, 'x', a), entry('drop', 2, 'y', sig(31)), entry('drop', 3, 'z', null)]);
      await index.add('other', [entry('drop', 8, 'w', a)]);
      expect(await index.datasetInfo('d')).toEqual({ runs: 2, rows: 4 });
      expect(await index.deleteRun('drop')).toBe(4);
      expect(await index.deleteRun('drop')).toBe(0);
      expect(await index.datasetInfo('d')).toEqual({ runs: 1, rows: 1 });
      expect(await index.datasetInfo('other')).toBeNull();
      expect(await index.lookupExact('d', ['x', 'y', 'z'])).toEqual([{ runId: 'keep', row: 1 }, null, null]);
      const [hits] = await index.queryNear('d', [a]);
      expect(hits!.map((h) => [h.runId, h.row])).toEqual([['keep', 1]]);
      await close();
    });

    it('keeps what was recorded across reopening', async () => {
      const cat = await harness.fresh();
      const first = await cat.open();
      await first.index.add('d', [entry('r', 3, 'k', sig(40), { name: 'Ann' })]);
      await first.close();
      const again = await cat.open();
      expect(await again.index.lookupExact('d', ['k'])).toEqual([{ runId: 'r', row: 3 }]);
      expect(await again.index.queryNear('d', [sig(40)])).toEqual([[{ runId: 'r', row: 3, similarity: 1, values: { name: 'Ann' } }]]);
      await again.close();
    });

    it('refuses a signature of the wrong length and records nothing of that batch', async () => {
      const { index, close } = await (await harness.fresh()).open();
      const err = await index.add('d', [entry('r', 1, 'ok', sig(1)), entry('r', 2, 'bad', new Uint32Array(5))]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('INVALID_ARGUMENT');
      expect(await index.datasetInfo('d')).toBeNull();
      await close();
    });
  });
}
