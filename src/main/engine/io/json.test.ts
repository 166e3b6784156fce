/** JSON and JSON Lines readers: fixtures cell by cell, drift, quarantine, fatal errors with locations, and a round-trip property. */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TEXT_FIXTURE_DIR } from '../../../../test/fixtures/io/make-fixtures.js';
import { CancelledError } from '../errors.js';
import type { Cell } from '../table.js';
import { flattenRecord, MAX_JSON_DEPTH } from './flatten.js';
import { createJsonSource, type JsonSourceOptions } from './json.js';
import { protectBigInts } from './jsonRecords.js';
import { drain, failure, TempDir } from './testUtil.js';

const fx = (name: string): string => join(TEXT_FIXTURE_DIR, name);
const tmp = new TempDir();
afterAll(() => tmp.remove());

async function readAll(path: string, opts: JsonSourceOptions = {}) {
  const results = [];
  for (const [chunkBytes, batchSize] of [[1 << 20, 8192], [1, 1], [5, 2], [13, 3]] as const) {
    results.push(await drain(createJsonSource(path, { ...opts, chunkBytes }), { batchSize }));
  }
  const [first, ...rest] = results;
  for (const r of rest) expect({ ...r, batches: 0 }).toEqual({ ...first!, batches: 0 });
  return first!;
}

describe('JSON array', () => {
  it('flattens nested records, keeps JSON types, grows the schema', async () => {
    const src = createJsonSource(fx('nested.json'));
    const info = await src.info();
    expect(info.format).toBe('json');
    expect(info.schema.map((c) => c.name)).toEqual(['id', 'name', 'address.city', 'address.geo.lat', 'tags', 'a.b', 'active', 'address', 'big', 'text']);
    expect(info.schema.every((c) => c.sourceType === 'json')).toBe(true);
    const r = await readAll(fx('nested.json'));
    expect(r.names).toEqual(info.schema.map((c) => c.name));
    expect(r.rows).toEqual([
      [1, 'Ann', 'Oslo', 59.9, '["a","b"]', 'dotted', null, null, null, null],
      ['2', null, null, null, null, null, true, '{}', '12345678901234567890', null],
      [3.5, null, 'Bergen', null, null, null, null, null, null, 'brackets ]}, and "quotes" inside'],
    ]);
    expect(r.rowNumbers).toEqual([1, 2, 3]);
    expect(r.lines).toEqual([2, 3, 4]);
  });

  it('earlier batches carry fewer names', async () => {
    const batches = [];
    for await (const b of createJsonSource(fx('nested.json')).read({ batchSize: 1 })) batches.push(b.names);
    expect(batches.map((n) => n.length)).toEqual([6, 9, 10]);
  });

  it('a single top-level object is one record', async () => {
    const r = await readAll(fx('single-object.json'));
    expect(r.names).toEqual(['a.b', 'a.c', 'e']);
    expect(r.rows).toEqual([[1, '[1,{"d":2}]', false]]);
  });

  it('quarantines elements that are not objects', async () => {
    const r = await readAll(tmp.file('[{"a":1}, 2, "x", null, [1], {"a":3}]', '.json'));
    expect(r.rows).toEqual([[1], [3]]);
    expect(r.rowNumbers).toEqual([1, 6]);
    expect(r.quarantined.map((q) => [q.row, q.raw, q.reason])).toEqual([
      [2, '2', 'expected a JSON object, found a number'],
      [3, '"x"', 'expected a JSON object, found a string'],
      [4, 'null', 'expected a JSON object, found null'],
      [5, '[1]', 'expected a JSON object, found an array'],
    ]);
  });

  it('empty array: zero rows', async () => {
    const r = await drain(createJsonSource(tmp.file(' [ ] \n', '.json')));
    expect(r.rows).toEqual([]);
    expect(r.batches).toBe(0);
  });

  it.each([
    ['malformed.json', /invalid JSON: Expected double-quoted property name/, 3, 11],
    ['truncated.json', /unexpected end of file inside the record/, 3, 3],
  ])('%s is fatal with line and column', async (file, message, line, column) => {
    for (const chunkBytes of [1 << 20, 3]) {
      const err = await failure(() => drain(createJsonSource(fx(file), { chunkBytes })));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toMatch(message);
      expect(err.location).toEqual({ file: fx(file), line, column });
    }
  });

  it.each([
    ['[{"a":1},]', /expected an array element/, 1, 10],
    ['[{"a":1}\n\n{"a":2}]', /^invalid JSON: Unexpected non-whitespace character after JSON$/, 3, 1],
    ['[{"a":1}] {"b":2}', /after the end of the JSON document/, 1, 11],
    ['[{"a":1}, {"b":2]', /brackets do not match/, 1, 17],
    ['[{"a":1}', /array that opens here is not closed|end of file/, 1, 2],
    ['x', /expected '\[' or '\{'/, 1, 1],
  ])('syntax error %j', async (content, message, line, column) => {
    const path = tmp.file(content, '.json');
    const err = await failure(() => drain(createJsonSource(path)));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(message);
    expect(err.location).toMatchObject({ line, column });
  });

  it(`nesting deeper than ${MAX_JSON_DEPTH} is fatal with the record's line`, async () => {
    const ok = `[\n{"x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}]`;
    expect((await drain(createJsonSource(tmp.file(ok, '.json')))).rows.length).toBe(1);
    const deep = `[\n{"a":1},\n  {"x":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}]`;
    const err = await failure(() => drain(createJsonSource(tmp.file(deep, '.json'))));
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/deeper than 1000/), location: { line: 3, column: 3 } });
  });

  it('an empty or blank file is BAD_INPUT', async () => {
    for (const content of ['', '  \n']) {
      const err = await failure(() => createJsonSource(tmp.file(content, '.json')).info());
      expect(err).toMatchObject({ code: 'BAD_INPUT', message: 'file is empty' });
    }
  });
});

