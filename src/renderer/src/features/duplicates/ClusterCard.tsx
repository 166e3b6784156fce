/** One duplicate cluster: members side by side (survivor first), differing fields highlighted, per-field similarity, and the decisions a reviewer can make. */
import type { DuplicateCluster, DuplicateMember, GridCell } from '../../../../shared/api.js';
import type { DedupeDecision } from '../../../../shared/plan.js';
import { fmtPct, showWhitespace } from '../../format.js';
import { describeDecision } from './decisions.js';

export interface ClusterCardProps {
  cluster: DuplicateCluster;
  columns: string[];
  compared: ReadonlySet<string>;
  /** Decisions in the plan that name this cluster's rows, with their index in the plan. */
  pending: { index: number; decision: DedupeDecision }[];
  onDecide(decision: DedupeDecision, replaces?: (d: DedupeDecision) => boolean): void;
  onUndo(index: number): void;
}

function differs(a: GridCell, b: GridCell): boolean {
  return (a ?? '') !== (b ?? '');
}

interface MemberHeadProps {
  m: DuplicateMember;
  survivor: number;
  cluster: DuplicateCluster;
  /** Kinds of the plan's decisions naming this row (pair decisions only when they name the survivor too). */
  decided: ReadonlySet<DedupeDecision['kind']>;
  onDecide: ClusterCardProps['onDecide'];
}

function matchClass(similarity: number): string {
  return similarity >= 0.95 ? 'kind' : similarity >= 0.85 ? 'kind kind-flag' : 'kind kind-duplicate';
}

function MemberHead({ m, survivor, cluster, decided, onDecide }: MemberHeadProps) {
  const rows = new Set(cluster.members.map((x) => x.row));
  return (
    <th scope="col" className={`member-head${m.kept ? ' member-kept' : ''}`}>
      <div className="member-title">
        <span>Row {m.row}</span>
        {m.kept ? <span className="kind kind-cell">kept</span> : <span className={matchClass(m.similarity)} title="similarity to the kept row">{fmtPct(m.similarity)} match</span>}
      </div>
      <div className="member-actions">
        {!m.kept && (
          <button
            type="button" className="btn btn-small" aria-pressed={decided.has('survivor')}
            onClick={() => onDecide({ kind: 'survivor', rows: [m.row] }, (d) => d.kind === 'survivor' && rows.has(d.rows[0]))}
            aria-label={`Keep row ${m.row} instead of row ${survivor}`}
          >
            Keep this row
          </button>
        )}
        {!m.kept && (
          <button type="button" className="btn btn-small" aria-pressed={decided.has('split')} onClick={() => onDecide({ kind: 'split', rows: [m.row] })} aria-label={`Split row ${m.row} out of cluster ${cluster.cluster}`}>
            Split out
          </button>
        )}
        {!m.kept && (
          <button type="button" className="btn btn-small btn-danger" aria-pressed={decided.has('reject')} onClick={() => onDecide({ kind: 'reject', rows: [survivor, m.row] })} aria-label={`Row ${m.row} is not the same as row ${survivor}`}>
            Not the same
          </button>
        )}
      </div>
    </th>
  );
}

export function ClusterCard({ cluster, columns, compared, pending, onDecide, onUndo }: ClusterCardProps) {
  const survivor = cluster.members.find((m) => m.kept) ?? cluster.members[0];
  const titleId = `cluster-${cluster.cluster}`;
  if (!survivor) return null;
  const others = cluster.members.filter((m) => m !== survivor);
  const decidedFor = (row: number): Set<DedupeDecision['kind']> => new Set(pending
    .filter(({ decision: d }) => d.rows.includes(row) && (d.rows.length === 1 || d.rows.includes(survivor.row)))
    .map(({ decision: d }) => d.kind));
  const confirm = () => {
    for (const m of others) onDecide({ kind: 'accept', rows: [survivor.row, m.row] });
  };
  return (
    <article className="card cluster" aria-labelledby={titleId}>
      <header className="cluster-head">
        <div>
          <h2 id={titleId}>Cluster {cluster.cluster}</h2>
          <p className="muted small">
            {cluster.members.length} rows · match {fmtPct(cluster.minSimilarity)} (lowest member)
            {cluster.fieldAgreement !== null ? ` · key fields agree ${fmtPct(cluster.fieldAgreement)}` : ''} · keeps row {survivor.row}
          </p>
        </div>
        <button type="button" className="btn btn-small" onClick={confirm} aria-label={`Confirm cluster ${cluster.cluster}: all ${cluster.members.length} rows are one record`}>
          Confirm cluster
        </button>
      </header>
      {pending.length > 0 && (
        <ul className="pending" aria-label={`Decisions on cluster ${cluster.cluster}`}>
          {pending.map(({ index, decision }) => (
            <li key={index}>
              <span className="kind kind-flag">{decision.kind}</span> {describeDecision(decision)}
              <button type="button" className="link small" onClick={() => onUndo(index)} aria-label={`Undo: ${describeDecision(decision)}`}>Undo</button>
            </li>
          ))}
        </ul>
      )}
      <div className="cluster-scroll">
        <table className="cluster-table fixed" style={{ minWidth: 150 + cluster.members.length * 230 }}>
          <colgroup>
            <col className="col-field" />
            {cluster.members.map((m) => <col key={m.row} />)}
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="field-head">Field</th>
              <MemberHead m={survivor} survivor={survivor.row} cluster={cluster} decided={decidedFor(survivor.row)} onDecide={onDecide} />
              {others.map((m) => <MemberHead key={m.row} m={m} survivor={survivor.row} cluster={cluster} decided={decidedFor(m.row)} onDecide={onDecide} />)}
            </tr>
          </thead>
          <tbody>
            {columns.map((c, i) => {
              const key = compared.has(c);
              const base = survivor.cleaned[i] ?? null;
              return (
                <tr key={c} className={key ? '' : 'not-compared'}>
                  <th scope="row" className="field-name" title={key ? `${c}: compared` : `${c}: not compared`}>
                    {c}{key && <span className="key-mark" aria-label="compared">key</span>}
                  </th>
                  {[survivor, ...others].map((m) => {
                    const value = m.cleaned[i] ?? null;
                    const original = m.values[i] ?? null;
                    const diff = m !== survivor && differs(value, base);
                    const sim = m.fieldSimilarity[i] ?? null;
                    return (
                      <td key={m.row} className={`${diff ? 'cell-differs' : ''}${value === null ? ' cell-empty' : ''}`}>
                        <span className="cell-value">{value === null ? 'empty' : value}</span>
                        {differs(original, value) && <span className="cell-original" title="as read from the input">was {original === null ? 'empty' : showWhitespace(original)}</span>}
                        {sim !== null && sim < 1 && <span className={`cell-sim${sim < 0.85 ? ' cell-sim-low' : ''}`} title="field similarity to the kept row">{fmtPct(sim)} similar</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}
