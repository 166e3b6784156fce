/** Renders a clean entity as a dirty row: missing values, outliers, case/whitespace noise, mixed formats, aliases. */
import type { Entity } from './entity.js';
import { SEGMENTS, ageAt } from './entity.js';
import { DateStyle, PHONE_STYLES, formatDate, formatMoney, formatPhone, formatStreet } from './format.js';
import { COUNTRY_ALIASES } from './places.js';
import { cumulative, type Prng } from './prng.js';
import { C, type RowRecord } from './record.js';

/** Per-column probability of a missing cell (6–12%, inside the promised 5–15%); notes are optional by nature. */
export const MISSING_RATE: readonly number[] = [
  0, 0.06, 0.06, 0.10, 0.12, 0.08, 0.07, 0.09, 0.11, 0.12, 0.10, 0.06, 0.08, 0.12, 0.09, 0.07, 0.05,
];

/** Probability of an outlier in the columns that have them (birth/signup dates, income, age, phone, email). */
export const OUTLIER_RATE = 0.015;

const MISSING_TOKENS = ['', 'N/A', 'NULL', 'null', '-', 'none', ' ', '?', 'n/a', 'NaN'];
const MISSING_CUM = cumulative([70, 8, 5, 4, 4, 2, 3, 2, 1, 1]);

const PHONE_CUM = cumulative([30, 25, 10, 12, 8, 5, 3, 4, 3]);
const MONEY_CUM = cumulative([40, 12, 18, 8, 10, 4, 5, 3]);
const BIRTH_STYLES: readonly DateStyle[] = [
  DateStyle.Iso, DateStyle.Mdy, DateStyle.Dmy, DateStyle.Compact, DateStyle.MonDY, DateStyle.DMonthY, DateStyle.MdyShort,
];
const BIRTH_CUM = cumulative([45, 22, 10, 9, 6, 4, 4]);
const SIGNUP_STYLES: readonly DateStyle[] = [
  DateStyle.Iso, DateStyle.IsoT, DateStyle.IsoSpace, DateStyle.Mdy, DateStyle.Dmy, DateStyle.Compact, DateStyle.MonDY,
];
const SIGNUP_CUM = cumulative([40, 15, 10, 15, 6, 8, 6]);
const STATE_CUM = cumulative([62, 20, 6, 5, 4, 3]);
const US_CUM = cumulative([30, 25, 15, 6, 5, 5, 6, 4, 2, 2]);
const CA_CUM = cumulative([60, 15, 10, 8, 5, 2]);

const SEGMENT_ALIASES: ReadonlyArray<readonly string[]> = [
  ['B2C', 'Retail', 'consumer '],
  ['SMB', 'Small Biz', 'small-business', 'Small  Business'],
  ['ENT', 'Ent.', 'Large Enterprise'],
  ['Gov', 'Govt', 'Public Sector'],
  ['Edu', 'EDU', 'Higher Ed'],
  ['Nonprofit', 'Non Profit', 'NPO', 'not-for-profit'],
];

const TRUE_TOKENS = ['yes', 'Yes', 'Y', 'y', 'true', 'TRUE', 'True', '1', 'T', 'active'];
const FALSE_TOKENS = ['no', 'No', 'N', 'n', 'false', 'FALSE', 'False', '0', 'F', 'inactive'];
const BOOL_CUM = cumulative([18, 8, 10, 4, 15, 6, 5, 20, 3, 4]);

/** Case and whitespace noise: upper/lower with the given odds, then a stray space, tab or NBSP. */
export function noisy(s: string, p: Prng, upper: number, lower: number, space: number): string {
  const x = p.float();
  if (x < upper) s = s.toUpperCase();
  else if (x < upper + lower) s = s.toLowerCase();
  if (p.float() < space) {
    switch (p.int(6)) {
      case 0: return ' ' + s;
      case 1: return s + ' ';
      case 2: return '  ' + s + '  ';
      case 3: return s.includes(' ') ? s.replace(' ', '  ') : s + '  ';
      case 4: return s + '\u00a0';
      default: return '\t' + s;
    }
  }
  return s;
}

function missing(r: RowRecord, col: number, p: Prng): boolean {
  if (p.float() >= (MISSING_RATE[col] as number)) return false;
  r.values[col] = MISSING_TOKENS[p.weighted(MISSING_CUM)] as string;
  r.missing |= 1 << col;
  return true;
}

function email(e: Entity, p: Prng): string {
  let s = `${e.emailLocal}@${e.emailDomain}`;
  if (p.chance(0.01)) {
    switch (p.int(4)) {
      case 0: return s.replace('@', '');
      case 1: return s.replace('@', ' at ');
      case 2: return s.slice(0, s.lastIndexOf('.'));
      default: return s.replace('.', '..');
    }
  }
  if (p.chance(0.05)) s = s.charAt(0).toUpperCase() + s.slice(1);
  return noisy(s, p, 0.03, 0, 0.04);
}

function phone(e: Entity, p: Prng): string {
  if (p.chance(0.01)) {
    switch (p.int(4)) {
      case 0: return `${e.exchange}-${String(e.line).padStart(4, '0')}`;
      case 1: return '000-000-0000';
      case 2: return String(e.line).padStart(4, '0') + '12';
      default: return `${e.area}-${e.exchange}-${String(e.line).padStart(4, '0').slice(0, 3)}`;
    }
  }
  return noisy(formatPhone(e, p.weighted(PHONE_CUM) % PHONE_STYLES), p, 0, 0, 0.02);
}

