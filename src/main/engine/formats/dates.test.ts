/** Tests for the date format library: tokens, calendar validation, ISO output, detection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors.js';
import {
  compileDateFormat, DATE_FORMATS, type DateParts, dateFormatError, detectDateFormats, formatIsoDate,
  isAmbiguousDayMonth, isCanonicalIsoDate, parseDateWith,
} from './dates.js';

const p = (y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes?: number): DateParts =>
  offsetMinutes === undefined ? { y, m, d, h, mi, s, ms } : { y, m, d, h, mi, s, ms, offsetMinutes };

describe('parseDateWith', () => {
  const cases: [string, string, DateParts | null][] = [
    ['2020-03-04', 'YYYY-MM-DD', p(2020, 3, 4)],
    [' 2020-03-04 ', 'YYYY-MM-DD', p(2020, 3, 4)],
    ['2020/03/04', 'YYYY/MM/DD', p(2020, 3, 4)],
    ['04/03/2020', 'DD/MM/YYYY', p(2020, 3, 4)],
    ['03/04/2020', 'MM/DD/YYYY', p(2020, 3, 4)],
    ['4/3/2020', 'D/M/YYYY', p(2020, 3, 4)],
    ['3/4/2020', 'M/D/YYYY', p(2020, 3, 4)],
    ['04.03.2020', 'DD.MM.YYYY', p(2020, 3, 4)],
    ['04-03-2020', 'DD-MM-YYYY', p(2020, 3, 4)],
    ['20200304', 'YYYYMMDD', p(2020, 3, 4)],
    ['Mar 4, 2020', 'MMM D, YYYY', p(2020, 3, 4)],
    ['mar. 4,2020', 'MMM D, YYYY', p(2020, 3, 4)],
    ['Sept 4, 2020', 'MMM D, YYYY', p(2020, 9, 4)],
    ['4 Mar 2020', 'D MMM YYYY', p(2020, 3, 4)],
    ['March 4, 2020', 'MMMM D, YYYY', p(2020, 3, 4)],
    ['04-MAR-20', 'D-MMM-YY', p(2020, 3, 4)],
    ['04/03/69', 'DD/MM/YY', p(1969, 3, 4)],
    ['04/03/68', 'DD/MM/YY', p(2068, 3, 4)],
    ['2020-03-04T05:06:07', 'YYYY-MM-DDTHH:mm:ss', p(2020, 3, 4, 5, 6, 7)],
    ['2020-03-04 05:06:07', 'YYYY-MM-DD HH:mm:ss', p(2020, 3, 4, 5, 6, 7)],
    ['03/04/2020 17:45', 'MM/DD/YYYY HH:mm', p(2020, 3, 4, 17, 45)],
    ['2020-03-04T05:06:07Z', 'YYYY-MM-DDTHH:mm:ssZ', p(2020, 3, 4, 5, 6, 7, 0, 0)],
    ['2020-03-04T05:06:07+05:30', 'YYYY-MM-DDTHH:mm:ssZ', p(2020, 3, 4, 5, 6, 7, 0, 330)],
    ['2020-03-04T05:06:07-0800', 'YYYY-MM-DDTHH:mm:ssZ', p(2020, 3, 4, 5, 6, 7, 0, -480)],
    ['2020-03-04T05:06:07.123456Z', 'YYYY-MM-DDTHH:mm:ss.SSSZ', p(2020, 3, 4, 5, 6, 7, 123, 0)],
    ['2020-03-04T05:06:07.5', 'YYYY-MM-DDTHH:mm:ss.SSS', p(2020, 3, 4, 5, 6, 7, 500)],
    ['3/4/2020 1:05 PM', 'M/D/YYYY h:mm A', p(2020, 3, 4, 13, 5)],
    ['3/4/2020 12:05 am', 'M/D/YYYY h:mm A', p(2020, 3, 4, 0, 5)],
    ['3/4/2020 12:05PM', 'M/D/YYYY h:mm A', p(2020, 3, 4, 12, 5)],
    ['2020-03-04 at 10', 'YYYY-MM-DD[ at ]HH', p(2020, 3, 4, 10)],
    // calendar validation
    ['2020-02-29', 'YYYY-MM-DD', p(2020, 2, 29)],
    ['2019-02-29', 'YYYY-MM-DD', null],
    ['1900-02-29', 'YYYY-MM-DD', null],
    ['2000-02-29', 'YYYY-MM-DD', p(2000, 2, 29)],
    ['31/02/2020', 'DD/MM/YYYY', null],
    ['2020-04-31', 'YYYY-MM-DD', null],
    ['2020-13-01', 'YYYY-MM-DD', null],
    ['0000-01-01', 'YYYY-MM-DD', null],
    ['2020-01-01T24:00:00', 'YYYY-MM-DDTHH:mm:ss', null],
    ['2020-01-01T23:60:00', 'YYYY-MM-DDTHH:mm:ss', null],
    ['2020-01-01T00:00:00+15:00', 'YYYY-MM-DDTHH:mm:ssZ', null],
    ['3/4/2020 13:05 PM', 'M/D/YYYY h:mm A', null],
    // shape mismatches
    ['2020-3-4', 'YYYY-MM-DD', null],
    ['2020-03-04x', 'YYYY-MM-DD', null],
    ['Foo 4, 2020', 'MMM D, YYYY', null],
    ['', 'YYYY-MM-DD', null],
  ];
  it.each(cases)('%j with %s', (s, f, want) => {
    expect(parseDateWith(s, f)).toEqual(want);
  });

  it('throws EngineError for an unusable format', () => {
    expect(() => parseDateWith('2020', 'YYYY-QQ')).toThrow(EngineError);
  });
});

describe('dateFormatError', () => {
  it.each([
    ['YYYY-MM-DD', null],
    ['YYYY-MM-DDTHH:mm:ss.SSSZ', null],
    ['YYYY-QQ-DD', 'unknown token "Q" at position 6 (put literal text in [brackets])'],
    ['YYYY-MM', 'format has no day'],
    ['MM/DD', 'format has no year'],
    ['YYYY-MM-DD-YY', '"YY" repeats the year'],
    ['YYYY-MM-DD mm', 'format has minutes but no hour'],
    ['YYYY-MM-DD h:mm', '12-hour "h"/"hh" and "A" (AM/PM) go together'],
    ['YYYY-MM-DD [at', 'unclosed "[" at position 12'],
    ['', 'empty format'],
  ])('%j', (f, want) => {
    expect(dateFormatError(f)).toBe(want);
  });

  it('every candidate format compiles', () => {
    for (const f of DATE_FORMATS) expect(dateFormatError(f)).toBeNull();
  });

  it('caches compiled formats', () => {
    expect(compileDateFormat('DD/MM/YYYY')).toBe(compileDateFormat('DD/MM/YYYY'));
  });
});

describe('formatIsoDate', () => {
  it.each([
    [p(2020, 3, 4), 'date', '2020-03-04'],
    [p(2020, 3, 4, 5, 6, 7), 'datetime', '2020-03-04T05:06:07'],
    [p(2020, 3, 4, 5, 6, 7, 120), 'datetime', '2020-03-04T05:06:07.120'],
    [p(2020, 3, 4, 5, 6, 7, 0, 0), 'datetime', '2020-03-04T05:06:07Z'],
    [p(2020, 3, 4, 5, 6, 7, 0, -330), 'datetime', '2020-03-04T10:36:07Z'],
    [p(2020, 3, 4, 5, 6, 7, 0, 60), 'date', '2020-03-04'],
    [p(33, 1, 2), 'date', '0033-01-02'],
  ] as const)('%j as %s', (parts, out, want) => {
    expect(formatIsoDate(parts, out)).toBe(want);
  });
});

describe('isCanonicalIsoDate', () => {
  it.each([
    ['2020-03-04', 'date', true],
    ['2020-02-30', 'date', false],
    ['2020-03-04T00:00:00', 'date', false],
    ['2020-03-04T05:06:07', 'datetime', true],
    ['2020-03-04T05:06:07.120', 'datetime', true],
    ['2020-03-04T05:06:07.000', 'datetime', false],
    ['2020-03-04T05:06:07+00:00', 'datetime', false],
    ['2020-03-04T05:06:07Z', 'datetime', true],
    ['2020-03-04T05:06:07+05:30', 'datetime', false],
    ['2020-03-04T05:06:07Z', 'datetime', true],
    ['2020-03-04', 'datetime', false],
  ] as const)('%j as %s', (s, out, want) => {
    expect(isCanonicalIsoDate(s, out)).toBe(want);
  });
});

describe('isAmbiguousDayMonth', () => {
  it('is true only for numeric day and month with day <= 12 and day != month', () => {
    const dm = compileDateFormat('DD/MM/YYYY');
    expect(isAmbiguousDayMonth(dm, p(2020, 3, 4))).toBe(true);
    expect(isAmbiguousDayMonth(dm, p(2020, 3, 13))).toBe(false);
    expect(isAmbiguousDayMonth(dm, p(2020, 3, 3))).toBe(false);
    expect(isAmbiguousDayMonth(compileDateFormat('D MMM YYYY'), p(2020, 3, 4))).toBe(false);
    expect(isAmbiguousDayMonth(compileDateFormat('YYYY-MM-DD'), p(2020, 3, 4))).toBe(false);
  });
});

describe('detectDateFormats', () => {
  it('prefers day-first when a first field exceeds 12', () => {
    const r = detectDateFormats(['01/02/2020', '13/02/2020', '05/06/2021', '']);
    expect(r).toEqual({ formats: ['DD/MM/YYYY'], matched: 3 });
  });
  it('prefers month-first when a second field exceeds 12', () => {
    expect(detectDateFormats(['01/02/2020', '02/13/2020']).formats).toEqual(['MM/DD/YYYY']);
  });
  it('prefers month-first without evidence (documented default)', () => {
    expect(detectDateFormats(['01/02/2020', '03/04/2020']).formats).toEqual(['MM/DD/YYYY']);
  });
  it('lists several formats by how many values each explains', () => {
    const r = detectDateFormats(['2020-01-02', '2020-01-03', '2020-01-04', 'Jan 5, 2020', 'Feb 6, 2020', 'not a date', '20200106']);
    expect(r.formats).toEqual(['YYYY-MM-DD', 'MMM D, YYYY', 'YYYYMMDD']);
    expect(r.matched).toBe(6);
  });
  it('picks the loose format when padding is mixed', () => {
    expect(detectDateFormats(['3/4/2020', '13/04/2020', '03/04/2020']).formats).toEqual(['D/M/YYYY']);
  });
  it('returns nothing for non-dates', () => {
    expect(detectDateFormats(['abc', '12', '555-1234', '2020-02-30'])).toEqual({ formats: [], matched: 0 });
  });
});

describe('properties', () => {
  const parts = fc.record({
    y: fc.integer({ min: 1, max: 9999 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    ms: fc.integer({ min: 0, max: 999 }),
  });
  it('parse(format(x)) = x for datetimes without zones; zoned values become the same instant in UTC', () => {
    fc.assert(fc.property(parts, fc.option(fc.integer({ min: -14 * 60, max: 14 * 60 }), { nil: undefined }), (x, off) => {
      const v: DateParts = off === undefined ? x : { ...x, offsetMinutes: off };
      const text = formatIsoDate(v, 'datetime');
      const fmt = `YYYY-MM-DDTHH:mm:ss${v.ms > 0 ? '.SSS' : ''}${off === undefined ? '' : 'Z'}`;
      const back = parseDateWith(text, fmt);
      if (off === undefined) {
        expect(back).toEqual(v);
      } else {
        const instant = (q: DateParts): number => {
          const t = new Date(0);
          t.setUTCFullYear(q.y, q.m - 1, q.d);
          return t.setUTCHours(q.h, q.mi - (q.offsetMinutes ?? 0), q.s, q.ms);
        };
        const shifted = new Date(instant(v)).getUTCFullYear();
        if (shifted >= 0 && shifted <= 9999) {
          expect(back?.offsetMinutes).toBe(0);
          expect(instant(back!)).toBe(instant(v));
        }
      }
      expect(isCanonicalIsoDate(text, 'datetime')).toBe(off === undefined || off === 0 || text.endsWith('Z'));
    }));
  });
  it('parse(format(x)) = x for dates, and every candidate format round-trips its own rendering', () => {
    fc.assert(fc.property(parts, (x) => {
      const date = { ...x, h: 0, mi: 0, s: 0, ms: 0 };
      expect(parseDateWith(formatIsoDate(date, 'date'), 'YYYY-MM-DD')).toEqual(date);
    }));
  });
});
