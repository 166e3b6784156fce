/** Sinks: round trips through real files, atomic commit/abort, overwrite rules and byte determinism. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { cellText, type Cell } from '../table.js';
import { openDuckDB, quoteLiteral, type DuckDBSession } from './duckdb.js';
import { createParquetSource } from './parquet.js';
import { csvField } from './csvSink.js';
import { openSink, outputFormatFor } from './sinks.js';
import type { Sink } from './types.js';

let dir: string;
let db: DuckDBSession;
let seq = 0;
const fresh = (ext: string): string => join(dir, `out-${++seq}.${ext}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-sinks-test-'));
  db = await openDuckDB({ threads: 1 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** RFC 4180 reader for the test: an unquoted empty field is null, `""` is the empty string. */
function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string | null;
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        s += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') { s += '"'; i++; } else break;
      }
      field = s;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
      field = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else { rows.push(row); row = []; i++; }
  }
  return rows;
}

async function writeAll(sink: Sink, columns: Cell[][], length: number, chunk = 7): Promise<void> {
  for (let s = 0; s < length; s += chunk) {
    const e = Math.min(length, s + chunk);
    await sink.write(columns.map((c) => c.slice(s, e)), e - s);
  }
  await sink.commit();
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const tricky = fc.constantFrom('', ' ', ' lead', 'trail ', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rlf\r\n', '\\N', 'NULL', 'ü🦆', 'true', '12');
const cell: fc.Arbitrary<Cell> = fc.oneof(text, tricky, fc.integer(), fc.double({ noDefaultInfinity: true, noNaN: true }), fc.boolean(), fc.constant(null));

/** A table of `width` columns of any cells, with at least one row. */
const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 25 }).map((rows) => ({
    names: Array.from({ length: width }, (_, c) => `col ${c} "q"`),
    rows,
    columns: Array.from({ length: width }, (_, c) => rows.map((r) => r[c] as Cell)),
  })),
);

describe('CSV sink', () => {
  it('quotes only where needed and keeps null and "" apart', () => {
    expect(['plain', 'a,b', 'q"q', 'x\ny', ' lead', 'trail ', '', null, 1.5, -0, true].map((v) => csvField(v as Cell))).toEqual(
      ['plain', '"a,b"', '"q""q"', '"x\ny"', '" lead"', '"trail "', '""', '', '1.5', '0', 'true'],
    );
  });

  it('round-trips any table', async () => {
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const path = fresh('csv');
      await writeAll(await openSink(path, { columns: t.names }), t.columns, t.rows.length);
      const raw = readFileSync(path, 'utf8');
      expect(raw.startsWith('\uFEFF')).toBe(false);
      const parsed = parseCsv(raw);
      expect(parsed[0]).toEqual(t.names);
      // A lone null in a one-column row is an empty line; the parser reads it back as one null field.
      expect(parsed.slice(1)).toEqual(t.rows.map((r) => r.map((v) => cellText(v))));
    }), { numRuns: 60 });
  });

  it('is read back by DuckDB with the same row count and values', async () => {
    const path = fresh('csv');
    const cols: Cell[][] = [['a', 'say "hi"', 'x\ny', null], [1, 2.5, null, -3], [true, false, null, true]];
    await writeAll(await openSink(path, { columns: ['s', 'n', 'b'] }), cols, 4);
    const rows = (await db.connection.runAndReadAll(`SELECT * FROM read_csv(${quoteLiteral(path)}, header = true)`)).getRowsJS();
    expect(rows).toEqual([['a', 1, true], ['say "hi"', 2.5, false], ['x\ny', null, null], [null, -3, true]]);
  });
});

describe('JSONL sink', () => {
  it('round-trips any table with typed values', async () => {
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const path = fresh('jsonl');
      await writeAll(await openSink(path, { columns: t.names }), t.columns, t.rows.length);
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(objects.map((o) => Object.keys(o))).toEqual(t.rows.map(() => t.names));
      expect(objects.map((o) => Object.values(o))).toEqual(t.rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v))));
    }), { numRuns: 60 });
  });

  it('writes non-finite numbers as strings', async () => {
    const path = fresh('ndjson');
    await writeAll(await openSink(path, { columns: ['x'] }), [[Number.NaN, Number.POSITIVE_INFINITY]], 2);
    expect(readFileSync(path, 'utf8')).toBe('{"x":"NaN"}\n{"x":"Infinity"}\n');
  });
});

