/** The RunStore contract every catalog backend passes: run lifecycle, plans, ordering, recovery, migrations. */
import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../src/main/app/ports.js';
import type { Plan } from '../../src/shared/plan.js';

export interface CatalogUnderTest {
  /** Opens the catalog (again); each call is a new connection, as a second process would make. */
  open(): Promise<RunStore>;
  /** Makes the process that began run `id` look dead, as after a crash; called with no store open. */
  markDead(id: string): Promise<void>;
  /** Records a schema version newer than this build knows. */
  bumpSchema(version: number): Promise<void>;
}

export interface RunStoreHarness {
  /** A new, empty catalog. */
  fresh(): Promise<CatalogUnderTest>;
}

const plan: Plan = { version: 1, salt: 's', operations: [], dedupe: { mode: 'exact', columns: [] } };
const start = (id: string, startedAt = '2026-01-01T00:00:00Z') => ({ id, command: 'clean' as const, input: `/in/${id}.csv`, salt: 's', startedAt });

export function runStoreContract(name: string, harness: RunStoreHarness): void {
  describe(`RunStore contract: ${name}`, () => {
    it('records a run from start to finish, with its plan, and keeps it across reopening', async () => {
      const cat = await harness.fresh();
      const s = await cat.open();
      await s.beginRun(start('r1'));
      expect(await s.getRun('r1')).toMatchObject({ id: 'r1', status: 'running', input: '/in/r1.csv', finishedAt: null, rowsIn: null, artifacts: {} });
      await s.finishRun('r1', { status: 'succeeded', finishedAt: '2026-01-01T00:01:00Z', inputSha256: 'ab'.repeat(32), plan, rowsIn: 10, rowsOut: 8, duplicates: 1, quarantined: 1, artifacts: { cleaned: '/x.parquet' } });
      const r = await s.getRun('r1');
      expect(r).toEqual({
        id: 'r1', status: 'succeeded', command: 'clean', input: '/in/r1.csv', inputSha256: 'ab'.repeat(32), planHash: r!.planHash, salt: 's',
        startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z', rowsIn: 10, rowsOut: 8, duplicates: 1, quarantined: 1, error: null,
        artifacts: { cleaned: '/x.parquet' },
      });
      expect(r!.planHash).toMatch(/^[0-9a-f]{16,}$/);
      expect(await s.getPlan(r!.planHash!)).toEqual(plan);
      await s.close();
      const again = await cat.open();
      expect(await again.listRuns()).toHaveLength(1);
      expect((await again.getRun('r1'))?.rowsOut).toBe(8);
      await again.close();
    });

    it('keeps the error of a failed run and answers null for unknown runs and plans', async () => {
      const s = await (await harness.fresh()).open();
      await s.beginRun(start('f1'));
      await s.finishRun('f1', { status: 'failed', finishedAt: '2026-01-01T00:00:05Z', error: 'in.csv, line 3: bad quote' });
      expect(await s.getRun('f1')).toMatchObject({ status: 'failed', error: 'in.csv, line 3: bad quote', planHash: null, rowsIn: null });
      expect(await s.getRun('nope')).toBeNull();
      expect(await s.getPlan('0'.repeat(16))).toBeNull();
      await s.close();
    });

    it('lists runs newest first, ties by id, up to the limit; one plan serves many runs', async () => {
      const s = await (await harness.fresh()).open();
      const ids = ['b', 'a', 'c', 'd'];
      const times = ['2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'];
      for (let i = 0; i < ids.length; i++) await s.beginRun(start(ids[i]!, times[i]));
      for (const id of ids) await s.finishRun(id, { status: 'succeeded', finishedAt: '2026-01-04T00:00:00Z', plan });
      expect((await s.listRuns()).map((r) => r.id)).toEqual(['d', 'a', 'b', 'c']);
      expect((await s.listRuns({ limit: 2 })).map((r) => r.id)).toEqual(['d', 'a']);
      const hashes = new Set((await s.listRuns()).map((r) => r.planHash));
      expect(hashes.size).toBe(1);
      await s.close();
    });

    it('marks runs of dead processes as interrupted', async () => {
      const cat = await harness.fresh();
      const s = await cat.open();
      await s.beginRun(start('r2'));
      await s.close();
      await cat.markDead('r2');
      const s2 = await cat.open();
      expect(await s2.recoverInterrupted()).toBe(1);
      expect(await s2.getRun('r2')).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/stopped/) });
      expect((await s2.getRun('r2'))?.finishedAt).not.toBeNull();
      expect(await s2.recoverInterrupted()).toBe(0);
      await s2.close();
    });

    it('leaves a live run of another connection alone', async () => {
      const cat = await harness.fresh();
      const a = await cat.open();
      const b = await cat.open();
      await a.beginRun(start('live'));
      expect(await b.recoverInterrupted()).toBe(0);
      expect((await b.getRun('live'))?.status).toBe('running');
      await a.finishRun('live', { status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z' });
      expect((await b.getRun('live'))?.status).toBe('succeeded');
      await a.close();
      await b.close();
    });

    it('migrates idempotently, also when two connections open a new catalog at once', async () => {
      const cat = await harness.fresh();
      const [a, b] = await Promise.all([cat.open(), cat.open()]);
      await a.beginRun(start('m1'));
      await a.finishRun('m1', { status: 'succeeded', finishedAt: '2026-01-01T00:00:01Z' });
      expect((await b.getRun('m1'))?.status).toBe('succeeded');
      await a.close();
      await b.close();
      const c = await cat.open();
      expect(await c.listRuns()).toHaveLength(1);
      await c.close();
    });

    it('refuses a catalog with a newer schema', async () => {
      const cat = await harness.fresh();
      await (await cat.open()).close();
      await cat.bumpSchema(99);
      await expect(cat.open()).rejects.toThrow(/newer than this app/);
    });
  });
}
