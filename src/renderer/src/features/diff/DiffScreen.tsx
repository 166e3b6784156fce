/** Diff: original vs cleaned rows, virtualized and paged from provenance; changed cells highlighted; filter by column, operation, kind. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DiffFacets, DiffRequest, DiffRow } from '../../../../shared/api.js';
import { errorText } from '../../api/client.js';
import { InlineError } from '../../components/Notice.js';
import { usePages } from '../../components/usePages.js';
import { fmtInt, showWhitespace } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';
import { CellProvenance } from './CellProvenance.js';

const LINE = 26;
const ITEM = LINE * 2 + 1;
const COL_WIDTH = 168;
const HEAD_WIDTH = 112;
const PAGE = 100;

type Filter = Pick<DiffRequest, 'column' | 'opId' | 'kind'>;

function touched(row: DiffRow, column: string): 'cell' | 'flag' | null {
  let kind: 'cell' | 'flag' | null = null;
  for (const c of row.changes) {
    if (c.column !== column) continue;
    if (c.kind === 'cell') return 'cell';
    if (c.kind === 'flag') kind = 'flag';
  }
  return kind;
}

export function DiffScreen() {
  const client = useClient();
  const run = useSession((s) => s.run);
  const runId = run?.id ?? '';
  const [facets, setFacets] = useState<DiffFacets | null>(null);
  const [facetError, setFacetError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>({});
  const [columns, setColumns] = useState<string[]>([]);
  const [selected, setSelected] = useState<{ row: DiffRow; column: string | null } | null>(null);

  useEffect(() => {
    if (runId) client.call('run.diffFacets', { runId }).then(setFacets, (e: unknown) => setFacetError(errorText(e)));
  }, [client, runId]);

  const fetchPage = useCallback(async (offset: number, limit: number) => {
    const page = await client.call('run.diff', { runId, offset, limit, ...filter });
    setColumns(page.columns);
    return { total: page.total, items: page.rows };
  }, [client, runId, filter]);
  const data = usePages<DiffRow>(`${runId}|${JSON.stringify(filter)}`, PAGE, fetchPage);

  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: data.total, getScrollElement: () => scrollRef.current, estimateSize: () => ITEM, overscan: 6 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = data;
  useEffect(() => {
    if (data.total > 0) ensure(first, last);
  }, [first, last, data.total, ensure]);

  if (!run) return null;
  const width = HEAD_WIDTH + columns.length * COL_WIDTH;
  const set = (patch: { [K in keyof Filter]?: Filter[K] | undefined }) => {
    const merged = { ...filter, ...patch };
    const next: Filter = {};
    if (merged.column) next.column = merged.column;
    if (merged.opId) next.opId = merged.opId;
    if (merged.kind) next.kind = merged.kind;
    setFilter(next);
    setSelected(null);
  };

  return (
    <section className="screen screen-fill" aria-labelledby="diff-title">
      <header className="screen-head">
        <div>
          <h1 id="diff-title">Changes</h1>
          <p className="muted">{fmtInt(data.total)} rows {Object.keys(filter).length ? 'match the filter' : 'were touched by the clean'} · click a highlighted cell for its provenance</p>
        </div>
      </header>
      <div className="filters row wrap" role="group" aria-label="Filter changes">
        <label className="field">
          <span className="label">Column</span>
          <select className="input" value={filter.column ?? ''} onChange={(e) => set({ column: e.target.value })}>
            <option value="">All columns</option>
            {facets?.columns.map((c) => <option key={c.name} value={c.name}>{c.name} ({fmtInt(c.count)})</option>)}
          </select>
        </label>
        <label className="field">
          <span className="label">Operation</span>
          <select className="input" value={filter.opId ?? ''} onChange={(e) => set({ opId: e.target.value })}>
            <option value="">All operations</option>
            {facets?.operations.map((o) => <option key={o.opId} value={o.opId}>{o.operation} · {o.opId} ({fmtInt(o.count)})</option>)}
          </select>
        </label>
        <label className="field">
          <span className="label">Kind</span>
          <select className="input" value={filter.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as Filter['kind'] })}>
            <option value="">All kinds</option>
            {facets?.kinds.map((k) => <option key={k.kind} value={k.kind}>{k.kind} ({fmtInt(k.count)})</option>)}
          </select>
        </label>
        <div className="legend muted small" aria-hidden="true">
          <span className="swatch swatch-before" /> original <span className="swatch swatch-after" /> cleaned <span className="swatch swatch-flag" /> flagged
        </div>
      </div>
      <InlineError text={facetError ?? data.error} />
      <div className="diff-layout">
        <div className="grid-scroll" ref={scrollRef} role="table" aria-label="Original and cleaned rows" tabIndex={0}>
          <div className="grid-header" role="row" style={{ width }}>
            <div className="grid-cell grid-num" role="columnheader" style={{ width: HEAD_WIDTH }}>Row</div>
            {columns.map((c) => <div key={c} className={`grid-cell grid-head${filter.column === c ? ' grid-head-active' : ''}`} role="columnheader" style={{ width: COL_WIDTH }} title={c}><span className="grid-head-name">{c}</span></div>)}
          </div>
          <div className="grid-body" style={{ height: v.getTotalSize(), width }}>
            {items.map((it) => {
              const row = data.get(it.index);
              return (
                <div key={it.key} className="diff-item" role="rowgroup" style={{ transform: `translateY(${it.start}px)`, height: ITEM, width }}>
                  {!row ? <div className="grid-cell grid-loading">Loading…</div> : (
                    <>
                      <div className="diff-rowhead" style={{ width: HEAD_WIDTH, height: ITEM - 1 }}>
                        <span className="mono">{row.row}</span>
                        {row.changes.some((c) => c.column === null) ? (
                          <button type="button" className={`kind kind-${row.status} kind-button`} onClick={() => setSelected({ row, column: null })} aria-label={`Row ${row.row}: ${row.status}; show why`}>{row.status}</button>
                        ) : (
                          <span className={`kind kind-${row.status}`}>{row.status}</span>
                        )}
                      </div>
                      {(['original', 'cleaned'] as const).map((side) => (
                        <div key={side} className={`diff-line diff-${side}`} role="row" aria-label={`Row ${row.row} ${side}`} style={{ top: side === 'original' ? 0 : LINE, left: HEAD_WIDTH }}>
                          {columns.map((c, i) => {
                            const t = touched(row, c);
                            const value = row[side][i] ?? null;
                            const changed = t === 'cell' && row.original[i] !== row.cleaned[i];
                            const cls = `grid-cell${changed ? ` diff-changed-${side}` : ''}${t === 'flag' ? ' diff-flag' : ''}${value === null ? ' grid-null' : ''}`;
                            return t ? (
                              <button type="button" key={c} className={`${cls} diff-cell-button`} style={{ width: COL_WIDTH }} title={value ?? 'empty'} onClick={() => setSelected({ row, column: c })} aria-label={`${c}, ${side}: ${value ?? 'empty'}; show provenance`}>
                                {value === null ? (changed ? <span className="diff-empty">empty</span> : '') : changed ? showWhitespace(value) : value}
                              </button>
                            ) : (
                              <div key={c} className={cls} role="cell" style={{ width: COL_WIDTH }} title={value ?? 'empty'}>{value ?? ''}</div>
                            );
                          })}
                        </div>
                      ))}
                    </>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {selected && <CellProvenance row={selected.row} column={selected.column} onClose={() => setSelected(null)} />}
      </div>
      {!data.loading && data.total === 0 && !data.error && <p className="muted">No changes match.</p>}
    </section>
  );
}
