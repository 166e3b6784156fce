/** Loose boolean recognition with configurable truthy/falsy spellings (case-insensitive). */

export const DEFAULT_TRUTHY: readonly string[] = ['true', 'yes', 'y', 't', '1', 'on'];
export const DEFAULT_FALSY: readonly string[] = ['false', 'no', 'n', 'f', '0', 'off'];

/** Matches trimmed, case-insensitive text against the lists; null when it is in neither. */
export function parseBooleanLoose(s: string, truthy: readonly string[] = DEFAULT_TRUTHY, falsy: readonly string[] = DEFAULT_FALSY): boolean | null {
  const v = s.trim().toLowerCase();
  if (v.length === 0) return null;
  for (const t of truthy) if (t.trim().toLowerCase() === v) return true;
  for (const f of falsy) if (f.trim().toLowerCase() === v) return false;
  return null;
}

/** A prepared matcher for hot loops: the spellings are lowered once into one map. */
export class BooleanMatcher {
  private readonly map = new Map<string, boolean>();

  constructor(truthy: readonly string[] = DEFAULT_TRUTHY, falsy: readonly string[] = DEFAULT_FALSY) {
    // Falsy first, truthy second: validation rejects overlaps, so order only matters for unvalidated input.
    for (const f of falsy) this.map.set(f.trim().toLowerCase(), false);
    for (const t of truthy) this.map.set(t.trim().toLowerCase(), true);
  }

  match(s: string): boolean | null {
    const hit = this.map.get(s) ?? this.map.get(s.trim().toLowerCase());
    return hit ?? null;
  }
}
