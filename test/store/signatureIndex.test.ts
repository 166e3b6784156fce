/** The SQLite signature index (in the catalog file) against the shared SignatureIndex contract, plus its catalog migration. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { SqliteSignatureIndex } from '../../src/main/store/SqliteSignatureIndex.js';
import { signatureIndexContract } from './signatureIndex.contract.js';

async function tmpDb(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'sigindex-')), 'catalog.db');
}

signatureIndexContract('SQLite', {
  async fresh() {
    const path = await tmpDb();
    return {
      async open() {
        const index = new SqliteSignatureIndex(path);
        return { index, close: () => index.close() };
      },
    };
  },
});

describe('SqliteSignatureIndex in the catalog file', () => {
  it('shares the catalog with the run store, whose migrations create its tables', async () => {
    const path = await tmpDb();
    const runs = new SqliteRunStore(path);
    await runs.beginRun({ id: 'r1', command: 'clean', input: '/x.csv', salt: '', startedAt: '2026-01-01T00:00:00Z' });
    const index = new SqliteSignatureIndex(path);
    await index.add('d', [{ runId: 'r1', row: 1, key: 'k', signature: null, values: { a: '1' } }]);
    expect((await runs.getRun('r1'))?.status).toBe('running');
    await index.close();
    await runs.close();
    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    const version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['runs', 'plans', 'sig_datasets', 'sig_entries', 'sig_bands']));
    expect(version).toBeGreaterThanOrEqual(2);
  });

  it('needs a file, not an in-memory database', () => {
    expect(() => new SqliteSignatureIndex(':memory:')).toThrow(/file path/);
  });
});
