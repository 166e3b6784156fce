/** Number, size and time formatting for the UI (locale-aware, compact where space is tight). */

const int = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

export const fmtInt = (n: number): string => int.format(n);
export const fmtNum = (n: number): string => dec.format(n);
export const fmtPct = (f: number): string => pct.format(f);

export function fmtBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 1) return '<1 s';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m < 60) return `${m} min ${s} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function fmtTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** The last path segment, for compact labels (either separator). */
export function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function dirName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i > 0 ? p.slice(0, i) : p;
}

/** 'customers.csv' → 'customers' */
export function stem(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(0, i) : name;
}

/** Makes invisible edits visible: leading/trailing spaces as '·', tabs as '→', line breaks as '↵'. */
export function showWhitespace(s: string): string {
  const lead = /^[ \t]*/.exec(s)![0].length;
  const trail = /[ \t]*$/.exec(s.slice(lead))![0].length;
  const mark = (part: string): string => part.replace(/ /g, '·').replace(/\t/g, '→');
  const middle = s.slice(lead, s.length - trail).replace(/\t/g, '→').replace(/\r?\n/g, '↵');
  return mark(s.slice(0, lead)) + middle + mark(s.slice(s.length - trail));
}
