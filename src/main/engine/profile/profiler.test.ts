import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DatasetProfile } from '../../../shared/profile.js';
import type { Cell } from '../table.js';
import { findIssue } from './issues.js';
import { Profiler, profileBatches, type ProfilerOptions } from './profiler.js';
import { FEBRL2, oneBatch, readFebrl, toBatches } from './testData.js';

const input: DatasetProfile['input'] = { path: 'mem', format: 'csv', sha256: '', bytes: 0 };

function profile(names: string[], rows: Cell[][], size: number, opts: ProfilerOptions = { salt: 's' }): DatasetProfile {
  return profileBatches(toBatches(names, rows, size), opts, input, 0);
}

/** Splits rows between two profilers by a seeded pattern, feeds each with its own batch size, merges. */
function merged(names: string[], rows: Cell[][], opts: ProfilerOptions): DatasetProfile {
  const a = new Profiler(opts);
  const b = new Profiler(opts);
  const parts: [number, Cell[]][][] = [[], []];
  rows.forEach((r, i) => (parts[(i * 2654435761) % 7 < 3 ? 0 : 1] as [number, Cell[]][]).push([i + 1, r]));
  const feed = (p: Profiler, part: [number, Cell[]][], size: number): void => {
    for (let s = 0; s < part.length; s += size) {
      const chunk = part.slice(s, s + size);
      const batch = oneBatch(names, chunk.map((c) => c[1]));
      batch.rows = chunk.map((c) => c[0]);
      p.addBatch(batch);
    }
  };
  feed(a, parts[0] as [number, Cell[]][], 97);
  feed(b, parts[1] as [number, Cell[]][], 1000);
  a.merge(b);
  return a.finish(input, 0);
}

describe.skipIf(!existsSync(FEBRL2))('Profiler on FEBRL dataset 2', () => {
  const { names, rows } = readFebrl(FEBRL2);
  const p = profile(names, rows, 1000);
  const col = (n: string) => p.columns.find((c) => c.name === n);

  it('infers the types a person would', () => {
    expect(Object.fromEntries(p.columns.map((c) => [c.name, c.inferred]))).toEqual({
      rec_id: 'identifier', given_name: 'text', surname: 'text', street_number: 'identifier', address_1: 'text',
      address_2: 'text', suburb: 'text', postcode: 'identifier', state: 'categorical', date_of_birth: 'date', soc_sec_id: 'identifier',
    });
    expect(col('date_of_birth')).toMatchObject({ dateFormats: ['YYYYMMDD'], min: '1900-01-02', max: '1999-12-20', nulls: 110 });
    expect(col('date_of_birth')?.confidence).toBeCloseTo(4880 / 4890, 10);
    expect(col('rec_id')).toMatchObject({ distinct: 5000, confidence: 1 });
    expect(col('state')).toMatchObject({ distinct: 19, nulls: 48, impute: { mode: 'nsw' } });
    expect(col('state')?.topValues.slice(0, 2)).toEqual([{ value: 'nsw', count: 1604 }, { value: 'vic', count: 1324 }]);
  });

  it('keeps postcodes as codes: no numeric stats, a leading-zeros issue', () => {
    const pc = col('postcode');
    expect(pc).toMatchObject({ inferred: 'identifier', min: '0295', max: '8200', distinct: 1412 });
    expect(pc?.impute).toBeUndefined();
    expect(pc?.quantiles).toBeUndefined();
    expect(findIssue(pc?.issues ?? [], 'leading-zeros')).toMatch(/^40 of 5000/);
  });

  it('gives the same profile JSON for any batch size', () => {
    const ref = JSON.stringify(p);
    for (const size of [1, 333, 5000]) expect(JSON.stringify(profile(names, rows, size))).toBe(ref);
  });

  it('gives the same profile when rows are split among profilers and merged', () => {
    expect(JSON.stringify(merged(names, rows, { salt: 's' }))).toBe(JSON.stringify(p));
  });
});

