/** A column's most frequent values as a bar list; each bar is a button that opens Preview on the rows holding that value. */
import type { ValueCount } from '../../../../shared/profile.js';
import { fmtInt, fmtPct } from '../../format.js';

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export interface TopValuesChartProps {
  column: string;
  values: ValueCount[];
  total: number;
  /** Called with the exact value; absent, the bars are not clickable. */
  onPick?: (value: string) => void;
}

export function TopValuesChart({ column, values, total, onPick }: TopValuesChartProps) {
  const shown = values.slice(0, 6);
  if (shown.length === 0) return <p className="muted small">No values.</p>;
  const max = Math.max(...shown.map((v) => v.count), 1);
  return (
    <ul className="top-values" aria-label={`Most frequent values of ${column}`}>
      {shown.map((v, i) => {
        const label = v.value === '' ? '(blank)' : v.value;
        const share = total > 0 ? `, ${fmtPct(v.count / total)}` : '';
        const body = (
          <>
            <span className="tv-label">{clip(label, 18)}</span>
            <span className="tv-bar" aria-hidden="true"><span className="tv-fill" style={{ width: `${Math.max(2, (v.count / max) * 100)}%` }} /></span>
            <span className="tv-count">{fmtInt(v.count)}</span>
          </>
        );
        return (
          <li key={`${v.value}-${i}`}>
            {onPick ? (
              <button type="button" className="top-value" onClick={() => onPick(v.value)} title={`${label}: ${fmtInt(v.count)} rows${share}. Show them`} aria-label={`Show rows where ${column} is ${label} (${fmtInt(v.count)} rows${share})`}>
                {body}
              </button>
            ) : (
              <div className="top-value" title={`${label}: ${fmtInt(v.count)} rows${share}`}>{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