describe('JSON Lines', () => {
  it('drift, type conflicts, blank lines, bad and truncated lines', async () => {
    const src = createJsonSource(fx('drift.jsonl'));
    expect((await src.info()).format).toBe('jsonl');
    const r = await readAll(fx('drift.jsonl'));
    expect(r.names).toEqual(['id', 'name', 'email', 'address.city']);
    expect(r.rows).toEqual([
      [1, 'Ann', null, null],
      [2, 'Bob', 'bob@x.org', null],
      ['3', 42, null, 'Oslo'],
      [5, null, null, null],
    ]);
    expect(r.rowNumbers).toEqual([1, 2, 3, 6]);
    expect(r.lines).toEqual([1, 2, 4, 7]);
    expect(r.quarantined).toEqual([
      { row: 4, line: 5, raw: '[1, 2]', reason: 'expected a JSON object, found an array' },
      { row: 5, line: 6, raw: '{"id": 4, oops}', reason: 'invalid JSON at column 11: Expected double-quoted property name' },
      { row: 7, line: 8, raw: '{"id": 6, "name": "Trunc', reason: 'invalid JSON at column 25: Unterminated string' },
    ]);
  });

  it('lone CR line endings and whitespace-only lines', async () => {
    const r = await readAll(tmp.file('{"a":1}\r \t\r{"a":2}\r', '.jsonl'));
    expect(r.rows).toEqual([[1], [2]]);
    expect(r.lines).toEqual([1, 3]);
  });

  it('a line nesting deeper than the limit is quarantined; the lines around it are read', async () => {
    const line = `${'{"n":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    const r = await drain(createJsonSource(tmp.file(`{"a":1}\n${line}\n{"a":3}\n`, '.jsonl')));
    expect(r.rows).toEqual([[1], [3]]);
    expect(r.rowNumbers).toEqual([1, 3]);
    expect(r.quarantined).toEqual([{ row: 2, line: 2, raw: line, reason: `nesting deeper than ${MAX_JSON_DEPTH} levels` }]);
    const ok = `${'{"n":'.repeat(MAX_JSON_DEPTH - 1)}1${'}'.repeat(MAX_JSON_DEPTH - 1)}`;
    expect((await drain(createJsonSource(tmp.file(`${ok}\n`, '.jsonl')))).rows).toEqual([[1]]);
  });

  it('numbers a double cannot hold come through as the text written, never Infinity or 0', async () => {
    const r = await drain(createJsonSource(tmp.file('{"a":1e999,"b":-1e400,"c":1e-400,"d":0.0e-999,"e":1e308,"f":2.5e-300}\n', '.jsonl')));
    expect(r.rows).toEqual([['1e999', '-1e400', '1e-400', 0, 1e308, 2.5e-300]]);
    expect(protectBigInts('{"x":"1e999","y":1e999}')).toBe('{"x":"1e999","y":"1e999"}');
  });

  it('big integers stay exact as strings; safe ones stay numbers', async () => {
    const r = await drain(createJsonSource(tmp.file('{"a":9007199254740993,"b":9007199254740991,"c":"12345678901234567890","d":1.2345678901234567e+30,"e":-12345678901234567890}\n', '.jsonl')));
    expect(r.rows).toEqual([['9007199254740993', 9007199254740991, '12345678901234567890', 1.2345678901234567e30, '-12345678901234567890']]);
    expect(protectBigInts('{"k\\"12345678901234567890":1}')).toBe('{"k\\"12345678901234567890":1}');
    expect(protectBigInts('[0.84442185152504812345, 12345678901234567890.5, 1e20]')).toBe('[0.84442185152504812345, 12345678901234567890.5, 1e20]');
  });

  it('can be cancelled and reports bytes', async () => {
    const path = tmp.file(Array.from({ length: 500 }, (_, i) => `{"i":${i}}`).join('\n'), '.jsonl');
    const seen: number[] = [];
    await drain(createJsonSource(path, { chunkBytes: 100 }), { onBytes: (b) => seen.push(b) });
    expect(seen.at(-1)).toBe(Buffer.byteLength(Array.from({ length: 500 }, (_, i) => `{"i":${i}}`).join('\n')));
    const ctrl = new AbortController();
    const run = async (): Promise<void> => {
      for await (const _ of createJsonSource(path).read({ batchSize: 10, signal: ctrl.signal })) ctrl.abort();
    };
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('round-trip property', () => {
  const key = fc.string({ maxLength: 5 }).filter((k) => !k.includes('.'));
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), fc.boolean(), fc.constant(null));
  const { record } = fc.letrec((tie) => ({
    record: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, scalar, tie('record'), fc.array(scalar, { maxLength: 3 })), { maxKeys: 5 }),
  }));

  /** What the reader should give: each record flattened, aligned to the union of columns in first-seen order. */
  function expected(records: Record<string, unknown>[]): { names: string[]; rows: Cell[][] } {
    const maps = records.map((r) => {
      const m = new Map<string, Cell>();
      flattenRecord(JSON.parse(JSON.stringify(r)) as Record<string, unknown>, m);
      return m;
    });
    const names: string[] = [];
    for (const m of maps) for (const k of m.keys()) if (!names.includes(k)) names.push(k);
    return { names, rows: maps.map((m) => names.map((n) => (m.has(n) ? m.get(n)! : null))) };
  }

  it('JSONL with blank lines reads back every record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(record, fc.boolean()), { minLength: 1, maxLength: 15 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }),
        async (items, eol, batchSize, chunkBytes) => {
          const lines: string[] = [];
          const lineNos: number[] = [];
          for (const [rec, blankBefore] of items) {
            if (blankBefore) lines.push('');
            lines.push(JSON.stringify(rec));
            lineNos.push(lines.length);
          }
          const path = tmp.file(lines.join(eol) + eol + ' ', '.jsonl');
          const got = await drain(createJsonSource(path, { chunkBytes }), { batchSize });
          const want = expected(items.map(([r]) => r as Record<string, unknown>));
          expect(got.quarantined).toEqual([]);
          expect(got.rows.length).toBe(items.length);
          expect(got.names).toEqual(want.names);
          expect(got.rows).toEqual(want.rows);
          expect(got.lines).toEqual(lineNos);
        }),
      { numRuns: 200 },
    );
  });

  it('a JSON array, compact or indented, reads back every record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 12 }), fc.constantFrom(0, 2), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }),
        async (records, indent, batchSize, chunkBytes) => {
          const path = tmp.file(JSON.stringify(records, null, indent), '.json');
          const got = await drain(createJsonSource(path, { chunkBytes }), { batchSize });
          const want = expected(records as Record<string, unknown>[]);
          expect(got.rows).toEqual(want.rows);
          if (records.length) expect(got.names).toEqual(want.names);
        }),
      { numRuns: 200 },
    );
  });
});
