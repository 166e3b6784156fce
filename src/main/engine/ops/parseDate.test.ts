/** Tests for core/parse-date. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellPolicy, ParseDateOp } from '../../../shared/plan.js';
import { DATE_FORMATS } from '../formats/dates.js';
import { parseDateOp } from './parseDate.js';
import { opContract, runOp } from './testKit.js';

const op = (formats: string[], output: 'date' | 'datetime' = 'date', onError: CellPolicy = 'keep-original'): ParseDateOp => ({
  id: 'd1', op: 'core/parse-date', column: 'dob', enabled: true, params: { formats, output, onError },
});

opContract(parseDateOp, {
  valid: [op(['DD/MM/YYYY']), op(['YYYY-MM-DD', 'MMM D, YYYY'], 'datetime', 'quarantine')],
  columns: ['dob', 'name'],
  bad: [
    {
      name: 'bad formats (each reported at its index), output and policy',
      op: { ...op([]), params: { formats: ['YYYY-MM-DD', 'YYYY-QQ', 'MM/DD', 7], output: 'time', onError: 'explode' } },
      paths: ['operations[2].params.formats[1]', 'operations[2].params.formats[2]', 'operations[2].params.formats[3]', 'operations[2].params.output', 'operations[2].params.onError'],
    },
    { name: 'empty format list', op: op([]), paths: ['operations[2].params.formats'] },
  ],
  idempotent: fc.tuple(
    fc.subarray([...DATE_FORMATS], { minLength: 1, maxLength: 6 }),
    fc.constantFrom<'date' | 'datetime'>('date', 'datetime'),
    fc.constantFrom<CellPolicy>('keep-original', 'set-null', 'quarantine'),
  ).map(([f, o, p]) => op(f, o, p)),
});

describe('core/parse-date', () => {
  it('parses in format order, with 0.8 confidence for day/month-ambiguous values', () => {
    const input = ['04/03/2020', '13/03/2020', '2020-03-04', '31/02/2020', null, '', 20200304, 'Mar 5, 2021', '05/05/2020'];
    const { out, rec } = runOp(op(['DD/MM/YYYY', 'YYYYMMDD', 'MMM D, YYYY']), input);
    expect(out).toEqual(['2020-03-04', '2020-03-13', '2020-03-04', '31/02/2020', null, '', '2020-03-04', '2021-03-05', '2020-05-05']);
    expect(rec.cells).toEqual([
      [0, '04/03/2020', '2020-03-04', 0.8],
      [1, '13/03/2020', '2020-03-13', 1],
      [6, 20200304, '2020-03-04', 1],
      [7, 'Mar 5, 2021', '2021-03-05', 1],
      [8, '05/05/2020', '2020-05-05', 1],
    ]);
    expect(rec.flags).toEqual([[3, '31/02/2020', 'parse-date: "31/02/2020" in "dob" matches no format', 0]]);
  });

  it('writes datetimes and quarantines failures with a reason naming column, value and op', () => {
    const { out, rec } = runOp(op(['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DDTHH:mm:ssZ'], 'datetime', 'quarantine'), [
      '2020-03-04 05:06:07', '2020-03-04T05:06:07+01:00', '2020-03-04T05:06:07', 'soon',
    ]);
    expect(out).toEqual(['2020-03-04T05:06:07', '2020-03-04T04:06:07Z', '2020-03-04T05:06:07', 'soon']);
    expect(rec.cells).toEqual([[0, '2020-03-04 05:06:07', '2020-03-04T05:06:07', 1], [1, '2020-03-04T05:06:07+01:00', '2020-03-04T04:06:07Z', 1]]);
    expect(rec.quarantined).toEqual([[3, 'parse-date: "soon" in "dob" matches no format']]);
  });

  it('accepts a single format string in parse', () => {
    expect(parseDateOp.parse({ id: 'a', column: 'c', params: { formats: 'YYYYMMDD' } }, 0, [])?.params).toEqual({ formats: ['YYYYMMDD'], output: 'date', onError: 'keep-original' });
  });
});
