/** Duplicate detection settings of the plan: mode, thresholds and key columns. */
import type { DedupeConfig, DedupeMode } from '../../../../shared/plan.js';

const MODES: { value: DedupeMode; label: string }[] = [
  { value: 'near', label: 'Near duplicates (fuzzy)' },
  { value: 'exact', label: 'Exact duplicates' },
  { value: 'off', label: 'Off' },
];

function num(v: string): number | undefined {
  const n = Number(v);
  return v.trim() === '' || !Number.isFinite(n) ? undefined : n;
}

export function DedupeEditor({ value, columns, onChange }: { value: DedupeConfig; columns: string[]; onChange(d: DedupeConfig): void }) {
  const set = (patch: { [K in keyof DedupeConfig]?: DedupeConfig[K] | undefined }) => {
    const merged = { ...value, ...patch };
    const next: DedupeConfig = { mode: merged.mode ?? value.mode, columns: merged.columns ?? value.columns };
    if (merged.threshold !== undefined) next.threshold = merged.threshold;
    if (merged.reviewThreshold !== undefined) next.reviewThreshold = merged.reviewThreshold;
    if (merged.survivor !== undefined) next.survivor = merged.survivor;
    if (merged.recencyColumn !== undefined) next.recencyColumn = merged.recencyColumn;
    onChange(next);
  };
  const toggleColumn = (c: string) => set({ columns: value.columns.includes(c) ? value.columns.filter((x) => x !== c) : [...value.columns, c] });
  return (
    <fieldset className="card dedupe">
      <legend>Duplicates</legend>
      <div className="row wrap">
        <label className="field">
          <span className="label">Mode</span>
          <select className="input" value={value.mode} onChange={(e) => set({ mode: e.target.value as DedupeMode })}>
            {MODES.map((m) => <option key={m.value} value={m.value}>{m.label}</option>)}
          </select>
        </label>
        {value.mode === 'near' && (
          <>
            <label className="field">
              <span className="label">Match threshold</span>
              <input className="input narrow" type="number" min={0} max={1} step={0.01} value={value.threshold ?? ''} onChange={(e) => set({ threshold: num(e.target.value) })} />
            </label>
            <label className="field">
              <span className="label">Review below</span>
              <input className="input narrow" type="number" min={0} max={1} step={0.01} value={value.reviewThreshold ?? ''} onChange={(e) => set({ reviewThreshold: num(e.target.value) })} />
            </label>
          </>
        )}
      </div>
      {value.mode !== 'off' && (
        <div className="dedupe-columns" role="group" aria-label="Columns that identify a duplicate">
          <span className="label">Key columns</span>
          <div className="chips">
            {columns.map((c) => (
              <label key={c} className={`chip${value.columns.includes(c) ? ' chip-on' : ''}`}>
                <input type="checkbox" checked={value.columns.includes(c)} onChange={() => toggleColumn(c)} />
                {c}
              </label>
            ))}
          </div>
        </div>
      )}
    </fieldset>
  );
}
