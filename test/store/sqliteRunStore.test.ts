/** The RunStore contract on the embedded SQLite catalog. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { runStoreContract } from './runStore.contract.js';

runStoreContract('SqliteRunStore', {
  async fresh() {
    const path = join(await mkdtemp(join(tmpdir(), 'catalog-')), 'catalog.db');
    const edit = (sql: string, ...params: unknown[]): void => {
      const db = new Database(path);
      try {
        db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
    };
    return {
      open: async () => new SqliteRunStore(path),
      // A pid above the kernel's limit belongs to no process.
      markDead: async (id) => edit('UPDATE runs SET pid = ? WHERE id = ?', 2 ** 22 + 12345, id),
      bumpSchema: async (v) => edit('INSERT INTO schema_migrations VALUES (?, ?)', v, '2030-01-01'),
    };
  },
});
