/** Email address recognition and normalisation (pragmatic RFC 5321 subset, not the full quoted-string grammar). */

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** Labels of letters/digits/hyphens (Unicode letters allowed for IDN), TLD of 2+ letters or punycode. */
const DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;
const MAILTO = /^mailto:/i;

function split(s: string): [string, string] | null {
  let t = s.trim();
  if (MAILTO.test(t)) t = t.slice(7);
  if (t.startsWith('<') && t.endsWith('>')) t = t.slice(1, -1).trim();
  if (t.length > 254) return null;
  const at = t.lastIndexOf('@');
  if (at <= 0 || at === t.length - 1) return null;
  const local = t.slice(0, at);
  const domain = t.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) return null;
  return [local, domain];
}

/** True for a valid address, after trimming and removing a `mailto:` prefix or angle brackets. */
export function isEmail(s: string): boolean {
  return split(s) !== null;
}

/**
 * Trimmed, `mailto:` and <> removed, all lowercase. RFC 5321 lets the local part be
 * case-sensitive, but no mainstream provider treats it so, and lowercasing both halves makes
 * duplicate keys match. Provider tricks (Gmail dots, +tags) are left alone: they are not universal.
 */
export function normalizeEmail(s: string): string | null {
  const parts = split(s);
  if (!parts) return null;
  return `${parts[0].toLowerCase()}@${parts[1].toLowerCase()}`;
}
