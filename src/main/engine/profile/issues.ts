/** Profile issue strings: a stable `kind: ` prefix (for the plan proposer) and a human sentence. */

export const ISSUE_KINDS = [
  'mixed-formats', 'stray-whitespace', 'inner-whitespace', 'line-breaks', 'invisible-chars', 'unicode-forms', 'case-variants', 'variant-spellings',
  'type-conflict', 'nonconforming', 'placeholder-nulls', 'number-format', 'leading-zeros', 'outliers', 'high-nulls',
] as const;

export type IssueKind = (typeof ISSUE_KINDS)[number];

export function issue(kind: IssueKind, message: string): string {
  return `${kind}: ${message}`;
}

/** The message of the first issue of `kind`, or undefined. */
export function findIssue(issues: readonly string[], kind: IssueKind): string | undefined {
  const prefix = `${kind}: `;
  for (const s of issues) if (s.startsWith(prefix)) return s.slice(prefix.length);
  return undefined;
}

/** "12 of 20000" with a percentage when it helps. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return `${part} of ${whole}`;
  const pct = (100 * part) / whole;
  const p = pct >= 10 ? pct.toFixed(0) : pct >= 0.1 ? pct.toFixed(1) : pct.toPrecision(1);
  return `${part} of ${whole} (${p}%)`;
}

/** Up to `n` examples, quoted. */
export function examples(values: readonly string[], n = 3): string {
  return values.slice(0, n).map((v) => `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`).join(', ');
}
