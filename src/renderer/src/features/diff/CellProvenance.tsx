/** The provenance of one cell: every record the engine wrote for it, in order (operation, original → cleaned, confidence). */
import type { DiffRow } from '../../../../shared/api.js';
import { fmtPct, showWhitespace } from '../../format.js';

/** `column` null shows the row-level records (duplicate, quarantine). */
export function CellProvenance({ row, column, onClose }: { row: DiffRow; column: string | null; onClose(): void }) {
  const records = row.changes.filter((c) => c.column === null || (column !== null && c.column === column));
  const title = column === null ? `Row ${row.row}` : `Row ${row.row} · ${column}`;
  return (
    <aside className="card provenance" aria-label={`Provenance of ${title}`}>
      <header className="row between">
        <h2>{title}</h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label="Close provenance">Close</button>
      </header>
      {records.length === 0 && <p className="muted">No operation touched this {column === null ? 'row' : 'cell'}.</p>}
      <ol className="prov-list">
        {records.map((r, i) => (
          <li key={i} className={`prov prov-${r.kind}`}>
            <div className="prov-head">
              <code>{r.operation}</code>
              <span className="muted small">{r.opId}</span>
              <span className={`kind kind-${r.kind}`}>{r.kind}</span>
            </div>
            {r.kind === 'duplicate' ? (
              <p>Removed as a duplicate of row {r.survivor ?? '?'}.</p>
            ) : r.kind === 'quarantine' ? (
              <p>Quarantined{r.reason ? `: ${r.reason}` : ''}.</p>
            ) : (
              <dl className="prov-values">
                <dt>Original</dt><dd className="mono" title={r.original ?? ''}>{r.original === null ? <em>empty</em> : showWhitespace(r.original)}</dd>
                {r.kind === 'cell' && <><dt>Cleaned</dt><dd className="mono" title={r.cleaned ?? ''}>{r.cleaned === null ? <em>empty</em> : showWhitespace(r.cleaned)}</dd></>}
                {r.reason && <><dt>Reason</dt><dd>{r.reason}</dd></>}
              </dl>
            )}
            <p className="muted small">Confidence {fmtPct(r.confidence)}</p>
          </li>
        ))}
      </ol>
    </aside>
  );
}
