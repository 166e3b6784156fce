/** core/unicode: Unicode normalisation (NFC/NFKC) and removal of control and zero-width characters. */
import type { UnicodeOp } from '../../../shared/plan.js';
import { stripControlAndZeroWidth } from '../formats/text.js';
import { Checker, ownColumn, parseBase, rawParams, renameColumn } from './common.js';
import type { OpModule } from './types.js';

const FORMS: readonly UnicodeOp['params']['form'][] = ['NFC', 'NFKC'];
/** Printable ASCII is already normalised in every form and has no invisible characters. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export const unicodeOp: OpModule<UnicodeOp> = {
  op: 'core/unicode',

  parse(raw, index, issues) {
    const base = parseBase(raw, index, issues);
    if (!base) return null;
    const p = rawParams(raw, index, base.id, issues);
    return {
      ...base,
      op: 'core/unicode',
      params: { form: (p.form ?? 'NFC') as UnicodeOp['params']['form'], stripControl: (p.stripControl ?? true) as boolean },
    };
  },

  validate(op, columns, index) {
    const c = new Checker(op, index);
    const p = c.base(columns);
    c.oneOf('params.form', p.form, FORMS);
    c.bool('params.stripControl', p.stripControl);
    return c.issues;
  },

  reads: ownColumn,
  writes: ownColumn,
  rename: renameColumn,

  describe(op) {
    const strip = op.params.stripControl ? ' and remove control and zero-width characters' : '';
    return `Normalise Unicode to ${op.params.form} in ${JSON.stringify(op.column)}${strip}`;
  },

  prepare(op) {
    const { form, stripControl } = op.params;
    return {
      apply(column, length, rec) {
        for (let i = 0; i < length; i++) {
          const v = column[i];
          if (typeof v !== 'string' || PLAIN_ASCII.test(v)) continue;
          // Strip first: normalising never creates invisible characters, so the result is a fixpoint.
          const t = (stripControl ? stripControlAndZeroWidth(v) : v).normalize(form);
          if (t !== v) {
            column[i] = t;
            rec.cell(i, v, t, 1);
          }
        }
      },
    };
  },
};
