/** A virtualized read-only grid: only the visible rows exist in the DOM; rows arrive page by page. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { GridCell } from '../../../shared/api.js';
import type { PagedData } from './usePages.js';

export interface GridRow {
  rowNumber: number;
  cells: GridCell[];
}

export interface GridColumn {
  name: string;
  badge?: ReactNode;
}

const ROW_HEIGHT = 26;
const COL_WIDTH = 168;
const NUM_WIDTH = 76;

export function DataGrid({ columns, data, label }: { columns: GridColumn[]; data: PagedData<GridRow>; label: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: data.total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = data;
  useEffect(() => {
    if (data.total > 0) ensure(first, last);
  }, [first, last, data.total, ensure]);
  const width = NUM_WIDTH + columns.length * COL_WIDTH;

  return (
    <div className="grid-scroll" ref={scrollRef} role="grid" aria-label={label} aria-rowcount={data.total + 1} aria-colcount={columns.length + 1} tabIndex={0}>
      <div className="grid-header" role="row" style={{ width }}>
        <div className="grid-cell grid-num" role="columnheader" style={{ width: NUM_WIDTH }}>#</div>
        {columns.map((c) => (
          <div key={c.name} className="grid-cell grid-head" role="columnheader" style={{ width: COL_WIDTH }} title={c.name}>
            <span className="grid-head-name">{c.name}</span>
            {c.badge}
          </div>
        ))}
      </div>
      <div className="grid-body" style={{ height: v.getTotalSize(), width }}>
        {items.map((it) => {
          const row = data.get(it.index);
          return (
            <div
              key={it.key}
              className={`grid-row${it.index % 2 ? ' grid-row-alt' : ''}`}
              role="row"
              aria-rowindex={it.index + 2}
              style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT, width }}
            >
              <div className="grid-cell grid-num" role="rowheader" style={{ width: NUM_WIDTH }}>{row ? row.rowNumber : it.index + 1}</div>
              {row
                ? row.cells.map((cell, i) => (
                  <div key={i} className={`grid-cell${cell === null ? ' grid-null' : ''}`} role="gridcell" style={{ width: COL_WIDTH }} title={cell ?? 'empty'}>
                    {cell ?? ''}
                  </div>
                ))
                : <div className="grid-cell grid-loading" role="gridcell">Loading…</div>}
            </div>
          );
        })}
      </div>
    </div>
  );
}
