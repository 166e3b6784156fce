/** Duplicate detection settings of the plan: mode, thresholds, survivor rule and key columns. */
import type { DedupeConfig, DedupeMode } from '../../../../shared/plan.js';
import { patchDedupe, type DedupePatch } from './planEdit.js';

/** The engine's defaults (src/main/engine/dedupe/near.ts), shown where the plan leaves a threshold unset. */
const DEFAULT_THRESHOLD = 0.9;
const DEFAULT_REVIEW = 0.5;

const SURVIVORS: { value: NonNullable<DedupeConfig['survivor']>; label: string }[] = [
  { value: 'most-complete', label: 'Most complete row' },
  { value: 'first', label: 'First in the file' },
  { value: 'most-recent', label: 'Most recent (by a column)' },
];

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
  const set = (patch: DedupePatch) => onChange(patchDedupe(value, patch));
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
              <input className="input narrow" type="number" min={0} max={1} step={0.01} value={value.threshold ?? ''} placeholder={String(DEFAULT_THRESHOLD)} aria-describedby="threshold-help" onChange={(e) => set({ threshold: num(e.target.value) })} />
            </label>
            <label className="field">
              <span className="label">Review below</span>
              <input className="input narrow" type="number" min={0} max={1} step={0.01} value={value.reviewThreshold ?? ''} placeholder={String(Math.min(DEFAULT_REVIEW, value.threshold ?? DEFAULT_THRESHOLD))} aria-describedby="threshold-help" onChange={(e) => set({ reviewThreshold: num(e.target.value) })} />
            </label>
            <label className="field">
              <span className="label">Keep from each cluster</span>
              <select className="input" value={value.survivor ?? 'most-complete'} onChange={(e) => set({ survivor: e.target.value as NonNullable<DedupeConfig['survivor']> })}>
                {SURVIVORS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
              </select>
            </label>
            {value.survivor === 'most-recent' && (
              <label className="field">
                <span className="label">Recency column</span>
                <select className="input" value={value.recencyColumn ?? ''} onChange={(e) => set({ recencyColumn: e.target.value || undefined })}>
                  <option value="">—</option>
                  {columns.map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              </label>
            )}
          </>
        )}
      </div>
      {value.mode === 'near' && (
        <p id="threshold-help" className="muted small">
          Pairs scoring at or above the match threshold are merged; pairs between the two thresholds wait for review on the
          Duplicates screen. An empty threshold uses the default shown in grey.
        </p>
      )}
      {value.decisions && value.decisions.length > 0 && (
        <p className="small" role="status">
          <strong>{value.decisions.length} review decision{value.decisions.length === 1 ? '' : 's'}</strong> from the Duplicates screen
          ({[...new Set(value.decisions.map((d) => d.kind))].join(', ')}); they apply to this input on the next run.
        </p>
      )}
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
