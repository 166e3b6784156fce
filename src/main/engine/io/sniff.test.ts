/** Dialect sniffing on samples: delimiter choice, quote choice, skip-initial-space and header votes. */
import { describe, expect, it } from 'vitest';
import { looksNumeric, sniffCsv, sniffHeader, sniffQuote } from './sniff.js';

describe('sniffCsv', () => {
  it('prefers the delimiter with consistent field counts', () => {
    expect(sniffCsv('name;price\nAnn;1,5\nBob;2,75\n', true).delimiter).toBe(';');
    expect(sniffCsv('a,b;c\n1,2;3\n4,5;6\n', true)).toMatchObject({ delimiter: ',', fieldCount: 2 });
    expect(sniffCsv('a|b|c\n1|2|3\n', true).delimiter).toBe('|');
    expect(sniffCsv('a\tb, c\n1\t2, 3, 4\n', true).delimiter).toBe('\t');
  });

  it('respects quotes when counting fields', () => {
    const s = sniffCsv('id,text\n1,"a;b;c"\n2,"d;e;f"\n', true);
    expect(s).toMatchObject({ delimiter: ',', fieldCount: 2, recordCount: 3 });
  });

  it('ignores the incomplete last record of a partial sample', () => {
    const s = sniffCsv('a,b\n1,2\n3,"unfinished', false);
    expect(s.recordCount).toBe(2);
  });

  it('falls back to one column when no delimiter splits the lines', () => {
    expect(sniffCsv('name\nAnn\nBob\n', true)).toMatchObject({ delimiter: ',', fieldCount: 1, hasHeader: true });
  });

  it('turns on skip-initial-space only when every delimiter is followed by a space', () => {
    expect(sniffCsv('a, b, c\n1, , 3\n', true).skipInitialSpace).toBe(true);
    expect(sniffCsv('a, b,c\n1, 2, 3\n', true).skipInitialSpace).toBe(false);
    expect(sniffCsv('a, b\n1, 2\n', true, { delimiter: ',' }).skipInitialSpace).toBe(false);
    expect(sniffCsv('a,b\n1,2\n', true, { delimiter: ', ' }).skipInitialSpace).toBe(true);
  });

  it('keeps the first records for naming', () => {
    expect(sniffCsv('x,y\n1,\n', true).records).toEqual([['x', 'y'], ['1', null]]);
  });
});

describe('sniffQuote', () => {
  it("chooses ' only when more fields are wrapped in it", () => {
    expect(sniffQuote("a,b\n'x, y','z'\n")).toBe("'");
    expect(sniffQuote('a,b\n"x, y",\'z\'\n')).toBe('"');
    expect(sniffQuote("name\nO'Brien\nit's\n")).toBe('"');
  });
});

describe('sniffHeader', () => {
  it('votes by column shape and defaults to a header', () => {
    expect(sniffHeader([['id', 'name'], ['1', 'Ann'], ['2', 'Bob']], 2)).toBe(true);
    expect(sniffHeader([['1', 'Ann'], ['2', 'Bob'], ['3', 'Cy']], 2)).toBe(false);
    expect(sniffHeader([['product_code'], ['AB12'], ['CD34']], 1)).toBe(true);
    expect(sniffHeader([['code'], ['AB12'], ['CD34']], 1)).toBe(false);
    expect(sniffHeader([['AB12'], ['CD34'], ['EF56']], 1)).toBe(false);
    expect(sniffHeader([['x', 'y']], 2)).toBe(true);
    expect(sniffHeader([['ann', 'bob'], ['cy', 'dan lee']], 2)).toBe(true);
    expect(sniffHeader([['a', 'a'], ['x', 'yy'], ['zzz', 'w']], 2)).toBe(false);
  });

  it('recognises numbers', () => {
    for (const s of ['1', '-2.5', '1e9', ' 3 ', '1,5', '.5']) expect(looksNumeric(s), s).toBe(true);
    for (const s of ['', 'abc', '1-2', '2020-01-01', null]) expect(looksNumeric(s), String(s)).toBe(false);
  });
});
