import { describe, expect, it } from 'vitest';
import type { ValueCount } from '../../../shared/profile.js';
import { findIssue } from './issues.js';
import { inferType, isCodeName } from './infer.js';

function vc(values: readonly string[]): ValueCount[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([value, count]) => ({ value, count }));
}

const infer = (name: string, values: readonly string[], rows = values.length) => inferType({ name, values: vc(values), rows });
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

describe('inferType', () => {
  it('recognises the plain types with their confidence', () => {
    expect(infer('n', range(100, (i) => String(i * 3))).inferred).toBe('integer');
    expect(infer('x', range(100, (i) => `${i}.5`)).inferred).toBe('decimal');
    expect(infer('ok', range(100, (i) => (i % 3 ? 'yes' : 'no')))).toMatchObject({ inferred: 'boolean', confidence: 1 });
    expect(infer('flag', range(100, (i) => String(i % 2))).inferred).toBe('integer');
    expect(infer('mail', range(100, (i) => `u${i}@example.org`)).inferred).toBe('email');
    expect(infer('site', range(100, (i) => `https://example.org/p/${i}`)).inferred).toBe('url');
    expect(infer('tel', range(100, (i) => `+61 2 9${String(i).padStart(3, '0')} 1234`)).inferred).toBe('phone');
    expect(infer('mobile', range(100, (i) => `04${String(12345678 + i * 31)}`)).inferred).toBe('phone');
    expect(infer('e', []).inferred).toBe('empty');
  });

  it('detects dates and datetimes with their formats, and reports mixed formats', () => {
    const iso = infer('d', range(60, (i) => `2021-03-${String(1 + (i % 28)).padStart(2, '0')}`));
    expect(iso).toMatchObject({ inferred: 'date', dateFormats: ['YYYY-MM-DD'], confidence: 1 });
    const dt = infer('t', range(60, (i) => `2021-03-04 10:${String(i).padStart(2, '0')}:00`));
    expect(dt).toMatchObject({ inferred: 'datetime', dateFormats: ['YYYY-MM-DD HH:mm:ss'] });
    const mixed = infer('d', [...range(40, (i) => `2021-03-${String(1 + (i % 28)).padStart(2, '0')}`), ...range(20, (i) => `${13 + (i % 15)}/04/2020`)]);
    expect(mixed.dateFormats).toEqual(['YYYY-MM-DD', 'DD/MM/YYYY']);
    expect(findIssue(mixed.issues, 'mixed-formats')).toBe('2 date formats in the sample: YYYY-MM-DD (40), DD/MM/YYYY (20)');
  });

  it('keeps placeholders out of the confidence and reports non-conforming values', () => {
    const r = infer('amount', [...range(95, (i) => String(i)), 'N/A', 'n/a', 'unknown', 'oops', '12x']);
    expect(r.inferred).toBe('integer');
    expect(r.placeholders).toBe(3);
    expect(r.confidence).toBeCloseTo(95 / 97, 10);
    expect(findIssue(r.issues, 'nonconforming')).toBe("2 of 97 (2.1%) sampled values are not integers (e.g. 'oops', '12x')");
  });

  it('reports formatted numbers and the decimal comma', () => {
    const money = infer('price', range(50, (i) => `$${i + 1},${String(100 + i).padStart(3, '0')}.50`));
    expect(money.inferred).toBe('decimal');
    expect(findIssue(money.issues, 'number-format')).toMatch(/^50 of 50 \(100%\) sampled values are written with currency symbols/);
    const comma = infer('w', range(50, (i) => `${i},25`));
    expect(comma).toMatchObject({ inferred: 'decimal', decimal: ',' });
    expect(comma.numbers?.[3]).toBe(3.25);
  });

  it('treats zero-padded digit strings and code-named digit columns as identifiers, not integers', () => {
    const post = infer('zip', [...range(98, (i) => String(2000 + (i % 30) * 7)), '0800', '0870']);
    expect(post).toMatchObject({ inferred: 'identifier', key: false });
    expect(findIssue(post.issues, 'leading-zeros')).toMatch(/^2 of 100 \(2\.0%\) sampled values start with 0/);
    expect(infer('street_number', range(100, (i) => String(i % 40))).inferred).toBe('identifier');
    expect(infer('quantity', range(100, (i) => String(i % 40))).inferred).toBe('integer');
    expect(isCodeName('soc_sec_id')).toBe(true);
    expect(isCodeName('customerId')).toBe(true);
    expect(isCodeName('num_items')).toBe(false);
  });

  it('finds keys: unique dense or fixed-width integers, UUIDs and code-like strings', () => {
    expect(infer('row', range(200, (i) => String(i + 1)))).toMatchObject({ inferred: 'identifier', key: true });
    expect(infer('acm', range(200, (i) => String(300000 + i * 37)), 200)).toMatchObject({ inferred: 'identifier', key: true });
    expect(infer('price', range(200, (i) => String(i * i * 13)), 200).inferred).toBe('integer');
    expect(infer('rec', range(200, (i) => `rec-${i}-org`))).toMatchObject({ inferred: 'identifier', key: true });
    expect(infer('dblp', range(200, (i) => `conf/vldb/X${i}96`))).toMatchObject({ inferred: 'identifier', key: true });
    expect(infer('u', range(50, (i) => `123e4567-e89b-12d3-a456-${String(i).padStart(12, '0')}`)).inferred).toBe('identifier');
    expect(infer('title', range(200, (i) => `A study of thing ${i}`)).inferred).toBe('text');
    // A record id repeated by double imports (8% of rows) is still a row key; one repeated on most rows is not.
    expect(infer('customer_id', range(200, (i) => `C${String(i % 184).padStart(10, '0')}`))).toMatchObject({ inferred: 'identifier', key: true });
    expect(infer('customer_id', range(200, (i) => `C${String(i % 150).padStart(10, '0')}`)).inferred).toBe('text');
  });

  it('separates categories from free text by cardinality', () => {
    expect(infer('state', range(500, (i) => ['nsw', 'vic', 'qld', 'wa'][i % 4] as string)).inferred).toBe('categorical');
    expect(infer('name', range(500, (i) => `name${i % 300}`)).inferred).toBe('text');
  });
});
