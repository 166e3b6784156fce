/** Per-column policies edited in place: imputation (strategy and value) and outliers (method, bounds, action). */
import type { ImputeOp, OutlierOp } from '../../../../shared/plan.js';
import type { ColumnProfile } from '../../../../shared/profile.js';

function numberOr(text: string, fallback: number): number {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? fallback : n;
}

export function ImputeEditor({ op, onParams }: { op: ImputeOp; onParams(p: ImputeOp['params']): void }) {
  const { strategy, value } = op.params;
  return (
    <div className="row wrap policy" role="group" aria-label={`Imputation policy for ${op.column}`}>
      <label className="field">
        <span className="label">Fill missing with</span>
        <select className="input" value={strategy} onChange={(e) => onParams({ strategy: e.target.value as ImputeOp['params']['strategy'], value })}>
          <option value="median">Median</option>
          <option value="mode">Most common value</option>
          <option value="constant">A constant</option>
        </select>
      </label>
      <label className="field">
        <span className="label">Value</span>
        <input
          className="input"
          value={String(value)}
          onChange={(e) => onParams({ strategy, value: typeof value === 'number' ? numberOr(e.target.value, value) : e.target.value })}
        />
      </label>
    </div>
  );
}

/** Switching to IQR or MAD takes that method's bounds from the column profile, when there is one. */
export function OutlierEditor({ op, bounds, onParams }: { op: OutlierOp; bounds: ColumnProfile['outlierBounds'] | undefined; onParams(p: OutlierOp['params']): void }) {
  const p = op.params;
  const setMethod = (method: OutlierOp['params']['method']) => {
    const b = method === 'manual' ? undefined : bounds?.[method];
    onParams({ ...p, method, ...(b ? { lower: b.lower, upper: b.upper } : {}) });
  };
  return (
    <div className="row wrap policy" role="group" aria-label={`Outlier policy for ${op.column}`}>
      <label className="field">
        <span className="label">Outliers</span>
        <select className="input" value={p.action} onChange={(e) => onParams({ ...p, action: e.target.value as OutlierOp['params']['action'] })}>
          <option value="flag">Flag for review</option>
          <option value="clip">Clip to the bounds</option>
          <option value="null">Set to empty</option>
        </select>
      </label>
      <label className="field">
        <span className="label">Bounds from</span>
        <select className="input" value={p.method} onChange={(e) => setMethod(e.target.value as OutlierOp['params']['method'])}>
          <option value="iqr">IQR (1.5×)</option>
          <option value="mad">Median absolute deviation</option>
          <option value="manual">Set by hand</option>
        </select>
      </label>
      <label className="field">
        <span className="label">Lower</span>
        <input className="input bound" type="number" value={p.lower} onChange={(e) => onParams({ ...p, method: 'manual', lower: numberOr(e.target.value, p.lower) })} />
      </label>
      <label className="field">
        <span className="label">Upper</span>
        <input className="input bound" type="number" value={p.upper} onChange={(e) => onParams({ ...p, method: 'manual', upper: numberOr(e.target.value, p.upper) })} />
      </label>
    </div>
  );
}
