/**
 * A numeric column's spread: a histogram of the sample between p1 and p99 (when pass 1 computed one) over an
 * inline SVG box plot from the profile's sample quantiles: whiskers p1–p99, box
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
  const hist = column.histogram;
  return (
    <figure className="distribution">
      {hist && <Histogram name={column.name} hist={hist} />}
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

const HH = 56;

/** Bars of the sample histogram; the tails beyond p1/p99 are named in the label, not drawn. */
function Histogram({ name, hist }: { name: string; hist: NonNullable<ColumnProfile['histogram']> }) {
  const peak = Math.max(1, ...hist.counts);
  const n = hist.counts.length;
  const bw = (W - 2 * PAD) / n;
  const total = hist.counts.reduce((a, b) => a + b, 0) + hist.below + hist.above;
  const label = `Histogram of ${name} in the sample (${total} values): ${n} bins from ${fmtNum(hist.lower)} to ${fmtNum(hist.upper)}, `
    + `tallest bin ${peak} values; ${hist.below} below and ${hist.above} above that range`;
  return (
    <svg viewBox={`0 0 ${W} ${HH}`} width="100%" height={HH} role="img" aria-label={label}>
      {hist.counts.map((c, i) => {
        const h = c === 0 ? 0 : Math.max(1.5, (c / peak) * (HH - 4));
        const from = hist.lower + ((hist.upper - hist.lower) * i) / n;
        const to = hist.lower + ((hist.upper - hist.lower) * (i + 1)) / n;
        return (
          <rect key={i} className="dist-bar" x={PAD + i * bw + 0.5} y={HH - h} width={Math.max(1, bw - 1)} height={h}>
            <title>{`${fmtNum(from)} – ${fmtNum(to)}: ${c}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
