/** An accessible progress bar; indeterminate (animated stripe) when the fraction is unknown. */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  const pct = fraction === null ? undefined : Math.round(fraction * 100);
  return (
    <div
      className={`progress${fraction === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ width: fraction === null ? '30%' : `${pct}%` }} />
    </div>
  );
}
