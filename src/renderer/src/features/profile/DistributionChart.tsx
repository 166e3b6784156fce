/**
 * A numeric column's spread as an inline SVG box plot from the profile's sample quantiles: whiskers p1–p99, box
 * p25–p75, the median, and the IQR outlier fences when they fall inside the drawn range. Values beyond p1/p99 (the
 * tails, where outliers live) are named below rather than squeezing the box into a corner.
 */
import type { ColumnProfile } from '../../../../shared/profile.js';
import { fmtNum } from '../../format.js';

const W = 300;
const H = 46;
const PAD = 8;

export function DistributionChart({ column }: { column: ColumnProfile }) {
  const q = column.quantiles;
  if (!q) return null;
  const lo = q.p01;
  const hi = q.p99;
  const span = hi - lo || Math.abs(hi) || 1;
  const x = (v: number) => PAD + ((Math.min(Math.max(v, lo), hi) - lo) / span) * (W - 2 * PAD);
  const fences = column.outlierBounds?.iqr;
  const inside = (v: number | undefined): v is number => v !== undefined && v > lo && v < hi;
  const label = `Distribution of ${column.name}: 1st percentile ${fmtNum(q.p01)}, quartiles ${fmtNum(q.p25)}, ${fmtNum(q.p50)} (median), ${fmtNum(q.p75)}, 99th percentile ${fmtNum(q.p99)}`;
  const fenceDrawn = inside(fences?.lower) || inside(fences?.upper);
  const min = typeof column.min === 'number' ? column.min : undefined;
  const max = typeof column.max === 'number' ? column.max : undefined;
  return (
    <figure className="distribution">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label}>
        <line className="dist-whisker" x1={x(q.p01)} x2={x(q.p99)} y1={18} y2={18} />
        <line className="dist-whisker" x1={x(q.p01)} x2={x(q.p01)} y1={11} y2={25} />
        <line className="dist-whisker" x1={x(q.p99)} x2={x(q.p99)} y1={11} y2={25} />
        <rect className="dist-box" x={x(q.p25)} y={8} width={Math.max(1, x(q.p75) - x(q.p25))} height={20} rx={2} />
        <line className="dist-median" x1={x(q.p50)} x2={x(q.p50)} y1={8} y2={28} />
        {inside(fences?.lower) && <line className="dist-fence" x1={x(fences.lower)} x2={x(fences.lower)} y1={4} y2={32} />}
        {inside(fences?.upper) && <line className="dist-fence" x1={x(fences.upper)} x2={x(fences.upper)} y1={4} y2={32} />}
        <text className="dist-label" x={PAD} y={43} textAnchor="start">{fmtNum(q.p01)}</text>
        <text className="dist-label" x={x(q.p50)} y={43} textAnchor="middle">{fmtNum(q.p50)}</text>
        <text className="dist-label" x={W - PAD} y={43} textAnchor="end">{fmtNum(q.p99)}</text>
      </svg>
      <figcaption className="muted small">
        p1 · median · p99{fenceDrawn ? ' · dashed: outlier fences' : ''}
        {min !== undefined && min < lo ? ` · min ${fmtNum(min)}` : ''}
        {max !== undefined && max > hi ? ` · max ${fmtNum(max)}` : ''}
      </figcaption>
    </figure>
  );
}
