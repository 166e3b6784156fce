/** Parquet source against real files written by DuckDB. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParquetFixtures, type ParquetFixtures } from '../../../../test/fixtures/io/binary/buildBinaryFixtures.js';
import { EngineError } from '../errors.js';
import type { RowBatch } from '../table.js';
import { createParquetSource } from './parquet.js';

let dir: string;
let fx: ParquetFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-parquet-test-'));
  fx = await buildParquetFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(src: ReturnType<typeof createParquetSource>, batchSize?: number): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const b of src.read(batchSize ? { batchSize } : {})) out.push(b);
  return out;
}

function column(batch: RowBatch, name: string): unknown[] {
  const i = batch.names.indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  return batch.columns[i] as unknown[];
}

describe('createParquetSource', () => {
  it('reports DuckDB type names as the schema', async () => {
    const info = await createParquetSource(fx.typed).info();
    expect(info.format).toBe('parquet');
    expect(info.bytes).toBeGreaterThan(0);
    const types = Object.fromEntries(info.schema.map((c) => [c.name, c.sourceType]));
    expect(types).toMatchObject({
      id: 'INTEGER', big: 'BIGINT', dec: 'DECIMAL(10,2)', dbl: 'DOUBLE', flt: 'FLOAT', flag: 'BOOLEAN', day: 'DATE',
      ts: 'TIMESTAMP', tstz: 'TIMESTAMP WITH TIME ZONE', txt: 'VARCHAR', lst: 'INTEGER[]', mp: 'MAP(VARCHAR, INTEGER)', bin: 'BLOB', ubig: 'UBIGINT',
    });
    expect(types['st']).toMatch(/^STRUCT\(/);
  });

  it('maps typed columns to cells', async () => {
    const [b, more] = await collect(createParquetSource(fx.typed));
    expect(more).toBeUndefined();
    if (!b) throw new Error('no batch');
    expect(b.length).toBe(3);
    expect(b.rows).toEqual([1, 2, 3]);
    expect(column(b, 'id')).toEqual([1, 2, 3]);
    expect(column(b, 'big')).toEqual(['9007199254740993', null, '-9007199254740993']);
    expect(column(b, 'small_big')).toEqual([42, null, -7]);
    expect(column(b, 'ubig')).toEqual(['18446744073709551615', null, 1]);
    expect(column(b, 'dec')).toEqual([12.34, null, -0.5]);
    expect(column(b, 'dbl')).toEqual([1.5, null, -2.25]);
    expect(column(b, 'flt')).toEqual([0.1, null, 2.5]);
    expect(column(b, 'flag')).toEqual([true, null, false]);
    expect(column(b, 'day')).toEqual(['2024-01-15', null, '1999-12-31']);
    expect(column(b, 'ts')).toEqual(['2024-01-15T12:34:56', null, '1999-12-31T23:59:59.000001']);
    expect(column(b, 'ts_ms')).toEqual(['2024-01-15T12:34:56.789', null, '2000-01-01T00:00:00']);
    expect(column(b, 'tstz')).toEqual(['2024-01-15T10:00:00', null, '2000-01-01T00:00:00']);
    expect(column(b, 'txt')).toEqual(['héllo, "world"', null, '']);
    expect(column(b, 'lst')).toEqual(['[1,2,3]', null, '[]']);
    expect(column(b, 'st')).toEqual(['{"a":1,"b":"x"}', null, '{"a":null,"b":"y"}']);
    expect(column(b, 'mp')).toEqual(['{"k":1}', null, '{}']);
    expect(column(b, 'bin')).toEqual(['AP8=', null, '']);
    expect(column(b, 'tiny')).toEqual([7, null, -1]);
  });

  it('keeps file order across row groups and honours the batch size', async () => {
    const batches = await collect(createParquetSource(fx.many), 3000);
    expect(batches.map((b) => b.length)).toEqual([3000, 3000, 3000, 1000]);
    const rows = batches.flatMap((b) => b.rows);
    const ids = batches.flatMap((b) => b.columns[0] as number[]);
    const texts = batches.flatMap((b) => b.columns[1] as string[]);
    expect(rows).toEqual(Array.from({ length: 10000 }, (_, i) => i + 1));
    expect(ids).toEqual(Array.from({ length: 10000 }, (_, i) => i));
    expect(texts[9999]).toBe('r9999');
  });

  it('reads each call from the beginning and can stop early', async () => {
    const src = createParquetSource(fx.many);
    for await (const b of src.read({ batchSize: 100 })) {
      expect(b.rows[0]).toBe(1);
      break;
    }
    const again = await collect(src, 10000);
    expect(again[0]?.length).toBe(10000);
  });

  it('reports progress in bytes up to the file size', async () => {
    const seen: number[] = [];
    const src = createParquetSource(fx.many);
    for await (const _ of src.read({ batchSize: 2500, onBytes: (n) => seen.push(n) })) { /* drain */ }
    const size = (await src.info()).bytes;
    expect(seen.length).toBe(4);
    expect(seen.at(-1)).toBe(size);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('reads a file whose name contains glob characters as that one file', async () => {
    const batches = await collect(createParquetSource(fx.globby));
    expect(batches.map((b) => b.columns[0])).toEqual([[1]]);
  });

  it('cancels through the signal', async () => {
    const ac = new AbortController();
    const run = async () => {
      for await (const _ of createParquetSource(fx.many).read({ batchSize: 1000, signal: ac.signal })) ac.abort();
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('rejects a corrupt file with BAD_INPUT naming it', async () => {
    const err = await createParquetSource(fx.corrupt).info().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('BAD_INPUT');
    expect((err as EngineError).message).toContain('bin-corrupt.parquet');
  });

  it('rejects a missing file with NOT_FOUND', async () => {
    const err = await collect(createParquetSource(join(dir, 'missing.parquet'))).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('NOT_FOUND');
    expect((err as EngineError).message).toContain('missing.parquet');
  });
});
