/** Field comparators per kind: the similarity each column type uses, and the levels they map to. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InferredType } from '../../../shared/profile.js';
import { FieldColumn } from './columns.js';
import { FieldComparator, levelName } from './compare.js';

/** A comparator over one column holding `values` (plus `filler` rows), and the similarity of two of its values. */
function comparator(type: InferredType, values: (string | null)[], filler: string[] = []): { c: FieldComparator; sim: (a: string, b: string) => number; level: (a: string, b: string) => string } {
  const col = new FieldColumn({ name: 'f', type });
  const all = [...values, ...filler];
  col.add(all, all.length);
  col.finalize();
  const c = new FieldComparator(col);
  const code = (v: string): number => col.codes[all.indexOf(v)] as number;
  return {
    c,
    sim: (a, b) => c.similarity(code(a), code(b)),
    level: (a, b) => levelName(c.kind, c.level(code(a), code(b))),
  };
}

describe('field comparators', () => {
  it('memoised levels of a large repeating dictionary equal the computed ones', () => {
    // 2,600 distinct names (past the dense table), each on 8 rows: the hashed memo serves them.
    const names = Array.from({ length: 2600 }, (_, i) => `n${(i * 7919) % 10007}x${i % 13}`);
    const rows = names.flatMap((v) => Array.from({ length: 8 }, () => v));
    const col = new FieldColumn({ name: 'f', type: 'categorical' });
    col.add(rows, rows.length);
    col.finalize();
    const c = new FieldComparator(col);
    expect(col.norm.length).toBe(2600);
    for (let round = 0; round < 2; round++) {
      for (let a = 0; a < 2600; a += 37) {
        for (let b = 1; b < 2600; b += 53) {
          if (a !== b) expect(c.level(a, b)).toBe(Math.max(1, c.levelOf(c.similarity(a, b))));
        }
      }
    }
  });

  it('level() (bounded kernels, length ceilings, cache) equals the level of the full similarity', () => {
    const types: InferredType[] = ['text', 'categorical', 'email', 'phone', 'identifier', 'integer', 'date'];
    const chars: Record<string, string[]> = {
      text: ['a', 'n', 'o', 'j', ' ', 'h'], categorical: ['a', 'b', 'e', 'r'], email: ['a', 'b', '.', '@', 'x'],
      phone: ['1', '2', '3', '-', ' '], identifier: ['A', '1', '2', '7'], integer: ['1', '2', '9', '0'], date: ['2', '0', '1', '-'],
    };
    fc.assert(fc.property(fc.constantFrom(...types), fc.nat(), (type, seed) => {
      const vals = fc.sample(fc.string({ unit: fc.constantFrom(...(chars[type] as string[])), minLength: 1, maxLength: 16 }), { numRuns: 12, seed });
      const col = new FieldColumn({ name: 'f', type });
      col.add(vals, vals.length);
      col.finalize();
      const c = new FieldComparator(col);
      for (let a = 0; a < col.norm.length; a++) {
        for (let b = 0; b < col.norm.length; b++) {
          if (a === b) continue;
          const expected = Math.max(1, c.levelOf(c.similarity(a, b)));
          expect(c.level(a, b)).toBe(expected);
          expect(c.level(a, b)).toBe(expected);
        }
      }
    }), { numRuns: 300 });
  });


  it('names: Jaro–Winkler, so a typo or a dropped letter stays high and another name does not', () => {
    const { sim, level } = comparator('text', ['jonathan', 'jonathon', 'jonathan', 'margaret']);
    expect(sim('jonathan', 'jonathon')).toBeGreaterThan(0.92);
    expect(level('jonathan', 'jonathon')).toBe('high');
    expect(level('jonathan', 'jonathan')).toBe('exact');
    expect(sim('jonathan', 'margaret')).toBeLessThan(0.6);
    expect(level('jonathan', 'margaret')).toBe('else');
  });

  it('multi-word text: token-based, so word order does not matter and a lost space is forgiven', () => {
    const { c, sim } = comparator('text', ['12 harbour view parade', 'parade harbour view 12', '12 harbourview parade', '7 quarry lane']);
    expect(c.kind).toBe('tokens');
    expect(sim('12 harbour view parade', 'parade harbour view 12')).toBeGreaterThan(0.99);
    expect(sim('12 harbour view parade', '12 harbourview parade')).toBeGreaterThanOrEqual(0.9);
    expect(sim('12 harbour view parade', '7 quarry lane')).toBeLessThan(0.3);
  });

  it('numbers: closeness within the column\'s spread, and a swapped digit counts as one error', () => {
    const filler = Array.from({ length: 40 }, (_, i) => String(1000 + i * 100));
    const { sim } = comparator('integer', ['52000', '52100', '25000', '9000'], filler);
    expect(sim('52000', '52100')).toBeGreaterThan(0.9);
    expect(sim('52000', '25000')).toBeGreaterThanOrEqual(0.8);
    expect(sim('52000', '9000')).toBeLessThan(sim('52000', '52100'));
  });

  it('fixed-width codes (postcodes): edit distance only, closeness means nothing', () => {
    const filler = Array.from({ length: 60 }, (_, i) => String(2000 + i * 37));
    const { sim } = comparator('integer', ['2611', '2612', '2911'], filler);
    expect(sim('2611', '2612')).toBeCloseTo(0.75, 5);
    expect(sim('2611', '2911')).toBeCloseTo(0.75, 5);
  });

  it('dates: a day apart or a few days apart are close; years apart are not', () => {
    const { sim, level } = comparator('date', ['1971-04-23', '1971-04-24', '1971-04-28', '1985-11-02']);
    expect(sim('1971-04-23', '1971-04-24')).toBeGreaterThanOrEqual(0.9);
    expect(level('1971-04-23', '1971-04-28')).not.toBe('else');
    expect(sim('1971-04-23', '1985-11-02')).toBeLessThan(0.7);
    expect(level('1971-04-23', '1985-11-02')).toBe('else');
  });

  it('emails: exact after normalisation, an edit or two is high, another mailbox is not', () => {
    const { sim, level } = comparator('email', ['Ann.Lee@Example.com', 'ann.lee@example.com', 'ann.le@example.com', 'bob.okafor@mail.net']);
    expect(level('Ann.Lee@Example.com', 'ann.lee@example.com')).toBe('exact');
    expect(sim('ann.lee@example.com', 'ann.le@example.com')).toBeGreaterThan(0.9);
    expect(level('ann.lee@example.com', 'bob.okafor@mail.net')).toBe('else');
  });

  it('phones: the same subscriber number with or without a country prefix, formatting ignored', () => {
    const { sim, level } = comparator('phone', ['(02) 9988 7766', '02-9988-7766', '+61 2 9988 7766', '03 1122 3344']);
    expect(level('(02) 9988 7766', '02-9988-7766')).toBe('exact');
    expect(sim('02-9988-7766', '+61 2 9988 7766')).toBeGreaterThanOrEqual(0.9);
    expect(level('02-9988-7766', '03 1122 3344')).toBe('else');
  });

  it('categories: Jaro–Winkler over normalised values, so a misspelt state is close', () => {
    const { sim, level } = comparator('categorical', ['victoria', 'victorai', 'queensland', 'victoria']);
    expect(sim('victoria', 'victorai')).toBeGreaterThan(0.9);
    expect(level('victoria', 'queensland')).toBe('else');
  });

  it('a missing value is its own level, neither agreement nor disagreement', () => {
    const { c } = comparator('text', ['anna', null, 'anna']);
    expect(levelName(c.kind, c.level(c.col.codes[0] as number, c.col.codes[1] as number))).toBe('missing');
  });
});
