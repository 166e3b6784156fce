/** core/parse-date: dates and datetimes in known formats to ISO 8601 text. */
import type { ParseDateOp } from '../../../shared/plan.js';
import {
  compileDateFormat, dateFormatError, formatIsoDate, isAmbiguousDayMonth, isCanonicalIsoDate, matchDate,
} from '../formats/dates.js';
import type { Cell } from '../table.js';
import { Checker, cellReason, failCell, isBlank, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

/**
 * Confidence when day and month are both numeric and the value would also be a valid date read
 * the other way round (04/03/2020): the plan's format order decided, not the value.
 */
export const AMBIGUOUS_DATE_CONFIDENCE = 0.8;

export const parseDateOp: OpModule<ParseDateOp> = {
  op: 'core/parse-date',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    // A single format string is accepted for a one-element list.
    const formats = typeof p.formats === 'string' ? [p.formats] : typeof p.format === 'string' && p.formats === undefined ? [p.format] : p.formats;
    return {
      ...base,
      op: 'core/parse-date',
      params: {
        formats: formats as string[],
        output: (p.output ?? 'date') as ParseDateOp['params']['output'],
        onError: (p.onError ?? 'keep-original') as ParseDateOp['params']['onError'],
      },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.stringList('params.formats', p.formats);
    if (Array.isArray(p.formats)) {
      p.formats.forEach((f: unknown, i) => {
        const err = typeof f === 'string' ? dateFormatError(f) : null;
        if (err) c.error(`params.formats[${i}]`, `date format ${JSON.stringify(f)}: ${err}`);
      });
    }
    c.oneOf('params.output', p.output, ['date', 'datetime']);
    c.policy(p);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const f = op.params.formats;
    const list = f.length > 3 ? `${f.slice(0, 3).join(', ')}, …` : f.join(', ');
    return `Parse ${JSON.stringify(op.column)} as ${op.params.output === 'date' ? 'dates' : 'datetimes'} (${list}) to ISO 8601`;
  },

  prepare(op) {
    const { output, onError } = op.params;
    const formats = op.params.formats.map(compileDateFormat);
    const nf = formats.length;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i] as Cell;
          if (v === null) continue;
          if (typeof v === 'boolean') {
            failCell(column, i, v, onError, cellReason('parse-date', v, op.column, 'is not a date'), rec);
            continue;
          }
          // Numbers are tried as text: 20200304 is a common YYYYMMDD export.
          const s = typeof v === 'number' ? String(v) : v;
          if (isBlank(s) || (typeof v === 'string' && isCanonicalIsoDate(v, output))) continue;
          let done = false;
          for (let f = 0; f < nf && !done; f++) {
            const fmt = formats[f]!;
            const parts = matchDate(fmt, s);
            if (!parts) continue;
            done = true;
            const out = formatIsoDate(parts, output);
            if (out !== v) {
              column[i] = out;
              rec.cell(i, v, out, isAmbiguousDayMonth(fmt, parts) ? AMBIGUOUS_DATE_CONFIDENCE : 1);
            }
          }
          if (!done) failCell(column, i, v, onError, cellReason('parse-date', v, op.column, 'matches no format'), rec);
        }
      },
    };
  },
};
