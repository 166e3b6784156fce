/** The rendered (dirty) row: one string per column, reused across rows, plus which cells are "missing". */

export const COLUMNS = [
  'customer_id', 'first_name', 'last_name', 'email', 'phone', 'street', 'city', 'state', 'zip', 'country',
  'birth_date', 'signup_date', 'segment', 'annual_income', 'age', 'is_active', 'notes',
] as const;

export type Column = (typeof COLUMNS)[number];

/** Column indexes, so hot code addresses `values[C.email]` instead of looking names up. */
export const C = {
  id: 0, first: 1, last: 2, email: 3, phone: 4, street: 5, city: 6, state: 7, zip: 8, country: 9,
  birth: 10, signup: 11, segment: 12, income: 13, age: 14, active: 15, notes: 16,
} as const;

export interface RowRecord {
  /** One string per COLUMNS entry; a missing cell holds its placeholder ('' or a token such as 'N/A'). */
  readonly values: string[];
  /** Bit i set when column i was rendered as missing, so JSONL can choose null, "" or an absent key. */
  missing: number;
  /** Seeds the JSONL shape (nesting, drift, extra keys); copied from the original so exact duplicates match. */
  shapeSeed: number;
}

export function newRecord(): RowRecord {
  return { values: COLUMNS.map(() => ''), missing: 0, shapeSeed: 0 };
}

export function copyRecord(from: RowRecord, to: RowRecord): void {
  for (let i = 0; i < from.values.length; i++) to.values[i] = from.values[i] as string;
  to.missing = from.missing;
  to.shapeSeed = from.shapeSeed;
}
