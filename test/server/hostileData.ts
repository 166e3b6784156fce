/** Hostile column names and values (quotes, semicolons, SQL, unicode, newlines) shared by the SQL-path tests. */
import type { Plan } from '../../src/shared/plan.js';

export const NAMES = [
  'id', 'a"b', "x'; DROP TABLE t; --", '"; DROP TABLE x; --', 'ünï 🦆 名前', 'semi;colon', 'back\\slash', 'c0', 'rowid', 'SELECT', 'new\nline', '$1',
];
export const HOSTILE_VALUE = "'); DROP TABLE runs; --";
export const ROWS: string[][] = [
  ['1', '  padded ', HOSTILE_VALUE, 'x', 'ü', 'a;b', '\\', 'c', 'r', 's', 'n', '$2'],
  ['2', 'plain', 'v', '"quoted"', '🦆', ';', '\\\\', 'c', 'r', 's', 'line\nbreak', '?'],
];
/** ROWS after HOSTILE_PLAN (trim with collapse on every column but id). */
export const CLEANED: string[][] = [
  ['1', 'padded', HOSTILE_VALUE, 'x', 'ü', 'a;b', '\\', 'c', 'r', 's', 'n', '$2'],
  ['2', 'plain', 'v', '"quoted"', '🦆', ';', '\\\\', 'c', 'r', 's', 'line break', '?'],
];

function csvField(v: string): string {
  return /[",\n;]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** NAMES and ROWS as a comma-separated file. */
export function hostileCsv(): string {
  return [NAMES, ...ROWS].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** A plan whose operations and dedupe key name the hostile columns. */
export const HOSTILE_PLAN: Plan = {
  version: 1,
  salt: "s'alt\"; --",
  operations: NAMES.slice(1).map((column, i) => ({ id: `trim-${i}`, op: 'core/trim', column, params: { collapse: true }, reason: `why "${column}"` })),
  dedupe: { mode: 'exact', columns: [NAMES[2]!, NAMES[3]!] },
};
