/** CSV/TSV reader: every fixture cell by cell, quarantine numbering, errors, chunk boundaries, options and real datasets. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DBLP2_CSV, FEBRL2_CSV } from '../../../../test/fixtures/datasets/paths.js';
import { TEXT_FIXTURE_DIR, textFixtures } from '../../../../test/fixtures/io/make-fixtures.js';
import { CancelledError } from '../errors.js';
import { createCsvSource, uniqueNames, type CsvSourceOptions } from './csv.js';
import { drain, failure, TempDir } from './testUtil.js';

const fx = (name: string): string => join(TEXT_FIXTURE_DIR, name);
const tmp = new TempDir();
afterAll(() => tmp.remove());

/** Reads with a few chunk and batch sizes and checks they all agree before returning one result. */
async function readAll(path: string, opts: CsvSourceOptions = {}) {
  const results = [];
  for (const [chunkBytes, batchSize] of [[1 << 20, 8192], [1, 1], [3, 2], [7, 5]] as const) {
    results.push(await drain(createCsvSource(path, { ...opts, chunkBytes }), { batchSize }));
  }
  const [first, ...rest] = results;
  for (const r of rest) {
    expect({ ...r, batches: 0 }).toEqual({ ...first!, batches: 0 });
  }
  return first!;
}

