/** Postgres as a Source (server-side cursor, one snapshot) and a Sink (typed table, all-or-nothing) on a real server. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSink } from '../../src/main/store/pg/pgSink.js';
import { createPostgresSource } from '../../src/main/store/pg/pgSource.js';
import type { RowBatch } from '../../src/main/engine/table.js';
import { hostileName, startPostgres, type PgTestServer } from './pgHarness.js';

let server: PgTestServer;
beforeAll(async () => {
  server = await startPostgres();
  await server.query(`CREATE TABLE people (id int, big bigint, huge bigint, price numeric(10,2), ok boolean, born date, seen timestamp, at timestamptz, doc jsonb, note text, ratio double precision)`);
  await server.query(`INSERT INTO people VALUES
    (1, 42, 9007199254740993, 12.50, true, '1990-02-03', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+02', '{"a": [1, 2]}', E'tab\\there\\nnew line', 0.25),
    (2, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, 'NaN')`);
  await server.query('CREATE SEQUENCE people_seq');
  await server.query(`INSERT INTO people (id, note) SELECT g, 'row ' || g FROM generate_series(3, 2500) g`);
});
afterAll(async () => { await server?.stop(); });

async function collect(it: AsyncIterable<RowBatch>): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

describe('Postgres source', () => {
  it('reads a table in batches with exact, typed cells, the same rows on every pass, and a stable fingerprint', async () => {
    const src = createPostgresSource({ connection: { url: server.url }, table: 'people' });
    const info = await src.info();
    expect(info.schema.map((s) => `${s.name}:${s.sourceType}`)).toEqual([
      'id:integer', 'big:bigint', 'huge:bigint', 'price:numeric(10,2)', 'ok:boolean', 'born:date', 'seen:timestamp without time zone',
      'at:timestamp with time zone', 'doc:jsonb', 'note:text', 'ratio:double precision']);
    expect(info.path).not.toContain(new URL(server.url).password);
    const first = await collect(src.read({ batchSize: 1000 }));
    expect(first.map((b) => b.length)).toEqual([1000, 1000, 500]);
    const b = first[0]!;
    const row = (i: number) => b.columns.map((c) => c[i]);
    expect(row(0)).toEqual([1, 42, '9007199254740993', 12.5, true, '1990-02-03', '2024-01-02T03:04:05.5', '2024-01-02T01:04:05Z', '{"a": [1, 2]}', 'tab\there\nnew line', 0.25]);
    expect(row(1)).toEqual([2, null, null, null, false, null, null, null, null, null, 'NaN']);
    expect(b.rows.slice(0, 3)).toEqual([1, 2, 3]);
    expect(first[2]!.rows.at(-1)).toBe(2500);
    const sha = await src.sha256;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    // A write between passes is invisible: both passes read one snapshot.
    await server.query(`INSERT INTO people (id) VALUES (9999)`);
    const second = await collect(src.read({ batchSize: 1000 }));
    expect(second.reduce((n, x) => n + x.length, 0)).toBe(2500);
    expect(second.map((x) => x.columns)).toEqual(first.map((x) => x.columns));
    await src.close();
    await server.query(`DELETE FROM people WHERE id = 9999`);
    const again = createPostgresSource({ connection: { url: server.url }, table: 'people' });
    await collect(again.read());
    expect(await again.sha256).toBe(sha);
    await again.close();
  });

  it('reads a query, refuses a second statement, and cannot write', async () => {
    const src = createPostgresSource({ connection: { url: server.url }, query: 'SELECT id, id AS id, note FROM people WHERE id <= 3 ORDER BY id;' });
    expect((await src.info()).schema.map((s) => s.name)).toEqual(['id', 'id_2', 'note']);
    const [b] = await collect(src.read());
    expect(b!.columns).toEqual([[1, 2, 3], [1, 2, 3], ['tab\there\nnew line', null, 'row 3']]);
    await src.close();
    const sneaky = createPostgresSource({ connection: { url: server.url }, query: 'SELECT 1; DROP TABLE people' });
    await expect(sneaky.info()).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/multiple commands/) });
    await sneaky.close();
    const writer = createPostgresSource({ connection: { url: server.url }, query: "SELECT nextval('people_seq')" });
    await expect(collect(writer.read())).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/read-only transaction/) });
    await writer.close();
    expect((await server.query<{ n: string }>('SELECT count(*) AS n FROM people'))[0]!.n).toBe('2500');
    expect(() => createPostgresSource({ connection: { url: server.url } })).toThrow(/--table or --query/);
  });
});

describe('Postgres sink', () => {
  const cols = ['id', 'name', 'score', 'ok', 'day', 'at'];
  const data = (n: number, from = 0): (string | number | boolean | null)[][] => [
    Array.from({ length: n }, (_, i) => from + i + 1),
    Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `name\t${from + i}\\`)),
    Array.from({ length: n }, (_, i) => (from + i) / 4),
    Array.from({ length: n }, (_, i) => i % 2 === 0),
    Array.from({ length: n }, () => '2024-02-29'),
    Array.from({ length: n }, () => '2024-02-29T10:11:12Z'),
  ];

  it('creates the table with inferred types only at commit, inside one transaction', async () => {
    const sink = await createPostgresSink({ connection: { url: server.url }, table: 'clean_out', columns: cols });
    await sink.write(data(3000), 3000);
    await sink.write(data(500, 3000), 500);
    expect(await server.query(`SELECT to_regclass('clean_out') AS t`)).toEqual([{ t: null }]);
    await sink.commit();
    const types = await server.query<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'clean_out' ORDER BY ordinal_position`);
    expect(types.map((t) => `${t.column_name}:${t.data_type}`)).toEqual(['id:bigint', 'name:text', 'score:double precision', 'ok:boolean', 'day:date', 'at:timestamp without time zone']);
    const rows = await server.query<Record<string, unknown>>(`SELECT id::int, name, score, ok, day::text, at::text FROM clean_out WHERE id IN (1, 2, 3500) ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, name: null, score: 0, ok: true, day: '2024-02-29', at: '2024-02-29 10:11:12' },
      { id: 2, name: 'name\t1\\', score: 0.25, ok: false, day: '2024-02-29', at: '2024-02-29 10:11:12' },
      { id: 3500, name: 'name\t3499\\', score: 874.75, ok: false, day: '2024-02-29', at: '2024-02-29 10:11:12' },
    ]);
    expect(await sink.checksum()).toMatch(/^[0-9a-f]{64}$/);
    await expect(createPostgresSink({ connection: { url: server.url }, table: 'clean_out', columns: cols })).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    const again = await createPostgresSink({ connection: { url: server.url }, table: 'clean_out', columns: ['x'], replace: true });
    await again.write([['only']], 1);
    await again.commit();
    expect(await server.query('SELECT * FROM clean_out')).toEqual([{ x: 'only' }]);
  });

  it('leaves nothing behind when aborted, and keeps the old table when a replacement fails', async () => {
    const sink = await createPostgresSink({ connection: { url: server.url }, table: 'never', columns: cols });
    await sink.write(data(100), 100);
    await sink.abort();
    await sink.abort();
    expect(await server.query(`SELECT to_regclass('never') AS t`)).toEqual([{ t: null }]);
    const bad = await createPostgresSink({ connection: { url: server.url }, table: 'clean_out', columns: ['x'], replace: true, types: { x: 'BIGINT' } });
    await bad.write([['not a number']], 1);
    await expect(bad.commit()).rejects.toThrow(/declared BIGINT/);
    expect(await server.query('SELECT * FROM clean_out')).toEqual([{ x: 'only' }]);
  });

  it('round-trips any text, null and the COPY escape characters through sink and source (property)', async () => {
    let n = 0;
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }).filter((x) => !x.includes('\u0000')),
      fc.constantFrom('\t', '\\', '\n', '\r', '\\N', '\\.', '"', "'", ''),
    );
    await fc.assert(fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { minLength: 1, maxLength: 15 }), async (vals) => {
      const table = `prop_${n++}`;
      const sink = await createPostgresSink({ connection: { url: server.url }, table, columns: ['i', 'v'], types: { v: 'VARCHAR' } });
      await sink.write([vals.map((_, i) => i), vals], vals.length);
      await sink.commit();
      const src = createPostgresSource({ connection: { url: server.url }, query: `SELECT v FROM ${table} ORDER BY i` });
      const got = (await collect(src.read())).flatMap((b) => b.columns[0]!);
      await src.close();
      expect(got).toEqual(vals);
    }), { numRuns: 25 });
  });

  it('round-trips hostile schema, table and column names', async () => {
    const schema = hostileName('s');
    await server.query(`CREATE SCHEMA "${schema.replace(/"/g, '""')}"`);
    const table = `tbl"; DROP TABLE people; --`;
    const names = ['a"b', 'semi;colon', 'ünï ✓', 'tab\tname'];
    const sink = await createPostgresSink({ connection: { url: server.url }, schema, table, columns: names });
    await sink.write([[1], ['x'], ['y'], [true]], 1);
    await sink.commit();
    const src = createPostgresSource({ connection: { url: server.url }, schema, table });
    expect((await src.info()).schema.map((s) => s.name)).toEqual(names);
    const [b] = await collect(src.read());
    expect(b!.columns).toEqual([[1], ['x'], ['y'], [true]]);
    await src.close();
    expect((await server.query<{ n: string }>('SELECT count(*) AS n FROM people'))[0]!.n).toBe('2500');
  });
});
