/** The demo/benchmark generator: determinism, ground truth, promised dirt rates, every format parses. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateStyle, formatDate } from '../scripts/generator/format.js';
import { typo } from '../scripts/generator/mutate.js';
import { Prng } from '../scripts/generator/prng.js';
import { COLUMNS } from '../scripts/generator/record.js';
import { generate, type GenerateOptions, type GenerateSummary } from '../scripts/generator/run.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const MISSING_TOKENS = new Set(['', 'N/A', 'NULL', 'null', '-', 'none', ' ', '?', 'n/a', 'NaN']);

let dir: string;
let db: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-generator-'));
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
});

afterAll(async () => {
  con.closeSync();
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

async function gen(name: string, opts: Omit<GenerateOptions, 'out'>): Promise<GenerateSummary> {
  return generate({ ...opts, out: join(dir, name) });
}

function readCsv(text: string): string[][] {
  return parse(text, { relax_quotes: false }) as string[][];
}

async function truthOf(path: string): Promise<number[]> {
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  expect(lines[0]).toBe('row,entity');
  return lines.slice(1).map((line, i) => {
    const [row, entity] = line.split(',');
    expect(Number(row)).toBe(i + 1);
    return Number(entity);
  });
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

describe('determinism', () => {
  it.each(['csv', 'jsonl'] as const)('same seed gives identical %s bytes, another seed differs', async (format) => {
    const a = await gen(`a.${format}`, { rows: 3000, format, seed: 42 });
    const b = await gen(`b.${format}`, { rows: 3000, format, seed: 42 });
    const c = await gen(`c.${format}`, { rows: 3000, format, seed: 43 });
    const [da, db2, dc] = await Promise.all([a.out, b.out, c.out].map((p) => readFile(p)));
    expect(da!.equals(db2!)).toBe(true);
    expect(da!.equals(dc!)).toBe(false);
    expect((await readFile(a.truth!)).equals(await readFile(b.truth!))).toBe(true);
    expect({ ...a, out: '', truth: '', seconds: 0 }).toEqual({ ...b, out: '', truth: '', seconds: 0 });
  });

  it('parquet from the same seed holds the same rows, in order', async () => {
    const a = await gen('a.parquet', { rows: 3000, format: 'parquet', seed: 42 });
    const b = await gen('b.parquet', { rows: 3000, format: 'parquet', seed: 42 });
    const diff = await query(
      `SELECT count(*)::INT AS n FROM (SELECT * FROM '${a.out}' EXCEPT ALL SELECT * FROM '${b.out}')`,
    );
    expect(diff[0]!.n).toBe(0);
  });
});

describe('ground truth and dirt on 20k rows', () => {
  let summary: GenerateSummary;
  let rows: string[][];
  let truth: number[];

  beforeAll(async () => {
    summary = await gen('dirt.csv', { rows: 20_000, format: 'csv', seed: 7 });
    rows = readCsv(await readFile(summary.out, 'utf8'));
    truth = await truthOf(summary.truth!);
  });

  it('has a header, one truth line per row, and entity ids numbered by first appearance', () => {
    expect(rows[0]).toEqual([...COLUMNS]);
    expect(rows.length - 1).toBe(20_000);
    expect(truth.length).toBe(20_000);
    let max = 0;
    for (const e of truth) {
      expect(e).toBeLessThanOrEqual(max + 1);
      max = Math.max(max, e);
    }
    expect(max).toBe(summary.entities);
  });

  it('duplicate shares match the promise and the summary', () => {
    const original = new Map<number, string[]>();
    let exactSame = 0;
    let exactNew = 0;
    let near = 0;
    truth.forEach((entity, i) => {
      const row = rows[i + 1]!;
      const first = original.get(entity);
      if (first === undefined) {
        original.set(entity, row);
        return;
      }
      const sameContent = row.slice(1).every((v, c) => v === first[c + 1]);
      if (!sameContent) near++;
      else if (row[0] === first[0]) exactSame++;
      else exactNew++;
    });
    const n = truth.length;
    expect((exactSame + exactNew) / n).toBeGreaterThanOrEqual(0.05);
    expect((exactSame + exactNew) / n).toBeLessThanOrEqual(0.10);
    expect(near / n).toBeGreaterThanOrEqual(0.02);
    expect(near / n).toBeLessThanOrEqual(0.05);
    expect(exactSame).toBeGreaterThan(0);
    expect(exactNew).toBeGreaterThan(0);
    expect({ exactSame, exactNew, near }).toEqual({
      exactSame: summary.exactSameId, exactNew: summary.exactNewId, near: summary.near,
    });
    // customer_id is unique except where an exact duplicate deliberately copied it.
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(n - exactSame);
  });

  it('every column but the id has 5–15% missing cells', () => {
    for (let c = 1; c < COLUMNS.length - 1; c++) {
      const missing = rows.slice(1).filter((r) => MISSING_TOKENS.has(r[c]!)).length / (rows.length - 1);
      expect(missing, COLUMNS[c]).toBeGreaterThanOrEqual(0.05);
      expect(missing, COLUMNS[c]).toBeLessThanOrEqual(0.15);
    }
  });

  it('has age and income outliers at 1–2% and each kind of format dirt', () => {
    const body = rows.slice(1);
    const col = (name: string): string[] => body.map((r) => r[COLUMNS.indexOf(name as never)]!);
    const ages = col('age').map((a) => a.trim()).filter((a) => /^-?\d+$/.test(a)).map(Number);
    const oddAges = ages.filter((a) => a < 18 || a > 110).length / body.length;
    expect(oddAges).toBeGreaterThanOrEqual(0.01);
    expect(oddAges).toBeLessThanOrEqual(0.02);
    const incomes = col('annual_income');
    expect(incomes.some((v) => v.startsWith('$') && v.includes(','))).toBe(true);
    expect(incomes.some((v) => /^\d+$/.test(v))).toBe(true);
    const births = col('birth_date');
    expect(births.some((v) => /^\d{4}-\d\d-\d\d$/.test(v))).toBe(true);
    expect(births.some((v) => /^\d{8}$/.test(v))).toBe(true);
    expect(births.some((v) => /^(1[3-9]|2\d|3[01])\/\d\d\/\d{4}$/.test(v))).toBe(true);
    expect(births.some((v) => /^\d\d\/(1[3-9]|2\d|3[01])\/\d{4}$/.test(v))).toBe(true);
    const countries = new Set(col('country'));
    for (const alias of ['United States', 'USA', 'U.S.A.', 'us', 'Canada']) expect(countries.has(alias), alias).toBe(true);
    const active = new Set(col('is_active'));
    for (const token of ['yes', 'no', 'true', '1', 'Y']) expect(active.has(token), token).toBe(true);
    expect(col('first_name').some((v) => v !== v.trim())).toBe(true);
    expect(col('last_name').some((v) => v.length > 1 && v === v.toUpperCase())).toBe(true);
    expect(col('street').some((v) => / St\.?( |,|$)/.test(v))).toBe(true);
    expect(col('street').some((v) => / Street( |,|$)/.test(v))).toBe(true);
    expect(col('notes').some((v) => v.includes('\n'))).toBe(true);
  });
});

describe('bounded duplicate pool', () => {
  it('draws every duplicate from the last `pool` originals', async () => {
    const s = await gen('pool.csv', { rows: 5000, format: 'csv', seed: 3, pool: 100 });
    const truth = await truthOf(s.truth!);
    let max = 0;
    for (const e of truth) {
      if (e <= max) expect(max - e).toBeLessThan(100);
      max = Math.max(max, e);
    }
  });
});

describe('formats parse', () => {
  it('CSV reads back through DuckDB with 17 columns and every row', async () => {
    const s = await gen('fmt.csv', { rows: 2000, format: 'csv', seed: 9 });
    const r = await query(`SELECT count(*)::INT AS n, count(DISTINCT customer_id)::INT AS ids FROM read_csv('${s.out}',
      header = true, all_varchar = true, auto_detect = false,
      columns = {${COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ')}})`);
    expect(r[0]!.n).toBe(2000);
    expect(r[0]!.ids).toBe(2000 - s.exactSameId);
  });

  it('JSONL is one object per line, nested, with schema drift', async () => {
    const s = await gen('fmt.jsonl', { rows: 3000, format: 'jsonl', seed: 9 });
    const lines = (await readFile(s.out, 'utf8')).trimEnd().split('\n');
    expect(lines.length).toBe(3000);
    const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const nested = objs.filter((o) => typeof o.address === 'object' && o.address !== null);
    expect(nested.length / objs.length).toBeGreaterThan(0.9);
    expect(objs.some((o) => typeof o.city === 'string')).toBe(true); // legacy flat layout
    expect(objs.some((o) => (o.loyalty as { tier?: unknown } | undefined)?.tier !== undefined)).toBe(true);
    expect(objs.some((o) => !('notes' in o))).toBe(true);
    expect(objs.some((o) => typeof o.age === 'number') && objs.some((o) => typeof o.age === 'string')).toBe(true);
    expect(nested.some((o) => typeof (o.address as { zip?: unknown }).zip === 'number')).toBe(true);
    expect(objs.some((o) => typeof o.is_active === 'boolean')).toBe(true);
    expect(objs.every((o) => typeof o.customer_id === 'string')).toBe(true);
  });

  it('Parquet matches the CSV of the same seed, with age typed as INTEGER', async () => {
    const p = await gen('fmt.parquet', { rows: 2000, format: 'parquet', seed: 9 });
    const c = await gen('same.csv', { rows: 2000, format: 'csv', seed: 9 });
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${p.out}')`);
    expect(types.find((t) => t.column_name === 'age')!.column_type).toBe('INTEGER');
    expect(types.map((t) => t.column_name)).toEqual([...COLUMNS]);
    const ids = await query(`SELECT customer_id FROM '${p.out}'`);
    const csvRows = readCsv(await readFile(c.out, 'utf8')).slice(1);
    expect(ids.map((r) => r.customer_id)).toEqual(csvRows.map((r) => r[0]));
    expect(await readFile(p.truth!, 'utf8')).toBe(await readFile(c.truth!, 'utf8'));
    const leftovers = (await readdir(dir)).filter((f) => f.startsWith('.'));
    expect(leftovers).toEqual([]);
  });
});

describe('helpers', () => {
  it('a typo is exactly one edit away', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.integer(), (s, seed) => {
      const t = typo(s, new Prng(seed));
      expect(t).not.toBe(s);
      expect(Math.abs(t.length - s.length)).toBeLessThanOrEqual(1);
    }));
  });

  it('slash dates always decode: first part > 12 means DD/MM, else MM/DD', () => {
    fc.assert(fc.property(fc.date({ min: new Date(1900, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }),
      fc.constantFrom(DateStyle.Mdy, DateStyle.Dmy), (d, style) => {
        const [y, m, day] = [d.getFullYear(), d.getMonth() + 1, d.getDate()];
        const [a, b, yy] = formatDate(y, m, day, style).split('/').map(Number) as [number, number, number];
        expect(a > 12 ? [yy, b, a] : [yy, a, b]).toEqual([y, m, day]);
      }));
  });
});

describe('CLI', () => {
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', ...args], { cwd: ROOT });

  it('writes the file and truth and prints one summary line', async () => {
    const out = join(dir, 'cli.jsonl');
    const { stderr } = await cli(['--rows', '1k', '--seed', 'demo', '--out', out]);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^generate: 1000 rows, \d+ entities, duplicates exact \d+ .* jsonl /);
    expect((await readFile(out, 'utf8')).trimEnd().split('\n')).toHaveLength(1000);
    expect(await truthOf(`${out}.truth.csv`)).toHaveLength(1000);
  });

  it('rejects bad flags with exit code 2 and a one-line reason', async () => {
    const err = await cli(['--rows', 'lots', '--out', join(dir, 'x.csv')]).catch((e: unknown) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toBe("generate: --rows must be an integer from 0 to 4294967295, got 'lots'\n");
  });
});

describe('bundled samples', () => {
  // The README states how the samples were made; regenerating them must reproduce the committed bytes.
  it.each([
    ['customers.csv', 'csv', 2000],
    ['customers.jsonl', 'jsonl', 500],
  ] as const)('%s is exactly what the generator makes from seed 2025', async (name, format, rows) => {
    const s = await gen(`sample-${name}`, { rows, format, seed: 2025 });
    const samples = join(ROOT, 'resources', 'samples');
    expect((await readFile(s.out)).equals(await readFile(join(samples, name)))).toBe(true);
    expect((await readFile(s.truth!)).equals(await readFile(join(samples, `${name}.truth.csv`)))).toBe(true);
  });
});
