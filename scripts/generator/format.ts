/** Value formatters shared by rendering and near-duplicate edits: dates, phones, streets, money. */
import type { Entity } from './entity.js';
import { DIRECTIONS, STREET_TYPES, UNIT_TYPES } from './places.js';

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function p4(n: number): string {
  return n < 1000 ? String(n).padStart(4, '0') : String(n);
}

/** Date layouts found in the wild. DMY is only ever used when the day is > 12, so every slash date decodes. */
export const DateStyle = {
  Iso: 0, Mdy: 1, Dmy: 2, Compact: 3, MonDY: 4, DMonthY: 5, MdyShort: 6, IsoT: 7, IsoSpace: 8,
} as const;
export type DateStyle = (typeof DateStyle)[keyof typeof DateStyle];

/** Formats y-m-d in `style`; `seconds` seeds the time part of the timestamp styles. */
export function formatDate(y: number, m: number, d: number, style: DateStyle, seconds = 0): string {
  switch (style) {
    case DateStyle.Iso: return `${p4(y)}-${p2(m)}-${p2(d)}`;
    case DateStyle.Mdy: return `${p2(m)}/${p2(d)}/${p4(y)}`;
    case DateStyle.Dmy: return d > 12 ? `${p2(d)}/${p2(m)}/${p4(y)}` : `${p2(m)}/${p2(d)}/${p4(y)}`;
    case DateStyle.Compact: return `${p4(y)}${p2(m)}${p2(d)}`;
    case DateStyle.MonDY: return `${MONTH_SHORT[m - 1]} ${d}, ${y}`;
    case DateStyle.DMonthY: return `${d} ${MONTH_LONG[m - 1]} ${y}`;
    case DateStyle.MdyShort: return `${m}/${d}/${p2(y % 100)}`;
    case DateStyle.IsoT:
      return `${p4(y)}-${p2(m)}-${p2(d)}T${p2((seconds / 3600) | 0)}:${p2(((seconds / 60) | 0) % 60)}:${p2(seconds % 60)}Z`;
    case DateStyle.IsoSpace:
      return `${p4(y)}-${p2(m)}-${p2(d)} ${p2((seconds / 3600) | 0)}:${p2(((seconds / 60) | 0) % 60)}:${p2(seconds % 60)}`;
  }
}

export const PHONE_STYLES = 9;

/** North American number in one of PHONE_STYLES layouts; the extension follows in one of two spellings. */
export function formatPhone(e: Entity, style: number): string {
  const a = String(e.area);
  const x = String(e.exchange);
  const l = String(e.line).padStart(4, '0');
  let s: string;
  switch (style) {
    case 0: s = `(${a}) ${x}-${l}`; break;
    case 1: s = `${a}-${x}-${l}`; break;
    case 2: s = `${a}.${x}.${l}`; break;
    case 3: s = a + x + l; break;
    case 4: s = `+1 ${a} ${x} ${l}`; break;
    case 5: s = `+1-${a}-${x}-${l}`; break;
    case 6: s = `1 (${a}) ${x}-${l}`; break;
    case 7: s = `+1${a}${x}${l}`; break;
    default: s = `${a} ${x} ${l}`; break;
  }
  if (e.ext > 0) s += (e.ext & 1) === 0 ? ` x${e.ext}` : ` ext. ${e.ext}`;
  return s;
}

/**
 * Street line. `abbrev` picks the spelling of the type/direction/unit designator: 0 is the full word,
 * higher values the abbreviations (clamped to what exists), so St./Street pairs come from one entity.
 */
export function formatStreet(e: Entity, abbrev: number, commaUnit: boolean): string {
  let s = String(e.streetNo) + ' ';
  if (e.dir >= 0) {
    const dirs = DIRECTIONS[e.dir] as readonly string[];
    s += dirs[Math.min(abbrev, dirs.length - 1)] + ' ';
  }
  const types = STREET_TYPES[e.streetType] as readonly string[];
  s += e.streetName + ' ' + types[Math.min(abbrev, types.length - 1)];
  if (e.unitType >= 0) {
    const units = UNIT_TYPES[e.unitType] as readonly string[];
    const u = units[Math.min(abbrev, units.length - 1)] as string;
    s += (commaUnit ? ', ' : ' ') + (u === '#' ? `#${e.unit}` : `${u} ${e.unit}`);
  }
  return s;
}

/** Integer with comma thousands separators (no locale lookup, so it is fast and ICU-independent). */
export function thousands(n: number): string {
  const neg = n < 0;
  let s = String(Math.abs(Math.trunc(n)));
  let out = '';
  while (s.length > 3) {
    out = ',' + s.slice(-3) + out;
    s = s.slice(0, -3);
  }
  return (neg ? '-' : '') + s + out;
}

/** Money layouts seen in CRM exports: bare, with cents, currency symbol, separators, code prefix, "k" suffix. */
export function formatMoney(n: number, style: number): string {
  switch (style) {
    case 0: return String(n);
    case 1: return `${n}.00`;
    case 2: return `$${thousands(n)}`;
    case 3: return `$${thousands(n)}.00`;
    case 4: return thousands(n);
    case 5: return `USD ${n}`;
    case 6: return `$${n}`;
    default: return `${(n / 1000).toFixed(1)}k`;
  }
}