describe('Profiler', () => {
  // 6000 rows: low-cardinality columns stay exact, `id` and `amount` go past the exact capacity.
  const names = ['id', 'city', 'amount', 'when', 'flag'];
  const cities = ['Berlin', 'Berlin', 'berlin', 'Paris', 'Rome', ' Rome'];
  const rows: Cell[][] = Array.from({ length: 6000 }, (_, i) => [
    String(i + 1),
    i % 17 === 0 ? null : (cities[i % cities.length] as string),
    i === 777 ? '99999' : ((i * 7919) % 1000 + 100).toFixed(1),
    `2022-0${1 + (i % 9)}-1${i % 10}`,
    i % 3 ? 'yes' : 'no',
  ]);
  const opts: ProfilerOptions = { salt: 'x', sampleSize: 500 };

  it('is deterministic across batch sizes even when the sample is partial', () => {
    const ref = profile(names, rows, 128, opts);
    expect(ref.sampleSize).toBe(500);
    for (const size of [1, 999, 6000]) expect(JSON.stringify(profile(names, rows, size, opts))).toBe(JSON.stringify(ref));
    expect(JSON.stringify(profile(names, rows, 128, { ...opts, salt: 'y' }))).not.toBe(JSON.stringify(ref));
  });

  it('merged equals whole, apart from top values of columns past the exact capacity', () => {
    const strip = (d: DatasetProfile) => d.columns.map((c) => (c.distinct > 1000 ? { ...c, topValues: [] } : c));
    expect(strip(merged(names, rows, opts))).toEqual(strip(profile(names, rows, 500, opts)));
  });

  it('reports numeric stats, outliers, whitespace and case variants', () => {
    const p = profile(names, rows, 1000, opts);
    const amount = p.columns[2];
    expect(amount).toMatchObject({ inferred: 'decimal', min: 100, max: 99999 });
    expect(amount?.outlierBounds?.iqr.upper).toBeLessThan(2000);
    expect(amount?.quantiles?.p50).toBeGreaterThan(400);
    const city = p.columns[1];
    expect(city?.inferred).toBe('categorical');
    expect(city?.nulls).toBe(353);
    expect(findIssue(city?.issues ?? [], 'stray-whitespace')).toBe('941 of 5647 (17%) text values have leading or trailing whitespace');
    expect(findIssue(city?.issues ?? [], 'case-variants')).toMatch(/^1 value appears in several letter cases \('Berlin', 'berlin'\); 9\d\d occurrences use a less common casing$/);
    expect(city?.aliases?.[0]).toMatchObject({ canonical: 'Berlin', method: 'fingerprint' });
    expect(p.columns[0]).toMatchObject({ inferred: 'identifier', min: 1, max: 6000 });
    expect(p.columns[3]).toMatchObject({ inferred: 'date', dateFormats: ['YYYY-MM-DD'] });
    expect(p.columns[4]).toMatchObject({ inferred: 'boolean', impute: { mode: 'yes' } });
  });

  it('counts rows before a column first appeared as nulls (schema drift), also across merges', () => {
    const p = new Profiler({ salt: 's' });
    p.addBatch(oneBatch(['a'], [['1'], ['2']], 1));
    p.addBatch(oneBatch(['a', 'b'], [['3', 'x'], ['4', null]], 3));
    const q = new Profiler({ salt: 's' });
    q.addBatch(oneBatch(['c', 'a'], [[true, '5']], 5));
    p.merge(q);
    const d = p.finish(input, 2);
    expect(d.columns.map((c) => [c.name, c.count, c.nulls])).toEqual([['a', 5, 0], ['b', 5, 4], ['c', 5, 4]]);
    expect(d).toMatchObject({ rows: 5, quarantined: 2, sampleSize: 5 });
  });

  it('reports JSON type conflicts and the reader schema', () => {
    const d = profileBatches([oneBatch(['v'], [[1], ['2'], [3], [true]])], { salt: 's', schema: [{ name: 'v', sourceType: 'JSON' }] }, input);
    expect(d.columns[0]).toMatchObject({ sourceType: 'JSON', typeConflicts: { string: 1, number: 2, boolean: 1 } });
    expect(findIssue(d.columns[0]?.issues ?? [], 'type-conflict')).toBe('values arrive as string (1), number (2), boolean (1)');
  });
});
