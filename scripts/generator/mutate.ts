/** Near-duplicate edits: typos, nickname swaps, reformatted phones and dates, St./Street, dropped fields. */
import type { Entity } from './entity.js';
import { DateStyle, PHONE_STYLES, formatDate, formatPhone, formatStreet } from './format.js';
import { DOMAIN_TYPOS, FORMAL_OF } from './names.js';
import { cumulative, type Prng } from './prng.js';
import { C, COLUMNS, type RowRecord } from './record.js';

/** QWERTY neighbours, so substitutions look like slipped fingers rather than random noise. */
const NEIGHBOURS: Record<string, string> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn',
  k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji',
  v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

function neighbour(ch: string, p: Prng): string {
  const lower = ch.toLowerCase();
  const n = NEIGHBOURS[lower];
  if (n === undefined) return 'e';
  const out = n.charAt(p.int(n.length));
  return ch === lower ? out : out.toUpperCase();
}

/** One character edit (delete, insert, substitute or transpose); strings shorter than 2 get an insert. */
export function typo(s: string, p: Prng): string {
  if (s.length < 2) return s + neighbour(s || 'a', p);
  // Typists rarely miss the first letter, so most edits land after it.
  const at = s.length > 2 && p.chance(0.8) ? 1 + p.int(s.length - 1) : p.int(s.length);
  const ch = s.charAt(at);
  switch (p.int(4)) {
    case 0: return s.slice(0, at) + s.slice(at + 1);
    case 1: return s.slice(0, at + 1) + neighbour(ch, p) + s.slice(at + 1);
    case 2: {
      const sub = neighbour(ch, p);
      return s.slice(0, at) + (sub === ch ? sub + sub : sub) + s.slice(at + 1);
    }
    default: {
      const j = at === s.length - 1 ? at - 1 : at;
      const a = s.charAt(j);
      const b = s.charAt(j + 1);
      return a === b ? s.slice(0, j) + s.slice(j + 1) : s.slice(0, j) + b + a + s.slice(j + 2);
    }
  }
}

function isMissing(r: RowRecord, col: number): boolean {
  return (r.missing & (1 << col)) !== 0;
}

function set(r: RowRecord, col: number, value: string): boolean {
  if (r.values[col] === value) return false;
  r.values[col] = value;
  r.missing &= ~(1 << col);
  return true;
}

function nickname(r: RowRecord, e: Entity, p: Prng): boolean {
  const current = isMissing(r, C.first) ? e.firstName : (r.values[C.first] as string).trim();
  const formal = FORMAL_OF.get(current) ?? e.first;
  if (formal.nicknames.length === 0) return false;
  const isFormal = current.toLowerCase() === formal.name.toLowerCase();
  return set(r, C.first, isFormal ? p.pick(formal.nicknames) : formal.name);
}

function emailEdit(r: RowRecord, e: Entity, p: Prng): boolean {
  const x = p.float();
  const typos = DOMAIN_TYPOS.get(e.emailDomain);
  if (x < 0.35 && typos !== undefined) return set(r, C.email, `${e.emailLocal}@${p.pick(typos)}`);
  if (x < 0.55) return set(r, C.email, `${e.emailLocal}@${e.emailDomain}`.toUpperCase());
  return set(r, C.email, `${typo(e.emailLocal, p)}@${e.emailDomain}`);
}

function phoneEdit(r: RowRecord, e: Entity, p: Prng): boolean {
  const style = p.int(PHONE_STYLES);
  const s = formatPhone(e, style);
  return set(r, C.phone, s !== r.values[C.phone] ? s : formatPhone(e, (style + 1) % PHONE_STYLES));
}

function streetEdit(r: RowRecord, e: Entity, p: Prng): boolean {
  const full = formatStreet(e, 0, p.chance(0.5));
  const short = formatStreet(e, 1, p.chance(0.5));
  const cur = r.values[C.street] as string;
  if (full === short) return set(r, C.street, typo(cur.trim() || full, p));
  return set(r, C.street, cur.toLowerCase().trim() === full.toLowerCase() ? short : full);
}

