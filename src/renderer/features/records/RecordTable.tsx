import { Icon } from '../../app/Icon';
import { CellValue } from './CellValue';
import { sortDirection } from './list-query';
import type { ResourceDef } from './record-resources';
import type { ApiRecord } from './use-record-list';

interface RecordTableProps {
  resource: ResourceDef;
  records: ApiRecord[];
  ordering: string;
  loading: boolean;
  onSort: (field: string) => void;
}

export function RecordTable({ resource, records, ordering, loading, onSort }: RecordTableProps) {
  return (
    <div className={loading ? 'table-wrap loading' : 'table-wrap'} aria-busy={loading}>
      <table className="record-table" data-testid="record-table" data-resource={resource.name}>
        <thead>
          <tr>
            {resource.columns.map((column) => {
              const direction = sortDirection(ordering, column.field);
              return (
                <th
                  key={column.field}
                  className={column.align === 'end' ? 'align-end' : undefined}
                  aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
                >
                  <button
                    type="button"
                    className={direction ? 'sort-button sorted' : 'sort-button'}
                    onClick={() => onSort(column.field)}
                    data-testid={`sort-${column.field}`}
                  >
                    {column.label}
                    <span className="sort-indicator">
                      {direction && <Icon name={direction === 'asc' ? 'sortAsc' : 'sortDesc'} size={13} />}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id} data-testid="record-row" data-id={record.id}>
              {resource.columns.map((column) => (
                <td key={column.field} className={column.align === 'end' ? 'align-end' : undefined}>
                  <CellValue column={column} record={record} />
                </td>
              ))}
            </tr>
          ))}
          {records.length === 0 && !loading && (
            <tr className="empty-row">
              <td colSpan={resource.columns.length}>No {resource.name} match this view.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
