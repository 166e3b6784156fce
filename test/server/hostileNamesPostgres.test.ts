/**
 * Hostile column names and values through Postgres, end to end with the CLI: a CSV cleaned into a
 * table whose name is hostile too, with the run catalog in the same Postgres under a hostile
 * workspace name; then that table read back as input. Identifiers and values must come back
 * exactly, the plan must be stored intact, and nothing may be executed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsvSource } from '../../src/main/engine/io/csv.js';
import type { Plan } from '../../src/shared/plan.js';
import { cli, scratch } from '../cli/helpers.js';
import { startPostgres, type PgTestServer } from '../store/pgHarness.js';
import { CLEANED, HOSTILE_PLAN, hostileCsv, NAMES } from './hostileData.js';

let pg: PgTestServer;
let dir = '';
const TABLE = 'out"; DROP TABLE data_sanitizer.runs; --';
const WORKSPACE = "w'; DROP SCHEMA data_sanitizer CASCADE; --";
const quote = (s: string): string => '"' + s.replaceAll('"', '""') + '"';
/** The CLI warns once about a password in a postgres:// URL; nothing else may reach stderr. */
const PASSWORD_WARNING = /^data-sanitizer: warning: a password in a postgres:\/\/ URL[^\n]*\n$/;

beforeAll(async () => {
  pg = await startPostgres();
  dir = await scratch('ds-hostile-pg-');
  await writeFile(join(dir, 'hostile.csv'), hostileCsv());
  await writeFile(join(dir, 'plan.json'), JSON.stringify(HOSTILE_PLAN));
}, 300_000);

afterAll(async () => {
  await pg?.stop();
});

describe('hostile column names through Postgres', () => {
  it('CSV → a Postgres table: every name and value exactly, the plan intact in the team catalog', async () => {
    const r = await cli(['clean', 'hostile.csv', '--out', pg.url, '--out-table', TABLE, '--plan', 'plan.json', '--delimiter', ',', '--quiet', '--store', pg.url, '--workspace', WORKSPACE], { cwd: dir });
    expect(r.stderr).toMatch(PASSWORD_WARNING);
    expect(r.code).toBe(0);
    const cols = await pg.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [TABLE]);
    expect(cols.map((c) => c.column_name)).toEqual(NAMES);
    const rows = await pg.query<Record<string, unknown>>(`SELECT * FROM ${quote(TABLE)} ORDER BY 1`);
    expect(rows.map((row) => NAMES.map((n) => String(row[n])))).toEqual(CLEANED);

    const runs = await cli(['runs', '--store', pg.url, '--workspace', WORKSPACE, '--json'], { cwd: dir });
    const [run] = JSON.parse(runs.stdout) as { status: string; rowsIn: number; rowsOut: number; planHash: string }[];
    expect(run).toMatchObject({ status: 'succeeded', rowsIn: 2, rowsOut: 2 });
    const [stored] = await pg.query<{ json: string }>('SELECT json FROM data_sanitizer.plans WHERE hash = $1', [run!.planHash]);
    const plan = JSON.parse(stored!.json) as Plan;
    expect(plan.operations.map((o) => [o.column, o.reason])).toEqual(HOSTILE_PLAN.operations.map((o) => [o.column, o.reason]));
    expect(plan.dedupe.columns).toEqual(HOSTILE_PLAN.dedupe.columns);
    expect(plan.salt).toBe(HOSTILE_PLAN.salt);
    // Nothing was executed: the catalog's tables are all still there.
    const tables = await pg.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'data_sanitizer' AND table_name IN ('runs', 'plans', 'audit', 'workspaces')");
    expect(tables).toEqual([{ n: 4 }]);
  });

  it('that table as input → CSV: the names and values read back exactly', async () => {
    const r = await cli(['clean', pg.url, '--table', TABLE, '--out', 'back.csv', '--plan', 'plan.json', '--quiet', '--store', join(dir, 'cat.db')], { cwd: dir });
    expect(r.stderr).toMatch(PASSWORD_WARNING);
    expect(r.code).toBe(0);
    const back = createCsvSource(join(dir, 'back.csv'), { delimiter: ',', header: true, encoding: 'utf-8' });
    expect((await back.info()).schema.map((c) => c.name)).toEqual(NAMES);
    const rows: string[][] = [];
    for await (const b of back.read()) {
      expect(b.quarantined).toEqual([]);
      for (let i = 0; i < b.length; i++) rows.push(b.columns.map((col) => String(col[i])));
    }
    expect(rows).toEqual(CLEANED);
    expect(await readFile(join(dir, 'back.csv'), 'utf8')).toContain('DROP TABLE');
  });
});
