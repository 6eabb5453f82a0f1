import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { recordHref } from '../../app/hash-route';
import { CellValue } from './CellValue';
import { SortHeader } from './SortHeader';
import { ColumnResizer } from './ColumnResizer';
import type { ColumnDef, ResourceDef } from './record-resources';
import { recordTitle } from './record-title';
import type { PagedRecords } from './use-paged-records';

export const ROW_HEIGHT = 40;
const OVERSCAN = 12;
const CHECK_WIDTH = 44;
const TITLE_WIDTH = 260;

interface VirtualTableProps {
  resource: ResourceDef;
  columns: ColumnDef[];
  data: PagedRecords;
  ordering: string;
  onSort: (field: string) => void;
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  allSelected: boolean;
  onOpen: (id: string) => void;
  emptyMessage: string;
  /** A column's width was changed by its grip (kept by the caller). */
  onResize?: (field: string, width: number) => void;
}

/**
 * Only the rows in view (plus a margin) are in the DOM, each a fixed 40 px, so 100k rows
 * scroll like 100. Rows not loaded yet show a placeholder until their page arrives.
 */
export function VirtualTable(props: VirtualTableProps) {
  const { resource, columns: given, data, ordering, onSort, selected, onToggle, onToggleAll, allSelected, onOpen, emptyMessage, onResize } = props;
  // A grip being dragged shows its width at once; the caller keeps it on release.
  const [dragging, setDragging] = useState<{ field: string; width: number } | null>(null);
  const columns = dragging ? given.map((c) => (c.field === dragging.field ? { ...c, width: dragging.width } : c)) : given;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const count = data.count ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const { ensureRange } = data;
  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [ensureRange, first, last, count]);

  // A new query starts at the top.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    setScrollTop(0);
  }, [data.refresh]);

  // Fixed tracks plus one filler: every row gets the same widths whatever its content.
  const template = `${CHECK_WIDTH}px ${TITLE_WIDTH}px ${columns.map((c) => `${c.width}px`).join(' ')} minmax(0, 1fr)`;
  const minWidth = CHECK_WIDTH + TITLE_WIDTH + columns.reduce((sum, c) => sum + c.width, 0);
  const rows = [];
  for (let i = first; i <= last; i += 1) {
    const record = data.row(i);
    rows.push(
      record ? (
        <div
          key={record.id}
          className={selected.has(record.id) ? 'vrow selected' : 'vrow'}
          style={{ top: i * ROW_HEIGHT, gridTemplateColumns: template, minWidth }}
          role="row"
          aria-rowindex={i + 2}
          data-testid="record-row"
          data-id={record.id}
          onClick={() => onOpen(record.id)}
        >
          <div className="vcell check" role="gridcell" onClick={(e) => e.stopPropagation()}>
            <input type="checkbox" checked={selected.has(record.id)} onChange={() => onToggle(record.id)} aria-label="Select row" data-testid="row-select" />
          </div>
          <div className="vcell title-cell" role="gridcell">
            <a href={recordHref(resource.name, record.id)} onClick={(e) => e.stopPropagation()}>
              {recordTitle(resource, record)}
            </a>
            {typeof record.deleted_at === 'string' && <span className="badge badge-red deleted-badge">deleted</span>}
          </div>
          {columns.map((c) => (
            <div key={c.field} className={c.align === 'end' ? 'vcell align-end' : 'vcell'} role="gridcell">
              <CellValue column={c} record={record} resourceName={resource.name} />
            </div>
          ))}
        </div>
      ) : (
        <div key={`placeholder-${i}`} className="vrow placeholder" style={{ top: i * ROW_HEIGHT, gridTemplateColumns: template, minWidth }} aria-hidden="true">
          <div className="vcell" />
          <div className="vcell">
            <span className="skeleton" />
          </div>
          {columns.map((c) => (
            <div key={c.field} className="vcell">
              <span className="skeleton short" />
            </div>
          ))}
        </div>
      ),
    );
  }

  return (
    <div
      ref={scroller}
      className={data.loading ? 'vtable loading' : 'vtable'}
      role="grid"
      aria-rowcount={count + 1}
      aria-busy={data.loading}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="record-table"
      data-resource={resource.name}
    >
      <div className="vhead" role="row" style={{ gridTemplateColumns: template, minWidth }}>
        <div className="vcell check" role="columnheader">
          <input type="checkbox" checked={allSelected} onChange={onToggleAll} aria-label="Select all loaded rows" data-testid="select-all" />
        </div>
        <SortHeader label={titleLabel(resource)} field={resource.titleSortField} ordering={ordering} onSort={onSort} align="start" />
        {columns.map((c) => (
          <SortHeader
            key={c.field}
            label={c.label}
            field={c.sortKey}
            testKey={c.field}
            ordering={ordering}
            onSort={onSort}
            align={c.align}
            resizer={
              onResize && (
                <ColumnResizer
                  label={c.label}
                  width={c.width}
                  onDrag={(width) => setDragging({ field: c.field, width })}
                  onDone={(width) => {
                    setDragging(null);
                    onResize(c.field, width);
                  }}
                />
              )
            }
          />
        ))}
      </div>
      <div className="vbody" style={{ height: count * ROW_HEIGHT, minWidth }}>
        {rows}
      </div>
      {data.count === 0 && !data.loading && (
        <div className="vempty" data-testid="list-empty">
          {emptyMessage}
        </div>
      )}
    </div>
  );
}

function titleLabel(resource: ResourceDef): string {
  const first = resource.entity.titleFields[0] ?? 'name';
  if (first === 'first_name') return 'Name';
  return resource.fields[first]?.label ?? 'Name';
}
