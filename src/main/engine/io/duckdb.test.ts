/** DuckDB session settings and SQL quoting against a real instance. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import { duckdbMessage, openDuckDB, quoteIdent, quoteLiteral, type DuckDBSession } from './duckdb.js';

let db: DuckDBSession;
beforeAll(async () => {
  db = await openDuckDB({ threads: 2, memoryLimitMB: 256 });
});
afterAll(() => db.close());

const one = async (sql: string): Promise<unknown> => (await db.connection.runAndReadAll(sql)).getRowsJS()[0]?.[0];

describe('openDuckDB', () => {
  it('applies the engine settings', async () => {
    expect(await one(`SELECT current_setting('threads')`)).toBe(2n);
    expect(await one(`SELECT current_setting('preserve_insertion_order')`)).toBe(true);
    expect(await one(`SELECT current_setting('autoinstall_known_extensions')`)).toBe(false);
    expect(String(await one(`SELECT current_setting('memory_limit')`))).toMatch(/^2\d\d\.\d MiB$/);
    expect(String(await one(`SELECT current_setting('temp_directory')`))).toContain('ds-duckdb-');
  });

  it('rejects bad settings as INVALID_ARGUMENT', async () => {
    await expect(openDuckDB({ threads: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(openDuckDB({ memoryLimitMB: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('quoting', () => {
  it('round-trips any string as a literal', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')), async (s) => {
      expect(await one(`SELECT ${quoteLiteral(s)}`)).toBe(s);
    }), { numRuns: 200 });
  });

  it('round-trips identifiers with quotes, semicolons and unicode', async () => {
    const names = ['a"b', 'x; DROP TABLE t; --', "it's", 'ünï 🦆', '""', 'select'];
    const cols = names.map((n, i) => `${i} AS ${quoteIdent(n)}`).join(', ');
    const result = await db.connection.run(`SELECT ${cols}`);
    expect(result.columnNames()).toEqual(names);
  });

  it('refuses NUL characters, which would cut the query short', () => {
    expect(() => quoteLiteral('a\0b')).toThrow(EngineError);
    expect(() => quoteIdent('a\0b')).toThrow(EngineError);
  });

  it('strips the echoed SQL from DuckDB errors', async () => {
    const err = await db.connection.run('SELECT * FROM no_such_table').catch((e: unknown) => e);
    const msg = duckdbMessage(err);
    expect(msg).toContain('no_such_table');
    expect(msg).not.toContain('LINE 1');
  });
});
