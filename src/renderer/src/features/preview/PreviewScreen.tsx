/** Preview: the whole file (or the rows a profile card picked) in a virtualized grid, 200 rows per request, with type badges per column. */
import { useCallback, useMemo } from 'react';
import { DataGrid, type GridRow } from '../../components/DataGrid.js';
import { InlineError } from '../../components/Notice.js';
import { TypeBadge } from '../../components/TypeBadge.js';
import { usePages } from '../../components/usePages.js';
import { fmtBytes, fmtInt } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';

const PAGE = 200;

export function PreviewScreen() {
  const client = useClient();
  const dataset = useSession((s) => s.dataset);
  const profile = useSession((s) => s.profile);
  const go = useSession((s) => s.go);
  const filter = useSession((s) => s.previewFilter);
  const showRows = useSession((s) => s.showRows);
  const path = dataset?.path ?? '';
  const format = dataset?.format;
  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const page = await client.call('dataset.page', { path, ...(format ? { format } : {}), offset, limit, ...(filter ? { filter } : {}) });
    return { total: page.total, items: page.rows.map((cells, i): GridRow => ({ rowNumber: page.rowNumbers[i] ?? offset + i + 1, cells })) };
  }, [client, path, format, filter]);
  const data = usePages<GridRow>(`${path}|${JSON.stringify(filter)}`, PAGE, fetchPage);
  const inferred = useMemo(() => new Map(profile?.profile.columns.map((c) => [c.name, c.inferred]) ?? []), [profile]);
  const columns = useMemo(() => (dataset?.columns ?? []).map((c) => {
    const t = inferred.get(c.name);
    return { name: c.name, badge: <TypeBadge type={t ?? c.type} title={t ? `inferred: ${t} (source: ${c.type})` : `source type: ${c.type}`} /> };
  }), [dataset, inferred]);

  if (!dataset) return null;
  return (
    <section className="screen screen-fill" aria-labelledby="preview-title">
      <header className="screen-head">
        <div>
          <h1 id="preview-title">Preview</h1>
          <p className="muted">
            {dataset.path} · {dataset.format.toUpperCase()} · {fmtInt(dataset.rows)} rows · {dataset.columns.length} columns · {fmtBytes(dataset.bytes)}
            {dataset.encoding ? ` · ${dataset.encoding}` : ''}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-primary" onClick={() => go('profile')}>Profile this file</button>
        </div>
      </header>
      {filter && (
        <div className="filter-bar" role="status">
          <span>
            {data.loading ? 'Finding rows' : `${fmtInt(data.total)} rows`} where <strong>{filter.column}</strong>{' '}
            {filter.match === 'empty' ? 'is empty (null or blank)' : <>is <span className="mono">{filter.value === '' ? '(blank)' : filter.value}</span></>}
          </span>
          <button type="button" className="btn btn-small" onClick={() => go('profile')}>Back to profile</button>
          <button type="button" className="btn btn-small" onClick={() => showRows(null)}>Show all rows</button>
        </div>
      )}
      <InlineError text={data.error} />
      <DataGrid columns={columns} data={data} label={filter ? `Rows of ${dataset.path} where ${filter.column} ${filter.match === 'empty' ? 'is empty' : `is ${filter.value}`}` : `Rows of ${dataset.path}`} />
    </section>
  );
}
