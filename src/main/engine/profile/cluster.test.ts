import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ValueCount } from '../../../shared/profile.js';
import { clusterValues, editThreshold } from './cluster.js';
import { FEBRL2, readFebrl } from './testData.js';

function counts(values: readonly string[]): ValueCount[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, count]) => ({ value, count }));
}

describe('clusterValues', () => {
  it('collides case, spacing and punctuation variants, and leaves abbreviations alone', () => {
    const values = [
      ...Array<string>(5).fill('New York'), 'new york', 'New  York ', 'NEW YORK', 'new-york', 'NYC', 'NYC',
      ...Array<string>(3).fill('Boston'), 'boston.',
    ];
    const cs = clusterValues(counts(values));
    expect(cs).toEqual([
      {
        canonical: 'New York', method: 'ngram-fingerprint',
        variants: [{ value: 'New York', count: 5 }, { value: 'NEW YORK', count: 1 }, { value: 'New  York ', count: 1 }, { value: 'new york', count: 1 }, { value: 'new-york', count: 1 }],
      },
      { canonical: 'Boston', method: 'fingerprint', variants: [{ value: 'Boston', count: 3 }, { value: 'boston.', count: 1 }] },
    ]);
  });

  it('n-gram fingerprint joins split or run-together words', () => {
    const cs = clusterValues(counts(['northbourne avenue', 'northbourne avenue', 'northbourneavenue']));
    expect(cs).toEqual([{ canonical: 'northbourne avenue', method: 'ngram-fingerprint', variants: [{ value: 'northbourne avenue', count: 2 }, { value: 'northbourneavenue', count: 1 }] }]);
  });

  it('never merges different numbers or short codes', () => {
    const values = ['1.5', '15', '1,5', 'unit 3', 'unit 4', 'CA', 'CO', 'CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'CA', 'vic', 'vid'];
    expect(clusterValues(counts(values))).toEqual([]);
    expect(editThreshold(3)).toBe(0);
    expect(editThreshold(5)).toBe(1);
    expect(editThreshold(12)).toBe(2);
  });

  it('edit distance attaches only rare spellings to a much more frequent value, without chains', () => {
    const values = [...Array<string>(50).fill('toowoomba'), 'toowomba', 'toowoonba', ...Array<string>(30).fill('isabella'), ...Array<string>(20).fill('isabelle')];
    const cs = clusterValues(counts(values));
    expect(cs).toEqual([{ canonical: 'toowoomba', method: 'edit-distance', variants: [{ value: 'toowoomba', count: 50 }, { value: 'toowomba', count: 1 }, { value: 'toowoonba', count: 1 }] }]);
    expect(clusterValues(counts(values), { editDistance: false })).toEqual([]);
  });

  it.skipIf(!existsSync(FEBRL2))('FEBRL state: three-letter typos are left alone (too short to judge); suburb: spacing typos join', () => {
    const { names, rows } = readFebrl(FEBRL2);
    const col = (n: string): string[] => rows.map((r) => r[names.indexOf(n)]).filter((v): v is string => typeof v === 'string');
    expect(clusterValues(counts(col('state')))).toEqual([]);
    const suburb = clusterValues(counts(col('suburb')), { editDistance: false });
    const frank = suburb.find((c) => c.canonical === 'frankston');
    expect(frank?.variants).toEqual([{ value: 'frankston', count: 37 }, { value: 'frank ston', count: 1 }]);
    expect(suburb.every((c) => c.method !== 'edit-distance')).toBe(true);
    const withEdits = clusterValues(counts(col('suburb')));
    const too = withEdits.find((c) => c.canonical === 'toowoomba');
    expect(too?.variants.map((v) => v.value)).toEqual(['toowoomba', 'toosoomba', 'toowlomba', 'toowoobma', 'toowoonba']);
    // An edit-distance variant is at least 5x rarer than its canonical.
    for (const c of withEdits.filter((x) => x.method === 'edit-distance')) {
      for (const v of c.variants) if (v.value !== c.canonical) expect(v.count * 5).toBeLessThanOrEqual(c.variants[0]?.count ?? 0);
    }
  });
});
