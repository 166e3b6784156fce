/** Row serializers: RFC 4180 CSV, and JSON Lines with nested objects and schema drift. */
import { Prng } from './prng.js';
import { C, COLUMNS, type RowRecord } from './record.js';

const NEEDS_QUOTE = /[",\n\r]/;
const QUOTE = /"/g;

function csvField(s: string): string {
  return NEEDS_QUOTE.test(s) ? `"${s.replace(QUOTE, '""')}"` : s;
}

export const CSV_HEADER = COLUMNS.join(',') + '\n';

/** One CSV line (quoted only where RFC 4180 requires it, so stray spaces survive as dirt). */
export function csvLine(r: RowRecord): string {
  const v = r.values;
  let out = csvField(v[0] as string);
  for (let i = 1; i < v.length; i++) out += ',' + csvField(v[i] as string);
  return out + '\n';
}

const INT = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DIGITS10 = /^\d{10}$/;
const BOOL_WORD = /^(true|false)$/i;

/**
 * Writes records as JSON Lines. The shape is drawn from `record.shapeSeed`, so an exact duplicate
 * (which copies the seed) serializes to the same bytes. Drift: ~4% use a legacy flat layout; missing
 * values become null, "" or an absent key; clean numbers and booleans are sometimes JSON numbers and
 * booleans (a zip then loses its leading zero); ~10% carry `loyalty`, and a few `tags`, `source`, `_meta`.
 */
export class JsonlEncoder {
  private readonly p = new Prng(0);
  private parts: string[] = [];

  line(r: RowRecord): string {
    const p = this.p;
    p.reseed(r.shapeSeed);
    const legacy = p.chance(0.04);
    this.parts = [];
    this.put('customer_id', JSON.stringify(r.values[C.id]));
    this.put('first_name', this.text(r, C.first));
    this.put('last_name', this.text(r, C.last));
    if (legacy) {
      this.put('email', this.text(r, C.email));
      this.put('phone', this.phone(r));
      this.put('street', this.text(r, C.street));
      this.put('city', this.text(r, C.city));
      this.put('state', this.text(r, C.state));
      this.put('zip', this.zip(r));
      this.put('country', this.text(r, C.country));
    } else {
      this.nest('contact', [['email', this.text(r, C.email)], ['phone', this.phone(r)]]);
      this.nest('address', [
        ['street', this.text(r, C.street)], ['city', this.text(r, C.city)], ['state', this.text(r, C.state)],
        ['zip', this.zip(r)], ['country', this.text(r, C.country)],
      ]);
    }
    this.put('birth_date', this.text(r, C.birth));
    this.put('signup_date', this.text(r, C.signup));
    this.put('segment', this.text(r, C.segment));
    this.put('annual_income', this.typed(r, C.income, DECIMAL, 0.5));
    this.put('age', this.typed(r, C.age, INT, 0.75));
    this.put('is_active', this.bool(r));
    this.put('notes', this.text(r, C.notes));
    this.extras();
    return '{' + this.parts.join(',') + '}\n';
  }

  private put(key: string, json: string | undefined): void {
    if (json !== undefined) this.parts.push(`"${key}":${json}`);
  }

  private nest(key: string, fields: ReadonlyArray<readonly [string, string | undefined]>): void {
    const inner: string[] = [];
    for (const [k, json] of fields) if (json !== undefined) inner.push(`"${k}":${json}`);
    if (inner.length === 0 && this.p.chance(0.5)) this.parts.push(`"${key}":null`);
    else this.parts.push(`"${key}":{${inner.join(',')}}`);
  }

  /** A string cell; a missing one becomes null, "" or an absent key (undefined). */
  private text(r: RowRecord, col: number): string | undefined {
    const v = r.values[col] as string;
    const x = this.p.float();
    if ((r.missing & (1 << col)) === 0) return JSON.stringify(v);
    if (v.trim() !== '') return x < 0.5 ? JSON.stringify(v) : 'null';
    return x < 0.55 ? 'null' : x < 0.7 ? '""' : undefined;
  }

  /** A string cell that is emitted as a JSON number with probability `asNumber` when it is clean enough. */
  private typed(r: RowRecord, col: number, shape: RegExp, asNumber: number): string | undefined {
    const v = (r.values[col] as string).trim();
    if (this.p.float() < asNumber && (r.missing & (1 << col)) === 0 && shape.test(v)) return String(Number(v));
    return this.text(r, col);
  }

  private zip(r: RowRecord): string | undefined {
    return this.typed(r, C.zip, INT, 0.2);
  }

  private phone(r: RowRecord): string | undefined {
    return this.typed(r, C.phone, DIGITS10, 0.3);
  }

  private bool(r: RowRecord): string | undefined {
    const v = r.values[C.active] as string;
    const x = this.p.float();
    if ((r.missing & (1 << C.active)) === 0) {
      if (x < 0.4 && BOOL_WORD.test(v)) return v.toLowerCase();
      if (x < 0.3 && (v === '1' || v === '0')) return v;
    }
    return this.text(r, C.active);
  }

  private extras(): void {
    const p = this.p;
    if (p.chance(0.1)) {
      const tier = p.pick(['Bronze', 'Silver', 'Gold', 'Platinum', 'gold', 'SILVER']);
      const points = p.range(0, 25000);
      const y = p.float();
      if (y < 0.6) this.parts.push(`"loyalty":{"tier":"${tier}","points":${points}}`);
      else if (y < 0.85) this.parts.push(`"loyalty":{"tier":"${tier}"}`);
      else this.parts.push(`"loyalty":{"points":"${points}"}`);
    }
    if (p.chance(0.04)) this.parts.push(`"tags":${p.pick(['["vip"]', '["newsletter","beta"]', '[]', '["wholesale"]'])}`);
    if (p.chance(0.03)) this.parts.push(`"source":"${p.pick(['crm-import-2019', 'web', 'pos', 'partner-api'])}"`);
    if (p.chance(0.02)) this.parts.push(`"_meta":{"schema":2,"migrated":${p.chance(0.5)}}`);
  }
}
