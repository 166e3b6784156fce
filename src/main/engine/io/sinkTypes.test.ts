/** Column type inference for typed sinks. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.js';
import { ColumnTypeTracker } from './sinkTypes.js';
import type { SinkColumnType } from './types.js';

function infer(values: Cell[]): SinkColumnType {
  const t = new ColumnTypeTracker();
  for (const v of values) t.observe(v);
  return t.infer();
}

function accepts(values: Cell[], type: SinkColumnType): boolean {
  const t = new ColumnTypeTracker();
  for (const v of values) t.observe(v);
  return t.accepts(type);
}

describe('ColumnTypeTracker', () => {
  it('infers the narrowest type every value proves', () => {
    expect(infer([1, null, -3])).toBe('BIGINT');
    expect(infer([1, 2.5])).toBe('DOUBLE');
    expect(infer([2 ** 53, 1])).toBe('DOUBLE');
    expect(infer([true, null, false])).toBe('BOOLEAN');
    expect(infer(['2024-02-29', '1999-01-31'])).toBe('DATE');
    expect(infer(['2024-02-29', '2024-02-29T10:11:12'])).toBe('TIMESTAMP');
    expect(infer(['2024-02-29T10:11:12.123456'])).toBe('TIMESTAMP');
    expect(infer([1, '9007199254740993'])).toBe('BIGINT');
    expect(infer(['9007199254740993'])).toBe('VARCHAR');
    expect(infer([1.5, '9007199254740993'])).toBe('VARCHAR');
    expect(infer(['1', '2'])).toBe('VARCHAR');
    expect(infer([1, 'a'])).toBe('VARCHAR');
    expect(infer([true, 1])).toBe('VARCHAR');
    expect(infer([null, null])).toBe('VARCHAR');
    expect(infer([])).toBe('VARCHAR');
  });

  it('rejects text that is not a real date or time', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-00-10', '0000-01-01', '2024-1-01', '2024-01-01 10:00:00', '2024-01-01T24:00:00', '2024-01-01T10:60:00',
      '2024-01-01T10:00:60', '2024-01-01T10:00:00.', '2024-01-01T10:00:00.1234567', '2024-01-01T10:00:00+01:00', '2024-01-01T1a:00:00', '２０２４-01-01']) {
      expect(infer([bad]), bad).toBe('VARCHAR');
    }
    expect(infer(['2000-02-29', '1900-03-01'])).toBe('DATE');
    expect(infer(['2024-01-01T10:00:00Z', '2024-01-01T10:00:00.5Z', '2024-01-02'])).toBe('TIMESTAMP');
    expect(infer(['1900-02-29'])).toBe('VARCHAR');
  });

  it('accepts declared types for text DuckDB can parse', () => {
    expect(accepts(['12', '-3', '+4'], 'BIGINT')).toBe(true);
    expect(accepts(['12', '1.5e3', '.5'], 'DOUBLE')).toBe(true);
    expect(accepts(['TRUE', 'false'], 'BOOLEAN')).toBe(true);
    expect(accepts(['2024-01-01'], 'TIMESTAMP')).toBe(true);
    expect(accepts([1.5], 'BIGINT')).toBe(false);
    expect(accepts(['99999999999999999999'], 'BIGINT')).toBe(false);
    expect(accepts(['x'], 'DOUBLE')).toBe(false);
    expect(accepts([''], 'BIGINT')).toBe(false);
    expect(accepts(['2024-01-01T10:00:00'], 'DATE')).toBe(false);
    expect(accepts([true, 1, 'x'], 'VARCHAR')).toBe(true);
    expect(accepts([null], 'DATE')).toBe(true);
  });

  it('infers DATE for any valid generated date and TIMESTAMP for any datetime', () => {
    const d = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(fc.property(d, (date) => {
      const iso = date.toISOString();
      expect(infer([iso.slice(0, 10)])).toBe('DATE');
      expect(infer([iso.slice(0, 23)])).toBe('TIMESTAMP');
      expect(infer([iso.slice(0, 19)])).toBe('TIMESTAMP');
    }));
  });
});