describe('fixtures', () => {
  it('committed fixture bytes match make-fixtures.ts', () => {
    for (const [name, bytes] of textFixtures()) expect(readFileSync(fx(name)).equals(bytes), name).toBe(true);
  });

  it('UTF-8 with BOM', async () => {
    const src = createCsvSource(fx('utf8-bom.csv'));
    expect(await src.info()).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',', hasHeader: true });
    const r = await readAll(fx('utf8-bom.csv'));
    expect(r.names).toEqual(['name', 'city']);
    expect(r.rows).toEqual([['José', 'Zürich'], ['Ann', 'Oslo']]);
    expect(r.lines).toEqual([2, 3]);
  });

  it.each([['utf16le-bom.csv', 'utf-16le'], ['utf16be-bom.csv', 'utf-16be']])('%s', async (file, encoding) => {
    expect((await createCsvSource(fx(file)).info()).encoding).toBe(encoding);
    const r = await readAll(fx(file));
    expect(r.names).toEqual(['name', 'city']);
    expect(r.rows).toEqual([['José', 'Zürich'], ['😀 emoji', 'Kraków'], ['a "q"', '日本']]);
    expect(r.lines).toEqual([2, 3, 4]);
  });

  it('windows-1252 when the bytes are not UTF-8', async () => {
    expect((await createCsvSource(fx('cp1252.csv')).info()).encoding).toBe('windows-1252');
    const r = await readAll(fx('cp1252.csv'));
    expect(r.rows).toEqual([['Café', '“quoted” costs €5'], ['Naïve', '‘single’ – dash'], ['Žüri', 'plain']]);
  });

  it('CRLF, CR-only and mixed line endings', async () => {
    expect((await readAll(fx('crlf.csv'))).rows).toEqual([['1', 'alpha'], ['2', 'beta']]);
    const cr = await readAll(fx('cr-only.csv'));
    expect(cr.rows).toEqual([['1', 'alpha'], ['2', 'two\rlines'], ['3', 'gamma']]);
    expect(cr.lines).toEqual([2, 3, 5]);
    const mixed = await readAll(fx('mixed-eol.csv'));
    expect(mixed.rows).toEqual([['1', 'alpha'], ['2', 'beta'], ['3', 'gamma']]);
    expect(mixed.lines).toEqual([2, 3, 4]);
  });

  it('sniffs semicolon, tab and pipe delimiters', async () => {
    const semi = createCsvSource(fx('semicolon.csv'));
    expect((await semi.info()).delimiter).toBe(';');
    expect((await readAll(fx('semicolon.csv'))).rows).toEqual([['Ann', '1,5', 'Oslo'], ['Bob', '2,75', 'Bergen'], ['Cy', '10', 'Tromsø']]);
    const tsv = createCsvSource(fx('tab.tsv'), { format: 'tsv' });
    expect(await tsv.info()).toMatchObject({ format: 'tsv', delimiter: '\t' });
    const t = await readAll(fx('tab.tsv'), { format: 'tsv' });
    expect(t.names).toEqual(['name', 'age', 'city']);
    expect(t.rows).toEqual([['Ann', '31', 'Oslo'], ['Bob', null, 'Bergen, Norway']]);
    expect((await createCsvSource(fx('tab.tsv')).info()).delimiter).toBe('\t');
    expect((await readAll(fx('pipe.csv'))).rows).toEqual([['A1', 'first, one', '3'], ['B2', 'second', '4']]);
  });

  it('keeps line breaks inside quotes verbatim and numbers lines physically', async () => {
    const r = await readAll(fx('quoted-newlines.csv'));
    expect(r.rows).toEqual([['1', 'line one\nline two'], ['2', 'crlf\r\ninside'], ['3', 'plain']]);
    expect(r.rowNumbers).toEqual([1, 2, 3]);
    expect(r.lines).toEqual([2, 4, 6]);
  });

  it('quoted delimiters, doubled quotes, and "" as the empty string', async () => {
    const r = await readAll(fx('quoted-delims.csv'));
    expect(r.rows).toEqual([['1', 'a, b', 'say "hi"'], ['2', '"', 'x,y'], ['3', '', 'z']]);
  });

  it('quarantines ragged rows in the shared row numbering', async () => {
    const r = await readAll(fx('ragged.csv'));
    expect(r.rows).toEqual([['1', '2', '3'], ['10', '11', '12']]);
    expect(r.rowNumbers).toEqual([1, 4]);
    expect(r.lines).toEqual([2, 5]);
    expect(r.quarantined).toEqual([
      { row: 2, line: 3, raw: '4,5', reason: 'expected 3 fields, found 2' },
      { row: 3, line: 4, raw: '6,7,8,9', reason: 'expected 3 fields, found 4' },
    ]);
  });

  it('quarantines text after a closing quote', async () => {
    const r = await readAll(fx('junk-after-quote.csv'));
    expect(r.rows).toEqual([['2', '3']]);
    expect(r.rowNumbers).toEqual([2]);
    expect(r.quarantined).toEqual([{ row: 1, line: 2, raw: '"x"y,1', reason: 'unexpected "y" after a closing quote at line 2, column 4' }]);
  });

  it('an unclosed quote is fatal and names file, line and column', async () => {
    for (const chunkBytes of [1 << 20, 4]) {
      const err = await failure(() => drain(createCsvSource(fx('unclosed-quote.csv'), { chunkBytes })));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toMatch(/unclosed quote/);
      expect(err.location).toEqual({ file: fx('unclosed-quote.csv'), line: 3, column: 3 });
    }
    const inHeader = tmp.file('id,"text\n1,2\n');
    const err = await failure(() => createCsvSource(inHeader).info());
    expect(err).toMatchObject({ code: 'BAD_INPUT', location: { file: inHeader, line: 1, column: 4 } });
  });

  it('header only gives zero rows with a known schema; an empty file is BAD_INPUT', async () => {
    const src = createCsvSource(fx('header-only.csv'));
    expect((await src.info()).schema).toEqual([
      { name: 'id', sourceType: 'string' }, { name: 'name', sourceType: 'string' }, { name: 'city', sourceType: 'string' },
    ]);
    const r = await drain(src);
    expect(r.rows).toEqual([]);
    expect(r.batches).toBe(0);
    for (const content of ['', '\n\n', '\ufeff']) {
      const path = content === '' ? fx('empty.csv') : tmp.file(content);
      const err = await failure(() => createCsvSource(path).info());
      expect(err).toMatchObject({ code: 'BAD_INPUT', message: 'file is empty', location: { file: path } });
    }
  });

  it('makes duplicate and empty header names unique deterministically', async () => {
    const r = await readAll(fx('dup-headers.csv'));
    expect(r.names).toEqual(['name', 'name_3', 'column_3', 'age', 'name_2']);
    expect(r.rows).toEqual([['Ann', 'Smith', 'x', '31', 'y'], ['Bob', 'Jones', 'z', '45', 'w']]);
    expect(uniqueNames(['a', 'a', 'a', null, ' ', 'column_4'])).toEqual(['a', 'a_2', 'a_3', 'column_4_2', 'column_5', 'column_4']);
    // Case-only repeats are repeats (SQL and Parquet fold case); NUL and stray BOMs cannot be in an identifier.
    expect(uniqueNames(['id', 'ID', 'Id_2', 'na\0me', '\ufeffcity', '\0'])).toEqual(['id', 'ID_3', 'Id_2', 'name', 'city', 'column_6']);
  });

  it('FEBRL-style ", " separators drop one initial space, quotes still work', async () => {
    expect(await createCsvSource(fx('febrl-style.csv')).info()).toMatchObject({ delimiter: ',', hasHeader: true });
    const r = await readAll(fx('febrl-style.csv'));
    expect(r.names).toEqual(['rec_id', 'given_name', 'surname', 'street_number']);
    expect(r.rows).toEqual([['rec-223-org', null, 'waller', '6'], ['rec-1-dup-0', 'john', 'smith, jr', '12']]);
  });

  it("sniffs ' as the quote character", async () => {
    const r = await readAll(fx('single-quote.csv'));
    expect(r.rows).toEqual([['Ann, A', 'Oslo'], ['Bob', 'Bergen, N'], ['Cy', "it's"]]);
  });

  it('detects a missing header and names columns by position', async () => {
    const src = createCsvSource(fx('no-header.csv'));
    expect((await src.info()).hasHeader).toBe(false);
    const r = await readAll(fx('no-header.csv'));
    expect(r.names).toEqual(['column_1', 'column_2', 'column_3']);
    expect(r.rows).toEqual([['1', 'Ann', '31'], ['2', 'Bob', '45'], ['3', 'Cy', '27']]);
    expect(r.rowNumbers).toEqual([1, 2, 3]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  it('skips blank lines in multi-column files but counts them as lines', async () => {
    const r = await readAll(fx('blank-lines.csv'));
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.rowNumbers).toEqual([1, 2]);
    expect(r.lines).toEqual([3, 5]);
  });
});

