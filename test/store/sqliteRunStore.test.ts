/** The SQLite run catalog: migrations, run lifecycle, plans, interrupted-run recovery. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import type { Plan } from '../../src/shared/plan.js';

const plan: Plan = { version: 1, salt: 's', operations: [], dedupe: { mode: 'exact', columns: [] } };

async function tmpDb(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'catalog-')), 'catalog.db');
}

describe('SqliteRunStore', () => {
  it('records a run from start to finish, with its plan', async () => {
    const path = await tmpDb();
    const s = new SqliteRunStore(path);
    await s.beginRun({ id: 'r1', command: 'clean', input: '/x.csv', salt: 's', startedAt: '2026-01-01T00:00:00Z' });
    expect((await s.getRun('r1'))?.status).toBe('running');
    await s.finishRun('r1', { status: 'succeeded', finishedAt: '2026-01-01T00:01:00Z', plan, rowsIn: 10, rowsOut: 8, duplicates: 1, quarantined: 1, artifacts: { cleaned: '/x.parquet' } });
    const r = await s.getRun('r1');
    expect(r).toMatchObject({ status: 'succeeded', rowsIn: 10, rowsOut: 8, artifacts: { cleaned: '/x.parquet' } });
    expect(await s.getPlan(r!.planHash!)).toEqual(plan);
    await s.close();
    const again = new SqliteRunStore(path);
    expect(await again.listRuns()).toHaveLength(1);
    await again.close();
  });

  it('marks runs of dead processes as interrupted', async () => {
    const path = await tmpDb();
    const s = new SqliteRunStore(path);
    await s.beginRun({ id: 'r2', command: 'clean', input: '/y.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    await s.close();
    const db = new Database(path);
    db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12345, 'r2');
    db.close();
    const s2 = new SqliteRunStore(path);
    expect(await s2.recoverInterrupted()).toBe(1);
    expect((await s2.getRun('r2'))?.status).toBe('interrupted');
    await s2.close();
  });

  it('refuses a catalog with a newer schema', async () => {
    const path = await tmpDb();
    new SqliteRunStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations VALUES (99, ?)').run('2030-01-01');
    db.close();
    expect(() => new SqliteRunStore(path)).toThrow(/newer than this app/);
  });
});
