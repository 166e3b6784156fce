/** Spellings of "missing" found in real tables; the profiler discounts them and core/nullify removes them. */

/** Compared trimmed and lower-cased. */
export const PLACEHOLDER_TOKENS: readonly string[] = ['n/a', 'na', '#n/a', 'null', 'nil', 'none', 'nan', '-', '--', '?', 'unknown', 'missing', 'undefined', '(blank)', '(null)'];

const SET: ReadonlySet<string> = new Set(PLACEHOLDER_TOKENS);

export function isPlaceholder(s: string): boolean {
  return SET.has(s.trim().toLowerCase());
}
