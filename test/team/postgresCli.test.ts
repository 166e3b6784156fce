/** End to end through the CLI against a real Postgres: table in, table out, team history, audit, --against, quota, a killed run. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { writeCsv, type EvalTable } from '../../scripts/evalLib.js';
import { syntheticPeople } from '../../scripts/synthPeople.js';
import { cli, scratch } from '../cli/helpers.js';
import { hostileName, startPostgres, type PgTestServer } from '../store/pgHarness.js';

let pg: PgTestServer;
let password: string;
beforeAll(async () => {
  pg = await startPostgres();
  password = decodeURIComponent(new URL(pg.url).password);
  await pg.query(`CREATE TABLE people (id int, name text, email text, joined date, score numeric)`);
  await pg.query(`INSERT INTO people SELECT g, '  ' || initcap(md5(g::text)) || ' ', 'User' || g || '@Example.COM', DATE '2020-01-01' + g, g * 1.5 FROM generate_series(1, 200) g`);
  // Ten exact copies, so the cleaned table is measurably smaller.
  await pg.query(`INSERT INTO people SELECT * FROM people WHERE id <= 10`);
});
afterAll(async () => { await pg?.stop(); });

const q = (s: string): string => '"' + s.replace(/"/g, '""') + '"';

function redacted(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

describe('clean with Postgres as source, sink and team catalog', () => {
  it('cleans a table into a new typed table; history, audit trail and provenance land in the team catalog, with no password anywhere', async () => {
    const dir = await scratch();
    const r = await cli(['clean', pg.url, '--table', 'people', '--out', pg.url, '--out-table', 'people_clean', '--store', pg.url, '--workspace', 'acme', '--dedupe', 'exact', '--json'], { cwd: dir });
    expect(r.stderr).toBe('data-sanitizer: warning: a password in a postgres:// URL ends up in shell history and process lists; prefer a profile or PGPASSWORD\n');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runId: string; rows: { in: number; out: number; duplicates: number }; outputs: Record<string, string> };
    expect(out.rows).toMatchObject({ in: 210, out: 200, duplicates: 10 });
    expect(out.outputs['cleaned']).toBe(`${redacted(pg.url)}#"people_clean"`);
    const types = await pg.query<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'people_clean' ORDER BY ordinal_position`);
    expect(types.map((t) => `${t.column_name}:${t.data_type}`)).toEqual(['id:bigint', 'name:text', 'email:text', 'joined:date', 'score:double precision']);
    expect(await pg.query('SELECT count(*)::int AS n FROM people_clean')).toEqual([{ n: 200 }]);
    const [row] = await pg.query<{ name: string }>('SELECT name FROM people_clean WHERE id = 1');
    expect(row!.name).toBe(row!.name.trim());

    const runs = await cli(['runs', '--store', pg.url, '--workspace', 'acme', '--json'], { cwd: dir });
    const list = JSON.parse(runs.stdout) as { id: string; status: string; input: string; artifacts: Record<string, string> }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: out.runId, status: 'succeeded', input: `${redacted(pg.url)}#"people"` });
    const verify = await cli(['verify', '--store', pg.url, '--workspace', 'acme'], { cwd: dir });
    expect(verify.stdout).toMatch(/^ok: 3 entries in workspace "acme", chain intact/);
    const audit = await readFile(join(dir, 'people_clean.audit.jsonl'), 'utf8');
    const finished = JSON.parse(audit.trim().split('\n').at(-1)!) as { provenanceRecords: number; artifacts: Record<string, string> };
    const prov = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_sanitizer.provenance WHERE run_id = $1`, [out.runId]);
    expect(prov[0]!.n).toBe(finished.provenanceRecords);
    expect(finished.provenanceRecords).toBeGreaterThan(200);
    expect(finished.artifacts['cleaned']).toMatch(/^[0-9a-f]{64}$/);

    const leaks = await pg.query<{ n: number }>(`SELECT (
        (SELECT count(*) FROM data_sanitizer.runs WHERE input LIKE $1 OR artifacts::text LIKE $1 OR coalesce(error, '') LIKE $1)
      + (SELECT count(*) FROM data_sanitizer.audit WHERE body LIKE $1))::int AS n`, [`%${password}%`]);
    expect(leaks[0]!.n).toBe(0);
    for (const f of ['people_clean.report.json', 'people_clean.audit.jsonl']) expect(await readFile(join(dir, f), 'utf8')).not.toContain(password);
    expect(r.stdout + runs.stdout + verify.stdout).not.toContain(password);
  });

  it('reads a --query and writes to a table and schema with hostile names', async () => {
    const dir = await scratch();
    const inSchema = hostileName('in');
    const inTable = `src "tbl"; ✓`;
    await pg.query(`CREATE SCHEMA ${q(inSchema)}`);
    await pg.query(`CREATE TABLE ${q(inSchema)}.${q(inTable)} AS SELECT id, name FROM people WHERE id <= 30`);
    const outSchema = hostileName('out');
    await pg.query(`CREATE SCHEMA ${q(outSchema)}`);
    const outTable = `out"; DROP TABLE people; --`;
    const a = await cli(['clean', pg.url, '--schema', inSchema, '--table', inTable, '--out', pg.url, '--out-schema', outSchema, '--out-table', outTable, '--dedupe', 'off', '-q'], { cwd: dir });
    expect(a.stderr).toMatch(/^data-sanitizer: warning: a password in a postgres:\/\/ URL/);
    expect(a.code).toBe(0);
    expect(await pg.query(`SELECT count(*)::int AS n FROM ${q(outSchema)}.${q(outTable)}`)).toEqual([{ n: 40 }]);
    const b = await cli(['clean', pg.url, '--query', 'SELECT id, email FROM people WHERE id <= 5 ORDER BY id', '--out', join(dir, 'five.csv'), '--dedupe', 'off', '-q'], { cwd: dir });
    expect(b.code).toBe(0);
    // Ids 1–10 were inserted twice, so five ids are ten rows (and dedupe is off).
    expect((await readFile(join(dir, 'five.csv'), 'utf8')).trim().split('\n')).toHaveLength(11);
    expect(await pg.query('SELECT count(*)::int AS n FROM people')).toEqual([{ n: 210 }]);
  });

  it('a killed run leaves no table and no rows, and the next command marks it interrupted', async () => {
    const dir = await scratch();
    await pg.query(`CREATE TABLE big AS SELECT g AS id, md5(g::text) AS h, g % 97 AS k FROM generate_series(1, 300000) g`);
    let pid = 0;
    const running = cli(['clean', pg.url, '--table', 'big', '--out', pg.url, '--out-table', 'big_clean', '--store', pg.url, '--workspace', 'kill', '--dedupe', 'off', '-q'],
      { cwd: dir, onSpawn: (p) => { pid = p; } });
    // Kill it while the sink's transaction is streaming rows into the server.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const copying = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY ds_stage%'`);
      if (copying[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error('the run never started writing');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, 'SIGKILL');
    const r = await running;
    expect(r.code).toBeNull();
    for (let i = 0; i < 200; i++) {
      const left = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'data-sanitizer'`);
      if (left[0]!.n === 0) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await pg.query(`SELECT to_regclass('big_clean') AS t`)).toEqual([{ t: null }]);
    const runs = await cli(['runs', '--store', pg.url, '--workspace', 'kill', '--json'], { cwd: dir });
    expect((JSON.parse(runs.stdout) as { status: string }[]).map((x) => x.status)).toEqual(['interrupted']);
  });

  it('two catalogs share one team history, and the second run removes rows the first already cleaned, exact and near', async () => {
    const one = await scratch();
    const two = await scratch();
    const first = syntheticPeople(300, 'team-first');
    await writeCsv(first, join(one, 'a.csv'));
    const a = await cli(['clean', 'a.csv', '--out', 'a_clean.csv', '--duplicates', 'a.dups.csv', '--store', pg.url, '--workspace', 'team', '--dataset', 'customers', '--json'], { cwd: one });
    expect(a.code).toBe(0);
    const firstRun = (JSON.parse(a.stdout) as { runId: string }).runId;
    const removed = new Set((await readFile(join(one, 'a.dups.csv'), 'utf8')).trimEnd().split('\n').slice(1)
      .map((l) => l.split(',')).filter((c) => c[2] === 'false').map((c) => Number(c[0])));
    const kept = Array.from({ length: first.rows }, (_, i) => i + 1).filter((r) => !removed.has(r));
    // The second file: 15 exact copies and 15 near copies (a typo in the surname) of rows the first run kept, then new people.
    const fresh = syntheticPeople(100, 'team-second');
    const second: EvalTable = { name: 'b', names: first.names, columns: first.names.map(() => []), rows: 0, truth: new Set() };
    const rowOf = (t: EvalTable, r: number): (string | null)[] => t.columns.map((c) => c[r - 1] ?? null);
    const push = (v: (string | null)[]): void => { v.forEach((x, c) => second.columns[c]!.push(x)); second.rows++; };
    for (let i = 0; i < 15; i++) push(rowOf(first, kept[i * 7]!));
    for (let i = 0; i < 15; i++) {
      const v = rowOf(first, kept[i * 11 + 3]!);
      const s = v[1]!;
      const m = Math.floor(s.length / 2);
      v[1] = s.slice(0, m) + (s[m] === 'x' ? 'q' : 'x') + s.slice(m + 1);
      push(v);
    }
    for (let r = 1; r <= fresh.rows; r++) push(rowOf(fresh, r));
    await writeCsv(second, join(two, 'b.csv'));
    const b = await cli(['clean', 'b.csv', '--out', 'b_clean.csv', '--store', pg.url, '--workspace', 'team', '--against', 'customers', '--json'], { cwd: two });
    expect(b.code).toBe(0);
    const rep = JSON.parse(await readFile(join(two, 'b_clean.report.json'), 'utf8')) as Report;
    expect(rep.duplicates.against).toEqual({ dataset: 'customers', earlierRuns: 1, exact: 15, near: 15, runs: [firstRun] });
    expect(rep.rows.in).toBe(130);
    expect(rep.rows.in).toBe(rep.rows.out + rep.rows.duplicates + rep.rows.quarantined);
    // None of the thirty repeats survives into the cleaned file.
    const out = (await readFile(join(two, 'b_clean.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    const key = (l: string): string => l.split(',').slice(0, 2).join(',');
    const names = second.columns[0]!.map((g, i) => `${g},${second.columns[1]![i]}`);
    const repeated = new Set(names.slice(0, 30));
    expect(out.filter((l) => repeated.has(key(l)))).toEqual([]);
    // The same comparison finds every row that was kept, so the check above can see a survivor.
    expect(out.filter((l) => names.slice(30).includes(key(l)))).toHaveLength(rep.rows.out);
    const history = await cli(['runs', '--store', pg.url, '--workspace', 'team', '--json'], { cwd: one });
    expect((JSON.parse(history.stdout) as { input: string }[]).map((x) => x.input).sort()).toEqual(['a.csv', 'b.csv']);
    const elsewhere = await cli(['runs', '--store', pg.url, '--workspace', 'other', '--json'], { cwd: one });
    expect(JSON.parse(elsewhere.stdout)).toEqual([]);
  });

  it('never prints a password, also when the connection fails and with --debug stack traces', async () => {
    const dir = await scratch();
    const u = new URL(pg.url);
    u.password = 'Wr0ng-Pass-Word-7731';
    const wrong = u.toString();
    const runs = await cli(['runs', '--store', wrong], { cwd: dir });
    const input = await cli(['clean', wrong, '--table', 'people', '--out', 'x.csv', '--debug'], { cwd: dir });
    const output = await cli(['clean', pg.url, '--table', 'people', '--out', wrong, '--out-table', 'nope', '--debug'], { cwd: dir });
    for (const r of [runs, input, output]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/password authentication failed/);
      expect(r.stdout + r.stderr).not.toContain('Wr0ng-Pass-Word-7731');
      expect(r.stdout + r.stderr).not.toContain(password);
    }
  });

  it('refuses a run once the workspace row quota is used up', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'small.csv'), 'a,b\n1,x\n2,y\n3,z\n');
    const set = await cli(['workspace', '--store', pg.url, '--workspace', 'tiny', '--quota', '3'], { cwd: dir });
    expect(set.stdout).toBe('workspace tiny: 0 run(s), 0 row(s) cleaned of a 3-row quota\n');
    expect((await cli(['clean', 'small.csv', '--out', 'o1.csv', '--store', pg.url, '--workspace', 'tiny', '-q'], { cwd: dir })).code).toBe(0);
    const refused = await cli(['clean', 'small.csv', '--out', 'o2.csv', '--store', pg.url, '--workspace', 'tiny', '-q'], { cwd: dir });
    expect(refused.code).toBe(65);
    expect(refused.stderr).toMatch(/workspace "tiny" has used 3 of its 3-row quota/);
    const runs = await cli(['runs', '--store', pg.url, '--workspace', 'tiny', '--json'], { cwd: dir });
    expect(JSON.parse(runs.stdout)).toHaveLength(1);
  });
});
