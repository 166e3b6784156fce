/** Escaping and locale-independent number formatting for the HTML report (column names and values are hostile input). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"']/g;
// C0 controls (except tab/newline) and lone surrogates cannot appear in a well-formed document.
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Safe in element text and in double- or single-quoted attribute values, HTML and SVG alike. */
export function esc(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(INVALID, '\ufffd').replace(SPECIAL, (c) => ESCAPES[c]!);
}

/** Cuts long values for labels; the full text goes in a <title> tooltip. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** 1234567 → "1,234,567" whatever the machine's locale, so reports are byte-identical everywhere. */
export function fmtInt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return fmtInt(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  const [int, frac] = n.toFixed(digits).split('.');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return fmtInt(Number(int)) + (trimmed ? `.${trimmed}` : '');
}

export function fmtPct(part: number, whole: number): string {
  if (whole <= 0) return '—';
  const p = (part / whole) * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  return `${p.toFixed(p >= 10 || p === 0 ? 0 : 1)}%`;
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${fmtInt(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function fmtBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${fmtInt(v)} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** Profile min/max: numbers formatted, text clipped, absent as a dash. */
export function fmtValue(v: string | number | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? fmtNum(v) : clip(v, 40);
}
