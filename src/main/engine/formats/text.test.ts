/** Tests for text keys, cleanups, edit distance, title case and shapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collapseWhitespace, fingerprintKey, levenshtein, ngramFingerprintKey, shapePattern, stripControlAndZeroWidth, titleCase,
} from './text.js';

const anyText = fc.string({ unit: 'binary', maxLength: 40 });

describe('fingerprintKey', () => {
  it.each([
    ['  Tom  Cruise ', 'cruise tom'],
    ['Cruise, Tom', 'cruise tom'],
    ['tom cruise tom', 'cruise tom'],
    ['Café Zürich', 'cafe zurich'],
    ['ﬁne Ⅸ', 'fine ix'],
    ['A.T.&T.', 'att'],
    ['\u0000x\u200By', 'xy'],
    ['', ''],
    ['!!!', ''],
  ])('%j → %j', (s, want) => {
    expect(fingerprintKey(s)).toBe(want);
  });
  it('is idempotent', () => {
    fc.assert(fc.property(anyText, (s) => {
      const k = fingerprintKey(s);
      expect(fingerprintKey(k)).toBe(k);
    }));
  });
});

describe('ngramFingerprintKey', () => {
  it.each([
    ['Paris', 2, 'arispari'],
    ['paris ', 2, 'arispari'],
    ['abab', 2, 'abba'],
    ['Ab', 3, 'ab'],
    ['abc', 1, 'abc'],
  ])('%j n=%i → %j', (s, n, want) => {
    expect(ngramFingerprintKey(s, n)).toBe(want);
  });
});

describe('collapseWhitespace / stripControlAndZeroWidth', () => {
  it.each([
    ['a  b', 'a b'],
    ['a\t\nb', 'a b'],
    [' a\u00a0 b ', ' a b '],
    ['a b', 'a b'],
  ])('collapse %j → %j', (s, want) => {
    expect(collapseWhitespace(s)).toBe(want);
  });
  it.each([
    ['a\u200Bb', 'ab'],
    ['\uFEFFname', 'name'],
    ['x\u0007y\u009Fz', 'xyz'],
    ['keep\ttab\nand newline', 'keep\ttab\nand newline'],
    ['soft\u00ADhyphen\u200E', 'softhyphen'],
  ])('strip %j → %j', (s, want) => {
    expect(stripControlAndZeroWidth(s)).toBe(want);
  });
});

describe('levenshtein', () => {
  it.each([
    ['', '', 0], ['a', '', 1], ['kitten', 'sitting', 3], ['flaw', 'lawn', 2], ['abc', 'abc', 0], ['abc', 'acb', 2],
    ['Saturday', 'Sunday', 3],
  ])('%j vs %j = %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
  it('returns max + 1 once the bound is exceeded', () => {
    expect(levenshtein('kitten', 'sitting', 2)).toBe(3);
    expect(levenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(levenshtein('a', 'abcdefgh', 2)).toBe(3);
    expect(levenshtein('x'.repeat(200), 'y'.repeat(200), 5)).toBe(6);
  });
  const s = fc.string({ maxLength: 20 });
  it('is symmetric, zero only on equality, and bounded consistently', () => {
    fc.assert(fc.property(s, s, fc.integer({ min: 0, max: 10 }), (a, b, max) => {
      const d = levenshtein(a, b);
      expect(levenshtein(b, a)).toBe(d);
      expect(d === 0).toBe(a === b);
      expect(levenshtein(a, b, max)).toBe(Math.min(d, max + 1));
    }));
  });
  it('satisfies the triangle inequality', () => {
    fc.assert(fc.property(s, s, s, (a, b, c) => {
      expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c));
    }));
  });
});

describe('titleCase', () => {
  it.each([
    ['john smith', 'John Smith'],
    ['JOHN SMITH', 'John Smith'],
    ['mary-jane o\'neil', 'Mary-Jane O\'neil'],
    ["don't stop", "Don't Stop"],
    ['3rd street', '3rd Street'],
    ['élodie (paris)', 'Élodie (Paris)'],
    ['straße', 'Straße'],
    ['ßtraße', 'ßtraße'],
  ])('%j → %j', (s, want) => {
    expect(titleCase(s)).toBe(want);
  });
  it('is idempotent', () => {
    fc.assert(fc.property(anyText, (s) => {
      const t = titleCase(s);
      expect(titleCase(t)).toBe(t);
    }), { numRuns: 2000 });
  });
});

describe('shapePattern', () => {
  it.each([
    ['John Smith 42', true, 'Aa Aa 9'],
    ['AB-1234', true, 'A-9'],
    ['john@example.com', true, 'a@a.a'],
    ['Zoë 7', true, 'Aa 9'],
    ['John 42', false, 'Aaaa 99'],
    ['', true, ''],
  ])('%j (collapse %s) → %j', (s, c, want) => {
    expect(shapePattern(s, c)).toBe(want);
  });
});
