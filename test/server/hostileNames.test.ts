/**
 * Hostile column names and values (quotes, semicolons, SQL, unicode, newlines) through every SQL
 * path: CSV → Parquet via DuckDB (CLI), the SQLite catalog, and the server's preview and diff
 * views (DuckDB); Postgres is in hostileNamesPostgres.test.ts. Identifiers must come back
 * exactly, values too, and nothing may be executed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CleanStarted, DataPage, DiffFacets, DiffPage } from '../../src/shared/api.js';
import { startServer, type RunningServer } from '../../src/main/server/index.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { cli, duck } from '../cli/helpers.js';
import { CLEANED, HOSTILE_PLAN, HOSTILE_VALUE, hostileCsv, NAMES, ROWS } from './hostileData.js';

let dir: string;
let input: string;
let server: RunningServer;

const plan = HOSTILE_PLAN;

async function api<T>(method: string, body: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/${method}`, {
    method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  expect([method, res.status, json]).toEqual([method, 200, json]);
  return json;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-hostile-'));
  mkdirSync(join(dir, 'out'));
  input = join(dir, 'hostile.csv');
  writeFileSync(input, hostileCsv());
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: null, log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile column names', () => {
  it('CSV → Parquet through DuckDB keeps every name and value exactly; the catalog stores the plan intact', async () => {
    const out = join(dir, 'cli', 'out.parquet');
    const store = join(dir, 'cli', 'cat.db');
    const r = await cli(['clean', input, '--out', out, '--plan', join(dir, 'plan.json'), '--delimiter', ',', '--quiet', '--store', store], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cols = await duck<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet('${out}')`);
    expect(cols.map((c) => c.column_name)).toEqual(NAMES);
    const back = await duck<Record<string, string | number>>(`SELECT * FROM read_parquet('${out}') ORDER BY 1`);
    expect(back.map((row) => NAMES.map((n) => String(row[n])))).toEqual(CLEANED);

    const catalog = new SqliteRunStore(store);
    try {
      const [run] = await catalog.listRuns();
      expect(run).toMatchObject({ status: 'succeeded', rowsIn: 2, rowsOut: 2, salt: plan.salt });
      const stored = await catalog.getPlan(run!.planHash!);
      expect(stored?.operations.map((o) => [o.column, o.reason])).toEqual(plan.operations.map((o) => [o.column, o.reason]));
      expect(stored?.dedupe.columns).toEqual(plan.dedupe.columns);
      expect(stored?.salt).toBe(plan.salt);
    } finally {
      await catalog.close();
    }
    const runs = await cli(['runs', '--store', store, '--json'], { cwd: dir });
    expect((JSON.parse(runs.stdout) as unknown[]).length).toBe(1);
  });

  it('the server previews the file, cleans it and filters the diff by each hostile column', async () => {
    const page = await api<DataPage>('dataset.page', { path: input, offset: 0, limit: 10 });
    expect(page.columns).toEqual(NAMES);
    expect(page.rows).toEqual(ROWS);

    const started = await api<CleanStarted>('clean.start', { path: input, outDir: join(dir, 'out'), name: 'hostile.cleaned.csv', plan, dedupe: 'exact' });
    expect((await server.api.jobs.wait(started.jobId)).state).toBe('succeeded');

    const facets = await api<DiffFacets>('run.diffFacets', { runId: started.runId });
    // Trim changed one cell in "a\"b" (row 1) and one in "new\nline" (row 2).
    expect(facets.columns.map((c) => [c.name, c.count]).sort()).toEqual([['a"b', 1], ['new\nline', 1]]);
    for (const column of NAMES) {
      const diff = await api<DiffPage>('run.diff', { runId: started.runId, offset: 0, limit: 10, column });
      expect(diff.columns).toEqual(NAMES);
      const changed = column === 'a"b' ? [1] : column === 'new\nline' ? [2] : [];
      expect([column, diff.rows.map((d) => d.row)]).toEqual([column, changed]);
    }
    // The catalog still answers: nothing was dropped.
    expect((await api<{ id: string }[]>('runs.list', { limit: 5 })).map((r) => r.id)).toContain(started.runId);
    expect(readFileSync(join(dir, 'out', 'hostile.cleaned.csv'), 'utf8')).toContain(`,${HOSTILE_VALUE},`);
  });

  it('previews quoted fields exactly as the engine reads them, whichever quote the file uses', async () => {
    const double = join(dir, 'double.csv');
    writeFileSync(double, 'name,note\n"say ""hi""","a, b"\n"x",""\n');
    expect((await api<DataPage>('dataset.page', { path: double, offset: 0, limit: 10 })).rows).toEqual([['say "hi"', 'a, b'], ['x', '']]);
    const single = join(dir, 'single.csv');
    writeFileSync(single, "name,city\n'Ann, A','Oslo'\n'Bob','Bergen, N'\n'Cy','it''s'\n");
    expect((await api<DataPage>('dataset.page', { path: single, offset: 0, limit: 10 })).rows).toEqual([['Ann, A', 'Oslo'], ['Bob', 'Bergen, N'], ['Cy', "it's"]]);
  });
});
