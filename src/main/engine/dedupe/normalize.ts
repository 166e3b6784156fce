/** Value normalisation per comparator kind, so that equality and similarity ignore case, accents and punctuation. */
import type { InferredType } from '../../../shared/profile.js';

/**
 * How a field is compared. `name` is short text (Jaro–Winkler), `tokens` is multi-word text
 * (soft TF-IDF), `code` is an identifier-like string (edit distance).
 */
export type ComparatorKind =
  | 'name' | 'tokens' | 'category' | 'number' | 'date' | 'email' | 'phone' | 'url' | 'boolean' | 'code';

/** The comparator family for an inferred type; text is refined into name/tokens once values are seen. */
export function kindForType(type: InferredType): ComparatorKind | null {
  switch (type) {
    case 'text': return 'name';
    case 'categorical': return 'category';
    case 'integer':
    case 'decimal': return 'number';
    case 'date':
    case 'datetime': return 'date';
    case 'email': return 'email';
    case 'phone': return 'phone';
    case 'url': return 'url';
    case 'boolean': return 'boolean';
    case 'identifier': return 'code';
    case 'empty': return null;
  }
}

const COMBINING = /[\u0300-\u036f]/g;
const ENTITY = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\x20-\x7e]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes HTML character references (scraped sources write "Kr&#246;ger" for "Kröger"); unknown names become a space. */
export function decodeEntities(s: string): string {
  return s.replace(ENTITY, (m) => {
    const body = m.slice(1, -1).toLowerCase();
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED_ENTITIES[body] ?? ' ';
  });
}

/** Lower case, HTML entities decoded, accents dropped, every run of non-alphanumerics one space. */
export function normalizeText(s: string): string {
  let t = s.includes('&') ? decodeEntities(s) : s;
  if (NON_ASCII.test(t)) t = t.normalize('NFKD').replace(COMBINING, '');
  t = t.toLowerCase();
  return t.replace(NON_ALNUM, ' ').trim();
}

/** The normalised comparison string of a raw value for a kind; '' means missing. */
export function normalizeValue(kind: ComparatorKind, raw: string): string {
  switch (kind) {
    case 'name':
    case 'tokens':
    case 'category':
      return normalizeText(raw);
    case 'code':
      return normalizeText(raw).replace(/ /g, '');
    case 'number': {
      const t = raw.trim().replace(/[\s_]/g, '');
      return t.startsWith('+') ? t.slice(1) : t;
    }
    case 'date': {
      const t = raw.trim();
      const iso = ISO_DATE.exec(t);
      if (iso) return `${iso[1]}${iso[2]}${iso[3]}`;
      return COMPACT_DATE.test(t) ? t : normalizeText(t);
    }
    case 'email':
      return raw.trim().toLowerCase();
    case 'phone':
      return raw.replace(/\D+/g, '');
    case 'url':
      return raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
    case 'boolean': {
      const t = raw.trim().toLowerCase();
      if (t === 'true' || t === 'yes' || t === 'y' || t === '1' || t === 't') return 't';
      if (t === 'false' || t === 'no' || t === 'n' || t === '0' || t === 'f') return 'f';
      return t;
    }
  }
}

/**
 * The numeric axis a value is compared on: the number itself, or for dates the day count since
 * 1970 (fractional for times). NaN when the normalised value does not parse.
 */
export function numericValue(kind: ComparatorKind, norm: string, raw: string): number {
  if (kind === 'number') {
    const t = norm.replace(/,/g, '');
    return NUMBER.test(t) ? Number(t) : Number.NaN;
  }
  if (kind === 'date') {
    const m = COMPACT_DATE.exec(norm);
    if (!m) return Number.NaN;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (Number.isNaN(ms)) return Number.NaN;
    let days = ms / 86_400_000;
    const iso = ISO_DATE.exec(raw.trim());
    if (iso && iso[4] !== undefined) days += (Number(iso[4]) * 60 + Number(iso[5] ?? 0)) / 1440;
    return days;
  }
  return Number.NaN;
}
