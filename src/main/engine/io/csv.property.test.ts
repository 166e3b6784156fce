/** Property: any table written as RFC 4180 CSV reads back cell for cell, whatever the batch size, chunk size, delimiter, line ending or encoding. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCsvSource } from './csv.js';
import { drain, TempDir } from './testUtil.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

const tricky = fc.constantFrom('a', 'Z', ' ', '"', "'", ',', ';', '\t', '|', '\r', '\n', '\r\n', 'é', '😀', '日', '€', '0', '-');
const text = fc.oneof(fc.string({ unit: tricky, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const cell = fc.option(text, { nil: null, freq: 4 });

const table = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.record({
    // Header names are unique ignoring case (the reader renames a case-only repeat).
    names: fc.uniqueArray(text.filter((s) => s.trim() !== '' && !s.startsWith('\ufeff')), { minLength: width, maxLength: width, selector: (s) => s.toLowerCase() }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 25 }),
  }),
);

function field(v: string | null, delimiter: string, alone: boolean): string {
  if (v === null) return '';
  // A lone empty field must be quoted, or the row would be a blank line.
  if ((v === '' && alone) || v.includes(delimiter) || /["\r\n]/.test(v)) return `"${v.replaceAll('"', '""')}"`;
  return v === '' ? '""' : v;
}

function writeCsv(names: string[], rows: (string | null)[][], delimiter: string, eol: string): string {
  const line = (cells: (string | null)[]): string => cells.map((v) => field(v, delimiter, cells.length === 1)).join(delimiter);
  return [names, ...rows].map(line).join(eol) + eol;
}

function encode(s: string, encoding: string): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  if (encoding === 'utf-16be') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
  return Buffer.from(s, 'utf8');
}

describe('CSV round trip', () => {
  it('reads back exactly the cells written', async () => {
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom('utf-8', 'utf-16le', 'utf-16be'),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 64 }),
        async ({ names, rows }, delimiter, eol, encoding, batchSize, chunkBytes) => {
          const path = tmp.file(encode(writeCsv(names, rows, delimiter, eol), encoding));
          const src = createCsvSource(path, { delimiter, quote: '"', header: true, chunkBytes });
          const got = await drain(src, { batchSize });
          expect(got.names).toEqual(names);
          expect(got.rows).toEqual(rows);
          expect(got.quarantined).toEqual([]);
          expect(got.rowNumbers).toEqual(rows.map((_, i) => i + 1));
          expect((await src.info()).encoding).toBe(encoding);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sniffs the dialect of plain tables', async () => {
    const word = fc.stringMatching(/^[a-z][a-z ]{0,8}[a-z]$/);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }).chain((w) => fc.uniqueArray(word, { minLength: w, maxLength: w })),
        fc.integer({ min: 2, max: 20 }),
        fc.constantFrom(',', ';', '\t', '|'),
        async (names, count, delimiter) => {
          // One numeric column gives the header sniffer something to go on.
          const rows = Array.from({ length: count }, (_, r) => names.map((_, c) => (c === 0 ? String(r * 7) : `${names[c]} ${r}`)));
          const path = tmp.file(writeCsv(names, rows, delimiter, '\n'));
          const src = createCsvSource(path);
          expect(await src.info()).toMatchObject({ delimiter, hasHeader: true });
          const got = await drain(src);
          expect(got.names).toEqual(names);
          expect(got.rows).toEqual(rows);
        },
      ),
      { numRuns: 100 },
    );
  });
});