async function describeTypes(path: string): Promise<Record<string, string>> {
  const rows = (await db.connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(path)})`)).getRowsJS();
  return Object.fromEntries(rows.map((r) => [r[0] as string, r[1] as string]));
}

async function readParquet(path: string): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const b of createParquetSource(path).read()) for (let r = 0; r < b.length; r++) rows.push(b.columns.map((c) => c[r] as Cell));
  return rows;
}

describe('Parquet sink', () => {
  it('infers types per column and keeps values, nulls and empty strings', async () => {
    const path = fresh('parquet');
    const columns: Cell[][] = [
      [1, null, -9007199254740991, 3],
      [1.5, 2, null, Number.NaN],
      [true, false, null, true],
      ['2024-02-29', null, '1999-12-31', '0001-01-01'],
      ['2024-01-01T10:00:00', '2024-01-02', null, '2024-01-03T00:00:00.123'],
      ['', null, 'a "q", b', 'x\ny'],
      [1, 'one', true, null],
      ['9007199254740993', 5, null, '-9223372036854775808'],
      ['2024-02-30', null, null, null],
      [null, null, null, null],
      ['007', '12', '3.5', 'NaN'],
    ];
    const names = ['int', 'dbl', 'bool', 'date', 'ts', 'text', 'mixed', 'bigtext', 'baddate', 'nulls', 'numtext'];
    await writeAll(await openSink(path, { columns: names }), columns, 4, 3);
    expect(await describeTypes(path)).toEqual({
      int: 'BIGINT', dbl: 'DOUBLE', bool: 'BOOLEAN', date: 'DATE', ts: 'TIMESTAMP', text: 'VARCHAR', mixed: 'VARCHAR',
      bigtext: 'BIGINT', baddate: 'VARCHAR', nulls: 'VARCHAR', numtext: 'VARCHAR',
    });
    const back = await readParquet(path);
    expect(back.map((r) => r.slice(0, 1))).toEqual([[1], [null], [-9007199254740991], [3]]);
    expect(back.map((r) => r[1])).toEqual([1.5, 2, null, Number.NaN]);
    expect(back.map((r) => r.slice(2))).toEqual([
      [true, '2024-02-29', '2024-01-01T10:00:00', '', '1', '9007199254740993', '2024-02-30', null, '007'],
      [false, null, '2024-01-02T00:00:00', null, 'one', 5, null, null, '12'],
      [null, '1999-12-31', null, 'a "q", b', 'true', null, null, null, '3.5'],
      [true, '0001-01-01', '2024-01-03T00:00:00.123', 'x\ny', null, '-9223372036854775808', null, null, 'NaN'],
    ]);
  });

  it('uses the given types and refuses values that do not fit them', async () => {
    const path = fresh('parquet');
    await writeAll(await openSink(path, { columns: ['a', 'b', 'c'], types: { a: 'VARCHAR', b: 'DOUBLE', c: 'BIGINT' } }), [[1, 2], ['1.5', 3], ['12', null]], 2);
    expect(await describeTypes(path)).toEqual({ a: 'VARCHAR', b: 'DOUBLE', c: 'BIGINT' });
    expect(await readParquet(path)).toEqual([['1', 1.5, 12], ['2', 3, null]]);

    const bad = fresh('parquet');
    const sink = await openSink(bad, { columns: ['n'], types: { n: 'BIGINT' } });
    await sink.write([[1, 'x']], 2);
    const err = await sink.commit().catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('INVALID_ARGUMENT');
    expect((err as EngineError).message).toContain('"n"');
    expect(readdirSync(dir).filter((f) => f.includes(bad.split('/').pop() as string))).toEqual([]);
  });

  it('round-trips typed random tables', async () => {
    const day = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true });
    const kinds = {
      text: fc.oneof(text, tricky),
      int: fc.maxSafeInteger(),
      dbl: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      bool: fc.boolean(),
      date: day.map((d) => d.toISOString().slice(0, 10)),
      ts: day.map((d) => d.toISOString().replace(/\.000Z$|Z$/, '')).filter((s) => s.length > 10),
    };
    type Kind = keyof typeof kinds;
    const expectedType: Record<Kind, string> = { text: 'VARCHAR', int: 'BIGINT', dbl: 'DOUBLE', bool: 'BOOLEAN', date: 'DATE', ts: 'TIMESTAMP' };
    const arb = fc.array(fc.constantFrom(...(Object.keys(kinds) as Kind[])), { minLength: 1, maxLength: 6 }).chain((ks) =>
      fc.tuple(fc.constant(ks), fc.array(fc.tuple(...ks.map((k) => fc.option(kinds[k] as fc.Arbitrary<Cell>, { freq: 4 }))), { minLength: 1, maxLength: 30 })),
    );
    await fc.assert(fc.asyncProperty(arb, async ([ks, rows]) => {
      const path = fresh('parquet');
      const names = ks.map((k, i) => `${k}_${i}`);
      const columns = ks.map((_, c) => rows.map((r) => (r[c] ?? null) as Cell));
      await writeAll(await openSink(path, { columns: names }), columns, rows.length, 11);
      const types = await describeTypes(path);
      ks.forEach((k, c) => {
        const allNull = (columns[c] as Cell[]).every((v) => v === null);
        expect(types[names[c] as string]).toBe(allNull ? 'VARCHAR' : expectedType[k]);
      });
      const back = await readParquet(path);
      expect(back).toEqual(rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v ?? null))));
    }), { numRuns: 25 });
  });

  it('refuses column names DuckDB would merge or rename', async () => {
    const err = await openSink(fresh('parquet'), { columns: ['Name', 'name'] }).catch((e: unknown) => e);
    // The names come from the input: a data problem (exit 65) with a way out, not a usage error.
    expect((err as EngineError).code).toBe('UNSUPPORTED_FORMAT');
    expect((err as EngineError).message).toMatch(/differ only in case.*write CSV or JSONL instead/);
    const nul = await openSink(fresh('parquet'), { columns: ['a\0b'] }).catch((e: unknown) => e);
    expect((nul as EngineError).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('keeps identifiers with quotes, semicolons and unicode', async () => {
    const path = fresh('parquet');
    const names = ['a"b', "x'; DROP TABLE t; --", 'ünï 🦆'];
    await writeAll(await openSink(path, { columns: names }), [[1], ['two'], [true]], 1);
    expect(Object.keys(await describeTypes(path))).toEqual(names);
  });

  it('writes a zero-row file with the inferred-as-text schema', async () => {
    const path = fresh('parquet');
    const sink = await openSink(path, { columns: ['a', 'b'], types: { b: 'BIGINT' } });
    await sink.commit();
    expect(await describeTypes(path)).toEqual({ a: 'VARCHAR', b: 'BIGINT' });
    expect(await readParquet(path)).toEqual([]);
  });
});

describe('sink atomicity and overwrite', () => {
  const formats = ['csv', 'jsonl', 'parquet'] as const;

  it.each(formats)('%s: nothing appears before commit and abort leaves nothing', async (fmt) => {
    const sub = mkdtempSync(join(dir, `abort-${fmt}-`));
    const path = join(sub, `data.${fmt}`);
    const sink = await openSink(path, { columns: ['a'], tempDir: sub });
    await sink.write([['x', 'y']], 2);
    expect(readdirSync(sub).filter((f) => f === `data.${fmt}`)).toEqual([]);
    await sink.abort();
    await sink.abort();
    expect(readdirSync(sub)).toEqual([]);
  });

  it.each(formats)('%s: an existing file is not overwritten without overwrite', async (fmt) => {
    const path = fresh(fmt);
    writeFileSync(path, 'keep me');
    const err = await openSink(path, { columns: ['a'] }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('OUTPUT_EXISTS');
    expect((err as EngineError).message).toContain('--force');
    expect(readFileSync(path, 'utf8')).toBe('keep me');
  });

  it.each(formats)('%s: a file created while the sink was open is not clobbered', async (fmt) => {
    const path = fresh(fmt);
    const sink = await openSink(path, { columns: ['a'] });
    await sink.write([['x']], 1);
    writeFileSync(path, 'raced');
    const err = await sink.commit().catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(path, 'utf8')).toBe('raced');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each(formats)('%s: overwrite replaces the file', async (fmt) => {
    const path = fresh(fmt);
    writeFileSync(path, 'old');
    const sub = mkdtempSync(join(dir, `spill-${fmt}-`));
    await writeAll(await openSink(path, { columns: ['a'], overwrite: true, tempDir: sub }), [['new']], 1);
    expect(readFileSync(path).subarray(0, 3).toString()).not.toBe('old');
    expect(readdirSync(sub)).toEqual([]);
  });

  it.each(formats)('%s: identical rows give byte-identical files', async (fmt) => {
    const columns: Cell[][] = [
      Array.from({ length: 5000 }, (_, i) => i),
      Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? null : `v "${i}"\n`)),
      Array.from({ length: 5000 }, (_, i) => i / 3),
    ];
    const a = fresh(fmt);
    const b = fresh(fmt);
    await writeAll(await openSink(a, { columns: ['i', 's', 'd'], duckdb: { threads: 4 } }), columns, 5000, 1024);
    await writeAll(await openSink(b, { columns: ['i', 's', 'd'], duckdb: { threads: 2 } }), columns, 5000, 999);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('picks the format from the extension or the option', async () => {
    expect(outputFormatFor('x.CSV')).toBe('csv');
    expect(outputFormatFor('x.ndjson')).toBe('jsonl');
    expect(outputFormatFor('x.parquet')).toBe('parquet');
    expect(outputFormatFor('x.txt', 'jsonl')).toBe('jsonl');
    const err = await openSink(fresh('xlsx'), { columns: ['a'] }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('UNSUPPORTED_FORMAT');
    const path = fresh('out');
    await writeAll(await openSink(path, { columns: ['a'], format: 'csv' }), [['z']], 1);
    expect(readFileSync(path, 'utf8')).toBe('a\nz\n');
  });

  it('refuses writes after commit and batches of the wrong width', async () => {
    const sink = await openSink(fresh('csv'), { columns: ['a', 'b'] });
    await expect(sink.write([['x']], 1)).rejects.toBeInstanceOf(EngineError);
    await sink.commit();
    await expect(sink.write([['x'], ['y']], 1)).rejects.toBeInstanceOf(EngineError);
  });
});
