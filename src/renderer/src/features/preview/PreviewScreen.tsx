/** Preview: the whole file in a virtualized grid, 200 rows per request, with type badges per column. */
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
  const path = dataset?.path ?? '';
  const format = dataset?.format;
  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const page = await client.call('dataset.page', { path, ...(format ? { format } : {}), offset, limit });
    return { total: page.total, items: page.rows.map((cells, i): GridRow => ({ rowNumber: page.rowNumbers[i] ?? offset + i + 1, cells })) };
  }, [client, path, format]);
  const data = usePages<GridRow>(path, PAGE, fetchPage);
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
      <InlineError text={data.error} />
      <DataGrid columns={columns} data={data} label={`Rows of ${dataset.path}`} />
    </section>
  );
}
