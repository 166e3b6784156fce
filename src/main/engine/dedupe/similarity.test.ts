/** Kernels and building blocks: string similarities, normalisation, LSH parameters, pivot clustering. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isTransposition, jaroWinkler, levenshtein, levenshteinWithin, softTfIdf } from './similarity.js';
import { normalizeText, normalizeValue, numericValue } from './normalize.js';
import { candidateProbability, lshParams } from './minhash.js';
import { clusterReps } from './cluster.js';

describe('string kernels', () => {
  it('bounded Levenshtein is the distance up to the bound and bound + 1 past it', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 14 });
    fc.assert(fc.property(text, text, fc.integer({ min: 0, max: 16 }), (a, b, max) => {
      expect(levenshteinWithin(a, b, max)).toBe(Math.min(levenshtein(a, b), max + 1));
    }), { numRuns: 2000 });
    expect(levenshteinWithin('kitten', 'sitting', 3)).toBe(3);
    expect(levenshteinWithin('kitten', 'sitting', 2)).toBe(3);
    expect(levenshteinWithin('john.smith@example.com', 'jon.smith@example.com', 2)).toBe(1);
  });

  it('matches published Jaro–Winkler values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'a')).toBe(0);
  });

  it('is symmetric and bounded', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const s = jaroWinkler(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
      expect(levenshtein(a, b)).toBe(levenshtein(b, a));
    }));
  });

  it('counts edits and transpositions', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(isTransposition('19390305', '19390350')).toBe(true);
    expect(isTransposition('1234', '1243')).toBe(true);
    expect(isTransposition('1234', '1324')).toBe(true);
    expect(isTransposition('1234', '4231')).toBe(false);
  });

  it('weighs rare tokens over common ones in soft TF-IDF', () => {
    // tokens: 0 'the' (common), 1 'aurora' (rare), 2 'stream', 3 'system', 4 'strem'
    const tokens = ['the', 'aurora', 'stream', 'system', 'strem'];
    const idf = Float32Array.from([0.1, 5, 3, 1, 3]);
    const ids = Int32Array.from([0, 1, 2, 3, /* b */ 0, 1, 3, 4, /* c */ 0, 2, 3]);
    const typo = softTfIdf(ids, 0, 4, 4, 8, idf, tokens, 0.85);
    const missingRare = softTfIdf(ids, 0, 4, 8, 11, idf, tokens, 0.85);
    expect(softTfIdf(ids, 0, 4, 0, 4, idf, tokens, 0.85)).toBe(1);
    expect(typo).toBeGreaterThan(0.9);
    expect(missingRare).toBeLessThan(typo);
  });
});

describe('normalisation', () => {
  it('folds case, accents, punctuation and HTML entities', () => {
    expect(normalizeText('  Per-&#197;ke  Larson ')).toBe('per ake larson');
    expect(normalizeText('Jérôme Siméon')).toBe('jerome simeon');
    expect(normalizeText('A &amp; B &mdash; C')).toBe('a b c');
  });

  it('reads dates and numbers onto a numeric axis', () => {
    expect(normalizeValue('date', '1990-01-02T10:30:00')).toBe('19900102');
    expect(numericValue('date', '19700102', '1970-01-02T12:00')).toBeCloseTo(1.5, 9);
    expect(numericValue('number', normalizeValue('number', ' +1 234.5 '), '')).toBe(1234.5);
    expect(normalizeValue('phone', '+61 (2) 9988-7766')).toBe('61299887766');
    expect(normalizeValue('url', 'HTTPS://www.Example.com/a/')).toBe('example.com/a');
  });
});

describe('LSH parameters', () => {
  it('derive bands and rows from the target similarity', () => {
    for (const target of [0.3, 0.5, 0.8]) {
      const p = lshParams(target, 150);
      expect(p.bands * p.rows).toBeLessThanOrEqual(150);
      expect(Math.pow(1 / p.bands, 1 / p.rows)).toBeCloseTo(target, 1);
      expect(candidateProbability(Math.min(1, target + 0.3), p)).toBeGreaterThan(0.85);
      expect(candidateProbability(target / 3, p)).toBeLessThan(0.2);
    }
    expect(lshParams(0.3, 150)).toEqual({ bands: 37, rows: 3 });
  });
});

describe('pivot clustering', () => {
  it('keeps the ends of a chain apart and completes small components', async () => {
    // Records 0~1 (0.95), 1~2 (0.97) accepted; 0–2 never a candidate and scores 0.02 when completed.
    const n = 5;
    const keys = Float64Array.from([0 * n + 1, 1 * n + 2, 3 * n + 4]);
    const probs = Float64Array.from([0.95, 0.97, 0.6]);
    const scoredOnDemand: number[] = [];
    const out = await clusterReps({
      n, keys, probs, threshold: 0.9, conflictBelow: 0.5, completionCap: 50,
      score: (i, j) => {
        scoredOnDemand.push(i * n + j);
        return 0.02;
      },
    });
    expect(scoredOnDemand).toEqual([0 * n + 2]);
    expect(out.clusters).toEqual([{ pivot: 1, members: [1, 2], probs: [1, 0.97] }]);
    expect(out.extraKeys).toEqual([2]);
  });
});
