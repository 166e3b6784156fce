/** The clean, canonical customer behind every row: regenerated from a 32-bit seed whenever a duplicate needs it. */
import type { Prng } from './prng.js';
import { cumulative } from './prng.js';
import { EMAIL_DOMAINS, EMAIL_DOMAINS_CA, FIRST_NAMES, LAST_NAMES, type FirstName } from './names.js';
import { CITIES, CITY_WEIGHTS, DIRECTIONS, STREET_NAMES, STREET_TYPE_WEIGHTS, UNIT_TYPES, type City } from './places.js';
import { NOTE_TEMPLATES, fillNote } from './notes.js';

/** Ages and "today" are computed against this fixed date, never the clock, so output is reproducible. */
export const REFERENCE_DATE = { y: 2025, m: 6, d: 30 } as const;

export const SEGMENTS = ['Consumer', 'Small Business', 'Enterprise', 'Government', 'Education', 'Non-Profit'] as const;
const SEGMENT_CUM = cumulative([50, 25, 12, 5, 4, 4]);
const CITY_CUM = cumulative(CITY_WEIGHTS);
const STREET_TYPE_CUM = cumulative(STREET_TYPE_WEIGHTS);

/** Mutable so one instance is refilled per row instead of allocating a fresh object. */
export interface Entity {
  first: FirstName;
  /** The name as the person gives it: usually `first.name`, sometimes one of its nicknames. */
  firstName: string;
  lastName: string;
  emailLocal: string;
  emailDomain: string;
  area: number;
  exchange: number;
  line: number;
  /** Phone extension, 0 when none. */
  ext: number;
  streetNo: number;
  /** Index into DIRECTIONS, -1 when none. */
  dir: number;
  streetName: string;
  streetType: number;
  /** Index into UNIT_TYPES, -1 when none. */
  unitType: number;
  unit: string;
  city: City;
  postal: string;
  birthY: number;
  birthM: number;
  birthD: number;
  signupY: number;
  signupM: number;
  signupD: number;
  segment: number;
  income: number;
  active: boolean;
  note: string;
}

export function newEntity(): Entity {
  return {
    first: FIRST_NAMES[0] as FirstName, firstName: '', lastName: '', emailLocal: '', emailDomain: '',
    area: 0, exchange: 0, line: 0, ext: 0, streetNo: 0, dir: -1, streetName: '', streetType: 0, unitType: -1, unit: '',
    city: CITIES[0] as City, postal: '', birthY: 0, birthM: 0, birthD: 0, signupY: 0, signupM: 0, signupD: 0,
    segment: 0, income: 0, active: true, note: '',
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1] as number;
}

/** Whole years between a birth date and REFERENCE_DATE. */
export function ageAt(y: number, m: number, d: number): number {
  const r = REFERENCE_DATE;
  return r.y - y - (r.m < m || (r.m === m && r.d < d) ? 1 : 0);
}

const foldCache = new Map<string, string>();
/** Lower-case ASCII form of a name for email local parts (Müller → muller, O'Brien → obrien). */
export function asciiFold(s: string): string {
  let f = foldCache.get(s);
  if (f === undefined) {
    f = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
    foldCache.set(s, f);
  }
  return f;
}

const LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';

function emailLocal(p: Prng, first: string, last: string, birthY: number): string {
  const f = asciiFold(first);
  const l = asciiFold(last);
  let local: string;
  switch (p.int(8)) {
    case 0: case 1: case 2: local = `${f}.${l}`; break;
    case 3: local = f + l; break;
    case 4: local = `${f.charAt(0)}${l}`; break;
    case 5: local = `${f}_${l}`; break;
    case 6: local = `${f}.${l.charAt(0)}`; break;
    default: local = `${l}${f.charAt(0)}`; break;
  }
  const n = p.float();
  // Numbers keep distinct people with the same name from sharing an address, as providers force in practice.
  if (n < 0.35) local += String(p.range(1, 99));
  else if (n < 0.55) local += String(birthY);
  else if (n < 0.75) local += String(p.range(100, 9999));
  return local;
}

/** Irwin–Hall approximation of a standard normal (sum of 4 uniforms, rescaled): cheap and bounded. */
function normal(p: Prng): number {
  return (p.float() + p.float() + p.float() + p.float() - 2) * 1.7320508075688772;
}

/** Refills `e` from the PRNG; the draw order is part of the output format, so only append new draws at the end. */
export function fillEntity(e: Entity, p: Prng): void {
  const first = p.pick(FIRST_NAMES);
  e.first = first;
  e.firstName = first.nicknames.length > 0 && p.chance(0.12) ? p.pick(first.nicknames) : first.name;
  e.lastName = p.pick(LAST_NAMES);

  const c = CITIES[p.weighted(CITY_CUM)] as City;
  e.city = c;
  if (c.country === 'US') {
    e.postal = c.postalPrefix + String(p.int(100)).padStart(2, '0');
  } else {
    e.postal = `${c.postalPrefix} ${p.int(10)}${LETTERS.charAt(p.int(LETTERS.length))}${p.int(10)}`;
  }

  // Triangular over 1940–2005: most customers are born mid-century to the 1990s, and all are adults.
  e.birthY = 1940 + Math.floor((p.float() + p.float()) * 33);
  e.birthM = p.range(1, 12);
  e.birthD = p.range(1, daysInMonth(e.birthY, e.birthM));
  e.signupY = Math.min(Math.max(p.range(2012, 2024), e.birthY + 18), REFERENCE_DATE.y);
  e.signupM = p.range(1, e.signupY === REFERENCE_DATE.y ? REFERENCE_DATE.m : 12);
  e.signupD = p.range(1, daysInMonth(e.signupY, e.signupM));

  e.emailLocal = emailLocal(p, e.firstName, e.lastName, e.birthY);
  e.emailDomain = p.pick(c.country === 'US' ? EMAIL_DOMAINS : EMAIL_DOMAINS_CA);

  e.area = p.pick(c.areaCodes);
  e.exchange = p.range(201, 999);
  if (e.exchange % 100 === 11) e.exchange -= 1;
  e.line = p.int(10000);
  e.ext = p.chance(0.03) ? p.range(1, 4999) : 0;

  e.streetNo = p.chance(0.2) ? p.range(1, 99) : p.range(100, 9999);
  e.dir = p.chance(0.12) ? p.int(DIRECTIONS.length) : -1;
  e.streetName = p.pick(STREET_NAMES);
  e.streetType = p.weighted(STREET_TYPE_CUM);
  if (p.chance(0.18)) {
    e.unitType = p.int(UNIT_TYPES.length);
    e.unit = e.unitType === 1 ? String(p.range(1, 24) * 100) : `${p.range(1, 40)}${p.chance(0.3) ? 'ABCD'.charAt(p.int(4)) : ''}`;
  } else {
    e.unitType = -1;
    e.unit = '';
  }

  e.segment = p.weighted(SEGMENT_CUM);
  const mu = e.segment === 2 ? 11.6 : e.segment === 0 ? 10.9 : 11.1;
  const income = Math.exp(mu + 0.55 * normal(p));
  e.income = Math.max(8000, Math.round(income / 100) * 100);
  e.active = p.chance(0.78);
  e.note = p.chance(0.5) ? fillNote(p.pick(NOTE_TEMPLATES), p, e.city.name) : '';
}
