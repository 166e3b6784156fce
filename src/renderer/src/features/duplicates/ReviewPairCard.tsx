/** A pair the run left undecided: both rows side by side with the model's field similarities; merge or keep apart. */
import type { ReviewPairView } from '../../../../shared/api.js';
import type { DedupeDecision } from '../../../../shared/plan.js';
import { fmtPct } from '../../format.js';
import { describeDecision } from './decisions.js';

export interface ReviewPairCardProps {
  pair: ReviewPairView;
  columns: string[];
  pending: { index: number; decision: DedupeDecision }[];
  onDecide(decision: DedupeDecision): void;
  onUndo(index: number): void;
}

const REASONS: Record<ReviewPairView['reason'], string> = {
  'review-band': 'scored between the review and merge thresholds',
  split: 'scored above the threshold but kept apart by clustering',
  'low-information': 'scored above the threshold, but nothing in the rows singles them out from others',
};

export function ReviewPairCard({ pair, columns, pending, onDecide, onUndo }: ReviewPairCardProps) {
  const titleId = `pair-${pair.rowA}-${pair.rowB}`;
  const rows: [number, number] = [pair.rowA, pair.rowB];
  return (
    <article className="card cluster" aria-labelledby={titleId}>
      <header className="cluster-head">
        <div>
          <h2 id={titleId}>Rows {pair.rowA} and {pair.rowB}</h2>
          <p className="muted small">{fmtPct(pair.probability)} match probability · {REASONS[pair.reason]}</p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-small" onClick={() => onDecide({ kind: 'accept', rows })} aria-label={`Rows ${pair.rowA} and ${pair.rowB} are the same record: merge`}>Same record</button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => onDecide({ kind: 'reject', rows })} aria-label={`Rows ${pair.rowA} and ${pair.rowB} are different records`}>Different</button>
        </div>
      </header>
      {pending.length > 0 && (
        <ul className="pending" aria-label={`Decisions on rows ${pair.rowA} and ${pair.rowB}`}>
          {pending.map(({ index, decision }) => (
            <li key={index}>
              <span className="kind kind-flag">{decision.kind}</span> {describeDecision(decision)}
              <button type="button" className="link small" onClick={() => onUndo(index)} aria-label={`Undo: ${describeDecision(decision)}`}>Undo</button>
            </li>
          ))}
        </ul>
      )}
      <div className="cluster-scroll">
        <table className="cluster-table fixed">
          <colgroup><col className="col-field" /><col /><col /><col className="sim-head" /></colgroup>
          <thead>
            <tr><th scope="col" className="field-head">Field</th><th scope="col" className="member-head">Row {pair.rowA}</th><th scope="col" className="member-head">Row {pair.rowB}</th><th scope="col" className="sim-head">Similarity</th></tr>
          </thead>
          <tbody>
            {columns.map((c, i) => {
              const a = pair.a[i] ?? null;
              const b = pair.b[i] ?? null;
              const sim = pair.fieldSimilarity[i] ?? null;
              const diff = (a ?? '') !== (b ?? '');
              return (
                <tr key={c} className={sim === null ? 'not-compared' : ''}>
                  <th scope="row" className="field-name">{c}</th>
                  <td className={a === null ? 'cell-empty' : ''}>{a ?? 'empty'}</td>
                  <td className={`${diff ? 'cell-differs' : ''}${b === null ? ' cell-empty' : ''}`}>{b ?? 'empty'}</td>
                  <td className="num">{sim === null ? '—' : <span className={`cell-sim${sim < 0.85 ? ' cell-sim-low' : ''}`}>{fmtPct(sim)}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}
