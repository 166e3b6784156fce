/** TableCache: DuckDB's own readers and the engine's reader agree row for row; odd headers, drift and encodings survive. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TableCache } from '../../src/main/app/tables.js';

let dir: string;
const cache = new TableCache({ maxTables: 3 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-tables-'));
});

afterAll(async () => {
  await cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TableCache', () => {
  it('loads a CSV with DuckDB, keeping the engine column names, and matches the engine loader', async () => {
    const csv = join(dir, 'odd.csv');
    writeFileSync(csv, 'rowid,name,name,\n1,"Smith, Jo",x,a\n2,,y,b\n3,"line\nbreak",z,c\n');
    const native = await cache.dataset({ path: csv });
    expect(native.loader).toBe('duckdb');
    expect(native.columns).toEqual(['rowid', 'name', 'name_2', 'column_4']);
    expect(native.rows).toBe(3);
    const nativePage = await cache.page(native, 0, 10);
    expect(nativePage.rowNumbers).toEqual([1, 2, 3]);
    expect(nativePage.rows).toEqual([['1', 'Smith, Jo', 'x', 'a'], ['2', null, 'y', 'b'], ['3', 'line\nbreak', 'z', 'c']]);
    // A report that counted differently forces the engine's reader, whose numbering is the provenance's.
    const engine = await cache.dataset({ path: csv }, 99);
    expect(engine.loader).toBe('engine');
    const enginePage = await cache.page(engine, 0, 10);
    expect(enginePage.rowNumbers).toEqual([1, 2, 3]);
    expect(enginePage.rows.map((r) => r.map((c) => c ?? ''))).toEqual(nativePage.rows.map((r) => r.map((c) => c ?? '')));
    const picked = await cache.rowsByNumber(engine, [3, 1, 7]);
    expect([...picked.keys()].sort()).toEqual([1, 3]);
    expect(picked.get(3)?.[0]).toBe('3');
  });

  it('pages deep into a larger file', async () => {
    const csv = join(dir, 'big.csv');
    const lines = ['n,sq'];
    for (let i = 1; i <= 20_000; i++) lines.push(`${i},${i * i}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const t = await cache.dataset({ path: csv });
    expect(t.rows).toBe(20_000);
    const page = await cache.page(t, 19_995, 10);
    expect(page.rowNumbers).toEqual([19_996, 19_997, 19_998, 19_999, 20_000]);
    expect(page.rows[4]).toEqual(['20000', '400000000']);
  });

  it('reads windows-1252 through the engine (DuckDB would misread it)', async () => {
    const csv = join(dir, 'latin.csv');
    writeFileSync(csv, Buffer.from('city\nCaf\xe9 \x80\n', 'latin1'));
    const t = await cache.dataset({ path: csv });
    expect(t.loader).toBe('engine');
    expect((await cache.page(t, 0, 5)).rows).toEqual([['Café €']]);
  });

  it('takes the union of JSON Lines keys', async () => {
    const p = join(dir, 'drift.jsonl');
    writeFileSync(p, '{"a":1}\n{"a":2,"b":"x"}\n{"a":3,"c":{"d":true}}\n');
    const t = await cache.dataset({ path: p });
    expect(t.columns).toEqual(['a', 'b', 'c']);
    const page = await cache.page(t, 0, 5);
    expect(page.rows[1]).toEqual(['2', 'x', null]);
    expect(JSON.parse(page.rows[2]![2]!)).toEqual({ d: true });
  });

  it('reads Parquet', async () => {
    const p = join(dir, 't.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT range AS id, 'v' || range AS v, DATE '2024-01-01' + CAST(range AS INTEGER) AS d FROM range(5)) TO '${p}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const t = await cache.dataset({ path: p });
    expect(t.format).toBe('parquet');
    expect(t.columns).toEqual(['id', 'v', 'd']);
    expect((await cache.page(t, 4, 1)).rows).toEqual([['4', 'v4', '2024-01-05']]);
  });
});
