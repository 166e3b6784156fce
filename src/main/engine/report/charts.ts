/** Inline SVG charts for the HTML report: row accounting bar and before/after top-value bars. No scripts, no external assets. */
import type { RowCounts } from '../../../shared/report.js';
import type { ValueCount } from '../../../shared/profile.js';
import { clip, esc, fmtInt, fmtPct } from './format.js';

/** One horizontal bar split into out / duplicates / quarantined, each a share of rows in. */
export function rowsBar(rows: RowCounts): string {
  const width = 640;
  const height = 28;
  const total = Math.max(rows.in, 1);
  const parts = [
    { label: 'out', n: rows.out, cls: 'seg-out' },
    { label: 'duplicates', n: rows.duplicates, cls: 'seg-dup' },
    { label: 'quarantined', n: rows.quarantined, cls: 'seg-quar' },
  ];
  let x = 0;
  const rects = parts.map((p) => {
    const w = (p.n / total) * width;
    const r = w > 0 ? `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" class="${p.cls}"><title>${esc(`${p.label}: ${fmtInt(p.n)} (${fmtPct(p.n, rows.in)})`)}</title></rect>` : '';
    x += w;
    return r;
  }).join('');
  const label = `Rows: ${fmtInt(rows.out)} out, ${fmtInt(rows.duplicates)} duplicates, ${fmtInt(rows.quarantined)} quarantined of ${fmtInt(rows.in)} in`;
  return `<svg class="rows-bar" viewBox="0 0 ${width} ${height}" width="100%" height="${height}" preserveAspectRatio="none" role="img" aria-label="${esc(label)}"><rect x="0" y="0" width="${width}" height="${height}" class="seg-empty"/>${rects}</svg>`;
}

export interface Side {
  values: readonly ValueCount[];
  total: number;
  /** Distinct values in the column: when the list is shorter, absent values have unknown counts. */
  distinct: number;
}

interface Pair {
  value: string;
  before: Count;
  after: Count | null;
}

/** A count, or an upper bound when the value is not among that side's (truncated) top values. */
interface Count {
  n: number;
  atMost: boolean;
}

function countIn(side: Side, value: string, index: Map<string, number>): Count {
  const n = index.get(value);
  if (n !== undefined) return { n, atMost: false };
  const complete = side.values.length >= side.distinct;
  return complete ? { n: 0, atMost: false } : { n: Math.min(...side.values.map((v) => v.count)), atMost: true };
}

/** The bar length a count earns: bounds draw nothing, since the true count may be zero. */
function known(c: Count | null): number {
  return c && !c.atMost ? c.n : 0;
}

/** The values worth comparing: the union of both top lists, most frequent first. */
export function pairTopValues(before: Side, after: Side | null, limit: number): Pair[] {
  const bi = new Map(before.values.map((v) => [v.value, v.count]));
  const ai = new Map((after?.values ?? []).map((v) => [v.value, v.count]));
  const names = new Set([...before.values.map((v) => v.value), ...(after?.values ?? []).map((v) => v.value)]);
  const pairs = [...names].map((value) => ({ value, before: countIn(before, value, bi), after: after ? countIn(after, value, ai) : null }));
  const key = (p: Pair): number => Math.max(known(p.before), known(p.after));
  return pairs.sort((a, b) => key(b) - key(a) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, limit);
}

const ROW_H = 22;
const BAR_H = 8;
const LABEL_W = 150;
const COUNT_W = 64;
const WIDTH = 460;

/** Grouped bars: each value gets a "before" bar and an "after" bar, on one scale. */
export function topValuesChart(columnName: string, before: Side, after: Side | null): string {
  const pairs = pairTopValues(before, after, 8);
  if (pairs.length === 0) return '<p class="muted small">No values.</p>';
  const max = Math.max(1, ...pairs.map((p) => Math.max(known(p.before), known(p.after))));
  const barMax = WIDTH - LABEL_W - COUNT_W;
  const height = pairs.length * ROW_H + 4;
  const count = (c: Count | null): string => (c === null ? '' : c.atMost ? `≤${fmtInt(c.n)}` : fmtInt(c.n));
  const share = (c: Count | null, total: number): string => (c === null ? '' : c.atMost ? `at most ${fmtInt(c.n)} (not among the most frequent values)` : `${fmtInt(c.n)} (${fmtPct(c.n, total)})`);
  const width = (c: Count | null): number => (known(c) > 0 ? Math.max(1.5, (known(c) / max) * barMax) : 0);
  const rows = pairs.map((p, i) => {
    const y = i * ROW_H + 2;
    const label = p.value === '' ? '(blank)' : p.value;
    const wb = width(p.before);
    const wa = width(p.after);
    const tip = `${label}: before ${share(p.before, before.total)}${after ? `, after ${share(p.after, after.total)}` : ''}`;
    return `<g><title>${esc(tip)}</title>`
      + `<text x="${LABEL_W - 6}" y="${y + BAR_H + 4}" text-anchor="end" class="chart-label">${esc(clip(label, 19))}</text>`
      + `<rect x="${LABEL_W}" y="${y}" width="${wb.toFixed(2)}" height="${BAR_H}" class="bar-before"/>`
      + (after ? `<rect x="${LABEL_W}" y="${y + BAR_H + 1}" width="${wa.toFixed(2)}" height="${BAR_H}" class="bar-after"/>` : '')
      + `<text x="${(LABEL_W + Math.max(wb, wa) + 4).toFixed(2)}" y="${y + BAR_H + 4}" class="chart-count">${esc(after ? `${count(p.before)} → ${count(p.after)}` : count(p.before))}</text></g>`;
  }).join('');
  const aria = `Most frequent values of ${columnName}${after ? ', before and after cleaning' : ''}`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${esc(aria)}">${rows}</svg>`;
}

/** A tiny inline bar for a count relative to the largest count in its table. */
export function countBar(n: number, max: number, cls: string): string {
  if (n <= 0 || max <= 0) return '';
  const w = Math.max(1, (n / max) * 80);
  return `<svg class="count-bar" viewBox="0 0 80 8" width="80" height="8" aria-hidden="true"><rect x="0" y="0" width="${w.toFixed(2)}" height="8" class="${cls}"/></svg>`;
}