function dropFields(r: RowRecord, p: Prng): boolean {
  let changed = false;
  const n = p.chance(0.3) ? 2 : 1;
  for (let k = 0; k < n; k++) {
    const col = 1 + p.int(COLUMNS.length - 1);
    if (!isMissing(r, col)) {
      r.values[col] = '';
      r.missing |= 1 << col;
      changed = true;
    }
  }
  return changed;
}

const DATE_STYLES = [DateStyle.Iso, DateStyle.Mdy, DateStyle.Dmy, DateStyle.Compact, DateStyle.MonDY] as const;

function dateEdit(r: RowRecord, e: Entity, p: Prng): boolean {
  const style = DATE_STYLES[p.int(DATE_STYLES.length)] as DateStyle;
  const s = formatDate(e.birthY, e.birthM, e.birthD, style);
  return set(r, C.birth, s !== r.values[C.birth] ? s : formatDate(e.birthY, e.birthM, e.birthD, DateStyle.Compact));
}

function caseEdit(r: RowRecord, p: Prng): boolean {
  const col = p.pick([C.first, C.last, C.city]);
  if (isMissing(r, col)) return false;
  const v = r.values[col] as string;
  return set(r, col, p.chance(0.5) ? v.toUpperCase() : v.toLowerCase());
}

function swapNames(r: RowRecord): boolean {
  if (isMissing(r, C.first) || isMissing(r, C.last)) return false;
  const f = r.values[C.first] as string;
  return set(r, C.first, r.values[C.last] as string) && set(r, C.last, f);
}

function nameTypo(r: RowRecord, e: Entity, p: Prng): boolean {
  const col = p.chance(0.55) ? C.last : C.first;
  const base = isMissing(r, col) ? (col === C.last ? e.lastName : e.firstName) : (r.values[col] as string);
  return set(r, col, typo(base, p));
}

const EDIT_CUM = cumulative([25, 12, 12, 12, 12, 12, 8, 5, 2]);

function differs(r: RowRecord, before: readonly string[]): boolean {
  for (let i = 1; i < before.length; i++) if (r.values[i] !== before[i]) return true;
  return false;
}

/**
 * Turns a copy of the original row into a near duplicate with 1–3 edits of distinct kinds (two of the
 * same kind could undo each other, e.g. Robert → Bob → Robert). If the edits still left the row equal to
 * the original outside customer_id, a name typo is added, so a near duplicate is never an exact one.
 */
export function makeNearDuplicate(r: RowRecord, e: Entity, p: Prng): void {
  const before = r.values.slice();
  const wanted = 1 + (p.chance(0.5) ? 1 : 0) + (p.chance(0.2) ? 1 : 0);
  let done = 0;
  let used = 0;
  for (let attempt = 0; attempt < 8 && done < wanted; attempt++) {
    const kind = p.weighted(EDIT_CUM);
    if ((used & (1 << kind)) !== 0) continue;
    let changed: boolean;
    switch (kind) {
      case 0: changed = nameTypo(r, e, p); break;
      case 1: changed = nickname(r, e, p); break;
      case 2: changed = emailEdit(r, e, p); break;
      case 3: changed = phoneEdit(r, e, p); break;
      case 4: changed = streetEdit(r, e, p); break;
      case 5: changed = dropFields(r, p); break;
      case 6: changed = dateEdit(r, e, p); break;
      case 7: changed = caseEdit(r, p); break;
      default: changed = swapNames(r); break;
    }
    if (changed) {
      done++;
      used |= 1 << kind;
    }
  }
  // typo() always changes its input, so this ends on the first pass unless a typo recreated `before`.
  for (let k = 0; k < 8 && !differs(r, before); k++) nameTypo(r, e, p);
}
