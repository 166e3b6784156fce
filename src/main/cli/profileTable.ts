/** Renders a dataset profile as a plain-text table for the terminal. */
import type { DatasetProfile } from '../../shared/profile.js';

function cut(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

export function renderProfile(p: DatasetProfile): string {
  const head = [
    `${p.input.path}  (${p.input.format}${p.input.encoding ? ', ' + p.input.encoding : ''}${p.input.delimiter ? `, delimiter ${JSON.stringify(p.input.delimiter)}` : ''})`,
    `${p.rows.toLocaleString('en-US')} rows, ${p.columns.length} columns, ${p.quarantined} quarantined, sample ${p.sampleSize.toLocaleString('en-US')} (salt ${JSON.stringify(p.salt)})`,
    '',
  ];
  const header = ['column', 'type', 'conf', 'null', 'distinct', 'pii', 'min', 'max', 'top values', 'issues'];
  const rows = p.columns.map((c) => [
    cut(c.name, 24),
    c.inferred + (c.dateFormats?.length ? ` (${c.dateFormats.slice(0, 2).join(', ')})` : ''),
    c.confidence.toFixed(2),
    pct(c.nulls + c.blanks, c.count),
    c.distinct.toLocaleString('en-US'),
    (c.pii ?? []).map((p) => `${p.kind} ${pct(p.share, 1)}`).join(', '),
    cut(c.min === undefined ? '' : String(c.min), 14),
    cut(c.max === undefined ? '' : String(c.max), 14),
    cut(c.topValues.slice(0, 3).map((v) => `${v.value}(${v.count})`).join(', '), 36),
    cut(c.issues.join('; '), 60),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [...head, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
