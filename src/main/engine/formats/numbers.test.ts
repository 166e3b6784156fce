/** Tests for loose number parsing and the profiler helpers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDecimalSeparator, looksDecimal, looksInteger, parseNumberDetailed, parseNumberLoose } from './numbers.js';

describe('parseNumberLoose', () => {
  const cases: [string, '.' | ',', number | null, boolean?][] = [
    ['42', '.', 42],
    ['  -42 ', '.', -42],
    ['+42', '.', 42],
    ['\u22124.5', '.', -4.5],
    ['1,234,567.89', '.', 1234567.89],
    ['1.234.567,89', ',', 1234567.89],
    ['1 234 567', '.', 1234567],
    ['1\u00a0234,5', ',', 1234.5],
    ["1'234.50", '.', 1234.5],
    ['12,34,567.8', '.', 1234567.8],
    ['.5', '.', 0.5],
    ['5.', '.', 5],
    ['0,5', ',', 0.5],
    ['1.5e3', '.', 1500],
    ['-2E-2', '.', -0.02],
    ['$1,234.50', '.', 1234.5],
    ['-$5', '.', -5],
    ['$-5', '.', -5],
    ['US$ 10', '.', 10],
    ['€ 12,50', ',', 12.5],
    ['12,50 €', ',', 12.5],
    ['12.50 EUR', '.', 12.5],
    ['USD 12', '.', 12],
    ['£3', '.', 3],
    ['¥1000', '.', 1000],
    ['(123.45)', '.', -123.45],
    ['($1,000)', '.', -1000],
    ['50%', '.', 50, true],
    ['12.5 %', '.', 12.5, true],
    ['-0', '.', 0],
    ['007', '.', 7],
    // rejections
    ['', '.', null],
    ['abc', '.', null],
    ['2021-03-04', '.', null],
    ['555-1234', '.', null],
    ['+1 555 123 4567', '.', null],
    ['(555) 123-4567', '.', null],
    ['1.2.3', '.', null],
    ['1,23', '.', null],
    ['1.5', ',', null],
    ['1,234.567,890', '.', null],
    ['1e999', '.', null],
    ['.', '.', null],
    ['e5', '.', null],
    ['$', '.', null],
    ['(-5)', '.', null],
    ['$5%', '.', null],
    ['NaN', '.', null],
    ['Infinity', '.', null],
    ['12abc', '.', null],
    ['0x10', '.', null],
    ['1,2345', '.', null],
  ];
  it.each(cases)('%j (decimal %s)', (s, dec, want, pct = false) => {
    const r = parseNumberLoose(s, dec);
    if (want === null) expect(r).toBeNull();
    else {
      expect(r).toEqual({ value: want, percent: pct });
      expect(Object.is(r?.value, -0)).toBe(false);
    }
  });

  it('keeps the literal for big integers', () => {
    expect(parseNumberDetailed('12,345,678,901,234,567,890', '.')?.literal).toBe('12345678901234567890');
  });

  it('round-trips any finite double written by JS', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const r = parseNumberLoose(String(x), '.');
      expect(r?.value).toBe(x === 0 ? 0 : x);
    }));
  });

  it('round-trips grouped integers in both conventions', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (x) => {
      expect(parseNumberLoose(x.toLocaleString('en-US'), '.')?.value).toBe(x === 0 ? 0 : x);
      expect(parseNumberLoose(x.toLocaleString('de-DE'), ',')?.value).toBe(x === 0 ? 0 : x);
    }));
  });
});

describe('looksInteger / looksDecimal', () => {
  it.each([
    ['123', true, true],
    ['-1,234', true, true],
    ['12.5', false, true],
    ['$12', false, true],
    ['50%', false, true],
    ['(12)', false, true],
    ['1e3', false, true],
    ['abc', false, false],
    ['2020-01-01', false, false],
  ])('%j', (s, int, dec) => {
    expect(looksInteger(s)).toBe(int);
    expect(looksDecimal(s)).toBe(dec);
  });
});

describe('detectDecimalSeparator', () => {
  it.each([
    [['1.234,56', '7,5'], ','],
    [['1,234.56', '7.5'], '.'],
    [['3,14', '2,5'], ','],
    [['1,234', '5,678'], '.'],
    [['1.234.567'], ','],
    [['1,234,567'], '.'],
    [['12', 'abc'], '.'],
  ] as const)('%j → %s', (vals, want) => {
    expect(detectDecimalSeparator(vals)).toBe(want);
  });
});
