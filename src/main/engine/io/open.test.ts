/** Format detection and the source factory, on real files. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParquetFixtures, buildXlsxFixtures } from '../../../../test/fixtures/io/binary/buildBinaryFixtures.js';
import { EngineError } from '../errors.js';
import { detectFormat, openSource, sniffFormat } from './open.js';

let dir: string;
let parquet: string;
let xlsx: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-open-test-'));
  parquet = (await buildParquetFixtures(dir)).many;
  xlsx = (await buildXlsxFixtures(dir)).workbook;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('detectFormat', () => {
  it('goes by extension, case-insensitively', () => {
    const cases: [string, string][] = [['a.csv', 'csv'], ['a.TSV', 'tsv'], ['a.tab', 'tsv'], ['a.json', 'json'], ['a.jsonl', 'jsonl'], ['a.ndjson', 'jsonl'], ['a.parquet', 'parquet'], ['a.pq', 'parquet'], ['a.xlsx', 'xlsx']];
    for (const [name, fmt] of cases) expect(detectFormat(join(dir, 'does-not-matter', name))).toBe(fmt);
  });

  it('sniffs the first bytes when the extension is unknown', () => {
    const renamedParquet = file('data.bin', readFileSync(parquet));
    const renamedXlsx = file('sheet.dat', readFileSync(xlsx));
    expect(detectFormat(renamedParquet)).toBe('parquet');
    expect(detectFormat(renamedXlsx)).toBe('xlsx');
    expect(detectFormat(file('arr.txt', '\uFEFF  [{"a":1}]'))).toBe('json');
    expect(detectFormat(file('lines.txt', '{"a":1}\n{"a":2}\n'))).toBe('jsonl');
    expect(detectFormat(file('pretty.txt', '{\n  "a": 1\n}\n'))).toBe('json');
    expect(detectFormat(file('plain', 'a,b\n1,2\n'))).toBe('csv');
    expect(detectFormat(file('empty.dat', ''))).toBe('csv');
  });

  it('decodes UTF-16 samples before looking', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[{"a":1}]', 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a":1}\n{"a":2}\n', 'utf16le').swap16()]);
    expect(sniffFormat(le)).toBe('json');
    expect(sniffFormat(be)).toBe('jsonl');
  });

  it('throws NOT_FOUND for a missing file with an unknown extension', () => {
    expect(() => detectFormat(join(dir, 'missing.dat'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as Error);
  });
});

describe('openSource', () => {
  it('throws NOT_FOUND naming the path', () => {
    const missing = join(dir, 'missing.csv');
    let err: unknown;
    try {
      openSource(missing);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('NOT_FOUND');
    expect((err as EngineError).message).toContain(missing);
  });

  it('opens each format with the matching reader', async () => {
    expect((await openSource(parquet).info()).format).toBe('parquet');
    expect((await openSource(xlsx, { sheet: 'Second Sheet' }).info()).schema.map((c) => c.name)).toEqual(['k', 'v']);
    expect((await openSource(file('t.csv', 'a,b\n1,2\n')).info()).format).toBe('csv');
    expect((await openSource(file('t.tsv', 'a\tb\n1\t2\n')).info()).format).toBe('tsv');
    expect((await openSource(file('t.jsonl', '{"a":1}\n')).info()).format).toBe('jsonl');
    expect((await openSource(file('t.json', '[{"a":1}]')).info()).format).toBe('json');
    expect((await openSource(file('forced.txt', 'a;b\n1;2\n'), { format: 'csv', delimiter: ';' }).info()).schema.map((c) => c.name)).toEqual(['a', 'b']);
  });
});