function state(e: Entity, p: Prng): string {
  const reg = e.city.region;
  switch (p.weighted(STATE_CUM)) {
    case 0: return reg.code;
    case 1: return reg.name;
    case 2: return reg.aliases.length > 0 ? p.pick(reg.aliases) : reg.name;
    case 3: return reg.code.toLowerCase();
    case 4: return reg.name.toUpperCase();
    default: return noisy(reg.name.toLowerCase(), p, 0, 0, 0.5);
  }
}

function zip(e: Entity, p: Prng): string {
  if (e.city.country === 'CA') {
    const x = p.float();
    return x < 0.7 ? e.postal : x < 0.9 ? e.postal.replace(' ', '') : e.postal.toLowerCase();
  }
  if (e.postal.charCodeAt(0) === 48 && p.chance(0.35)) return e.postal.slice(1); // a spreadsheet ate the leading zero
  if (p.chance(0.07)) return `${e.postal}-${String(p.int(10000)).padStart(4, '0')}`;
  return e.postal;
}

function birth(e: Entity, p: Prng): string {
  if (p.chance(OUTLIER_RATE)) {
    switch (p.int(5)) {
      case 0: return '1900-01-01';
      case 1: return formatDate(p.range(2030, 2099), e.birthM, e.birthD, DateStyle.Iso);
      case 2: return `${e.birthY}-02-30`;
      case 3: return formatDate(p.range(1800, 1880), e.birthM, e.birthD, DateStyle.Iso);
      default: return '0000-00-00';
    }
  }
  return formatDate(e.birthY, e.birthM, e.birthD, BIRTH_STYLES[p.weighted(BIRTH_CUM)] as DateStyle);
}

function signup(e: Entity, p: Prng): string {
  if (p.chance(OUTLIER_RATE * 0.7)) {
    switch (p.int(3)) {
      case 0: return '1970-01-01';
      case 1: return '2099-12-31';
      default: return formatDate(e.birthY - p.range(1, 10), e.signupM, e.signupD, DateStyle.Iso);
    }
  }
  const style = SIGNUP_STYLES[p.weighted(SIGNUP_CUM)] as DateStyle;
  return formatDate(e.signupY, e.signupM, e.signupD, style, p.int(86400));
}

function segment(e: Entity, p: Prng): string {
  const name = SEGMENTS[e.segment] as string;
  const x = p.float();
  if (x < 0.72) return name;
  if (x < 0.81) return name.toLowerCase();
  if (x < 0.87) return name.toUpperCase();
  if (x < 0.93) return ` ${name} `;
  return p.pick(SEGMENT_ALIASES[e.segment] as readonly string[]);
}

function income(e: Entity, p: Prng): string {
  if (p.chance(OUTLIER_RATE)) {
    switch (p.int(5)) {
      case 0: return '0';
      case 1: return '-1';
      case 2: return '99999999';
      case 3: return String(e.income * 100);
      default: return `-${e.income}`;
    }
  }
  return formatMoney(e.income, p.weighted(MONEY_CUM));
}

function age(e: Entity, p: Prng): string {
  if (p.chance(OUTLIER_RATE)) return p.pick(['0', '-1', '150', '999', '212', '7', '120']);
  const a = String(ageAt(e.birthY, e.birthM, e.birthD));
  return p.chance(0.03) ? (p.chance(0.5) ? ` ${a}` : `${a} `) : a;
}

/** Fills every column except customer_id (which depends on the row, not the entity). */
export function renderEntity(e: Entity, p: Prng, r: RowRecord): void {
  const v = r.values;
  r.missing = 0;
  r.shapeSeed = p.u32();
  if (!missing(r, C.first, p)) v[C.first] = noisy(e.firstName, p, 0.05, 0.04, 0.06);
  if (!missing(r, C.last, p)) v[C.last] = noisy(e.lastName, p, 0.05, 0.04, 0.06);
  if (!missing(r, C.email, p)) v[C.email] = email(e, p);
  if (!missing(r, C.phone, p)) v[C.phone] = phone(e, p);
  if (!missing(r, C.street, p)) {
    const abbrev = p.float();
    v[C.street] = noisy(formatStreet(e, abbrev < 0.45 ? 0 : abbrev < 0.8 ? 1 : abbrev < 0.95 ? 2 : 3, p.chance(0.5)),
      p, 0.04, 0.03, 0.05);
  }
  if (!missing(r, C.city, p)) {
    const c = e.city;
    v[C.city] = noisy(c.aliases.length > 0 && p.chance(0.06) ? p.pick(c.aliases) : c.name, p, 0.05, 0.05, 0.05);
  }
  if (!missing(r, C.state, p)) v[C.state] = state(e, p);
  if (!missing(r, C.zip, p)) v[C.zip] = zip(e, p);
  if (!missing(r, C.country, p)) {
    v[C.country] = e.city.country === 'US'
      ? COUNTRY_ALIASES.US[p.weighted(US_CUM)] as string
      : COUNTRY_ALIASES.CA[p.weighted(CA_CUM)] as string;
  }
  if (!missing(r, C.birth, p)) v[C.birth] = birth(e, p);
  if (!missing(r, C.signup, p)) v[C.signup] = signup(e, p);
  if (!missing(r, C.segment, p)) v[C.segment] = segment(e, p);
  if (!missing(r, C.income, p)) v[C.income] = income(e, p);
  if (!missing(r, C.age, p)) v[C.age] = age(e, p);
  if (!missing(r, C.active, p)) {
    v[C.active] = ((e.active ? TRUE_TOKENS : FALSE_TOKENS)[p.weighted(BOOL_CUM)]) as string;
  }
  if (e.note === '') {
    v[C.notes] = '';
    r.missing |= 1 << C.notes;
  } else if (!missing(r, C.notes, p)) {
    v[C.notes] = p.chance(0.05) ? e.note + '  ' : e.note;
  }
}