describe('edge cases', () => {
  it('a blank line in a one-column file is a null cell', async () => {
    const r = await readAll(tmp.file('name\nAnn\n\n""\nBob\n'));
    expect(r.rows).toEqual([['Ann'], [null], [''], ['Bob']]);
    expect(r.lines).toEqual([2, 3, 4, 5]);
  });

  it('a trailing delimiter is an extra null field; a last line without newline is read', async () => {
    const r = await readAll(tmp.file('a,b,c\n1,2,\n3,,4'));
    expect(r.rows).toEqual([['1', '2', null], ['3', null, '4']]);
  });

  it('a huge quoted field spanning many chunks stays linear and exact', async () => {
    const big = 'x'.repeat(300_000) + '""' + 'y\r\n'.repeat(1000);
    const path = tmp.file(`id,text\n1,"${big}"\n2,z\n`);
    const r = await drain(createCsvSource(path, { chunkBytes: 4096 }));
    expect(r.rows).toEqual([['1', big.replace('""', '"')], ['2', 'z']]);
    expect(r.lines).toEqual([2, 1003]);
  });

  it('multi-byte UTF-8 split across every chunk boundary', async () => {
    const text = 'k,v\n1,日本語😀é\n2,ü\r\n';
    const path = tmp.file(text);
    for (let chunkBytes = 1; chunkBytes <= 8; chunkBytes++) {
      const r = await drain(createCsvSource(path, { chunkBytes }));
      expect(r.rows).toEqual([['1', '日本語😀é'], ['2', 'ü']]);
    }
  });

  it('invalid UTF-8 beyond the sniff window becomes U+FFFD and does not crash', async () => {
    const head = 'id,v\n' + Array.from({ length: 9000 }, (_, i) => `${i},abcdef\n`).join('');
    const path = tmp.file(Buffer.concat([Buffer.from(head), Buffer.from([0x39, 0x2c, 0xe9, 0x0a])]));
    const src = createCsvSource(path);
    expect((await src.info()).encoding).toBe('utf-8');
    const r = await drain(src);
    expect(r.rows.length).toBe(9001);
    expect(r.rows[9000]).toEqual(['9', '\ufffd']);
  });

  it('a first record longer than the 64 KiB sniff window still sniffs', async () => {
    const names = Array.from({ length: 9000 }, (_, i) => `col${i}`);
    const path = tmp.file(`${names.join(';')}\n${names.map((_, i) => i).join(';')}\n`);
    const src = createCsvSource(path);
    expect(await src.info()).toMatchObject({ delimiter: ';', hasHeader: true });
    const r = await drain(src);
    expect(r.names.length).toBe(9000);
    expect(r.rows[0]![8999]).toBe('8999');
  });

  it('forced options override sniffing', async () => {
    const path = tmp.file('a;b\n1;2\n');
    const comma = await drain(createCsvSource(path, { delimiter: ',' }));
    expect(comma.names).toEqual(['a;b']);
    expect(comma.rows).toEqual([['1;2']]);
    const noHeader = await drain(createCsvSource(path, { header: false }));
    expect(noHeader.names).toEqual(['column_1', 'column_2']);
    expect(noHeader.rows).toEqual([['a', 'b'], ['1', '2']]);
    const viaRead = await drain(createCsvSource(path), { header: false, delimiter: ';' });
    expect(viaRead.rows).toEqual([['a', 'b'], ['1', '2']]);
    const spaced = await drain(createCsvSource(tmp.file('a, b\n1,  2\n'), { delimiter: ', ' }));
    expect(spaced.rows).toEqual([['1', ' 2']]);
    const latin = await drain(createCsvSource(fx('utf8-bom.csv'), { encoding: 'latin1' }));
    expect(latin.names[0]).toBe('ï»¿name');
  });

  it('rejects bad options as INVALID_ARGUMENT', async () => {
    expect((await failure(() => createCsvSource(fx('crlf.csv'), { delimiter: '::' }).info())).code).toBe('INVALID_ARGUMENT');
    expect((await failure(() => createCsvSource(fx('crlf.csv'), { encoding: 'ebcdic' }).info())).code).toBe('INVALID_ARGUMENT');
    expect((await failure(() => drain(createCsvSource(fx('crlf.csv')), { batchSize: 0 }))).code).toBe('INVALID_ARGUMENT');
    expect((await failure(() => createCsvSource(join(tmp.path, 'missing.csv')).info())).code).toBe('NOT_FOUND');
  });

  it('reports bytes read and can be cancelled between batches', async () => {
    const path = tmp.file('n\n' + Array.from({ length: 5000 }, (_, i) => `${i}\n`).join(''));
    const seen: number[] = [];
    await drain(createCsvSource(path, { chunkBytes: 1000 }), { onBytes: (b) => seen.push(b) });
    expect(seen[seen.length - 1]).toBe(readFileSync(path).length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const ctrl = new AbortController();
    let batches = 0;
    const run = async (): Promise<void> => {
      for await (const _ of createCsvSource(path).read({ batchSize: 100, signal: ctrl.signal })) {
        batches++;
        ctrl.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
    expect(batches).toBe(1);
  });

  it('read() starts from the beginning each time', async () => {
    const src = createCsvSource(fx('crlf.csv'));
    expect((await drain(src)).rows).toEqual((await drain(src)).rows);
  });
});

describe('real datasets', () => {
  const febrl = FEBRL2_CSV;
  const dblp = DBLP2_CSV;

  it.skipIf(!existsSync(febrl))('FEBRL dataset2: 5000 rows, 11 columns, skip-initial-space', async () => {
    const src = createCsvSource(febrl);
    expect(await src.info()).toMatchObject({ delimiter: ',', hasHeader: true, encoding: 'utf-8' });
    const r = await drain(src);
    expect(r.names).toEqual(['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id']);
    expect(r.rows.length).toBe(5000);
    expect(r.quarantined).toEqual([]);
    expect(r.rows[0]).toEqual(['rec-2778-org', 'sarah', 'bruhn', '44', 'forbes street', 'wintersloe', 'kellerberrin', '4510', 'vic', '19300213', '7535316']);
    expect(r.rows[4999]).toEqual(['rec-1143-org', 'harry', 'ryan', '30', 'van raalte place', 'anana', 'preston west', '2572', 'wa', '19250425', '6392122']);
    // `, ,` is an empty field after the dropped space.
    expect(r.rows.filter((row) => row[1] === null).length).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(dblp))('DBLP2: 2616 rows, UTF-8, CRLF, quoted', async () => {
    const r = await drain(createCsvSource(dblp));
    expect(r.names).toEqual(['id', 'title', 'authors', 'venue', 'year']);
    expect(r.rows.length).toBe(2616);
    expect(r.quarantined).toEqual([]);
    expect(r.rows[0]).toEqual(['journals/sigmod/Mackay99', 'Semantic Integration of Environmental Models for Application to Global Information Systems and Decision-Making', 'D. Scott Mackay', 'SIGMOD Record', '1999']);
    expect(r.rows[2615]).toEqual(['conf/vldb/LiM01', 'Indexing and Querying XML Data for Regular Path Expressions', 'Bongki Moon, Quanzhong Li', 'VLDB', '2001']);
    expect(r.rows.find((row) => row[0] === 'conf/vldb/ZhouS03')?.[2]).toBe('Jörg Sander, Jianjun Zhou');
  });
});
