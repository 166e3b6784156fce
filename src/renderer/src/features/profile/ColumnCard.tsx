/** One column's profile: type and confidence, nulls, distinct values, range, distribution, top values and detected issues. */
import type { RowFilter } from '../../../../shared/api.js';
import type { ColumnProfile } from '../../../../shared/profile.js';
import { TypeBadge } from '../../components/TypeBadge.js';
import { fmtInt, fmtNum, fmtPct } from '../../format.js';
import { DistributionChart } from './DistributionChart.js';
import { TopValuesChart } from './TopValuesChart.js';

function show(v: string | number | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? fmtNum(v) : v;
}

export function ColumnCard({ column, onShowRows }: { column: ColumnProfile; onShowRows?: (filter: RowFilter) => void }) {
  const empty = column.nulls + column.blanks;
  const emptyShare = column.count > 0 ? empty / column.count : 0;
  const numeric = column.quantiles !== undefined && (column.inferred === 'integer' || column.inferred === 'decimal' || column.inferred === 'identifier');
  // Top values of a column where nothing repeats are just its first values sorted: no information.
  const allDistinct = column.topValues.length > 0 && column.topValues.every((v) => v.count === 1);
  const id = `col-${column.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <article className="card column-card" aria-labelledby={id}>
      <header className="column-card-head">
        <h3 id={id} title={column.name}>{column.name}</h3>
        <TypeBadge type={column.inferred} title={`inferred ${column.inferred}, ${fmtPct(column.confidence)} of values conform; source type ${column.sourceType}`} />
      </header>
      <dl className="stats">
        <div>
          <dt>Empty</dt>
          <dd className={emptyShare > 0.2 ? 'warn' : ''}>
            {fmtPct(emptyShare)}{' '}
            {empty > 0 && onShowRows
              ? <button type="button" className="link small" onClick={() => onShowRows({ column: column.name, match: 'empty' })} aria-label={`Show the ${fmtInt(empty)} rows where ${column.name} is empty`}>({fmtInt(empty)})</button>
              : <span className="muted small">({fmtInt(empty)})</span>}
          </dd>
        </div>
        <div><dt>Distinct</dt><dd>{fmtInt(column.distinct)}</dd></div>
        <div><dt>Conforms</dt><dd>{fmtPct(column.confidence)}</dd></div>
        <div><dt>Min</dt><dd className="clip" title={String(column.min ?? '')}>{show(column.min)}</dd></div>
        <div><dt>Max</dt><dd className="clip" title={String(column.max ?? '')}>{show(column.max)}</dd></div>
        {column.mean !== undefined && <div><dt>Mean</dt><dd>{fmtNum(column.mean)}</dd></div>}
      </dl>
      {numeric && <DistributionChart column={column} />}
      {allDistinct
        ? <p className="muted small">Every value is distinct{numeric ? '' : ': no value repeats'}.</p>
        : (
          <TopValuesChart
            column={column.name} values={column.topValues} total={column.count}
            {...(onShowRows ? { onPick: (value: string) => onShowRows({ column: column.name, match: 'value', value }) } : {})}
          />
        )}
      {column.issues.length > 0 && (
        <ul className="issues" aria-label={`Issues in ${column.name}`}>
          {column.issues.map((issue) => <li key={issue}>{issue}</li>)}
        </ul>
      )}
    </article>
  );
}
