/** Horizontal bar chart of a column's most frequent values, drawn as inline SVG (no chart library, CSP-safe). */
import type { ValueCount } from '../../../../shared/profile.js';
import { fmtInt } from '../../format.js';

const BAR_H = 16;
const GAP = 4;
const LABEL_W = 124;
const COUNT_W = 52;
const WIDTH = 320;

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function TopValuesChart({ values, total, title }: { values: ValueCount[]; total: number; title: string }) {
  const shown = values.slice(0, 6);
  if (shown.length === 0) return <p className="muted small">No values.</p>;
  const max = Math.max(...shown.map((v) => v.count), 1);
  const barMax = WIDTH - LABEL_W - COUNT_W;
  const height = shown.length * (BAR_H + GAP);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {shown.map((v, i) => {
        const y = i * (BAR_H + GAP);
        const w = Math.max(2, (v.count / max) * barMax);
        const label = v.value === '' ? '(blank)' : v.value;
        return (
          <g key={`${v.value}-${i}`}>
            <text x={LABEL_W - 6} y={y + BAR_H - 4} textAnchor="end" className="chart-label">{clip(label, 15)}</text>
            <rect x={LABEL_W} y={y} width={w} height={BAR_H} rx={2} className="chart-bar">
              <title>{`${label}: ${fmtInt(v.count)}${total > 0 ? ` (${((v.count / total) * 100).toFixed(1)}%)` : ''}`}</title>
            </rect>
            <text x={LABEL_W + w + 4} y={y + BAR_H - 4} className="chart-count">{fmtInt(v.count)}</text>
          </g>
        );
      })}
    </svg>
  );
}
