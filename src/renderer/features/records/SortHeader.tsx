import type { ReactNode } from 'react';
import { Icon } from '../../app/Icon';
import { sortDirection } from './list-query';

interface SortHeaderProps {
  label: string;
  /** The `ordering` name; null: the list cannot sort by this column. */
  field: string | null;
  /** Names the header in tests when it differs from the ordering name. */
  testKey?: string;
  ordering: string;
  onSort: (field: string) => void;
  align: 'start' | 'end';
  /** A width grip (ColumnResizer) on the header's right edge. */
  resizer?: ReactNode;
}

export function SortHeader({ label, field, testKey, ordering, onSort, align, resizer }: SortHeaderProps) {
  const direction = field === null ? undefined : sortDirection(ordering, field);
  if (field === null) {
    return (
      <div className={align === 'end' ? 'vcell head align-end' : 'vcell head'} role="columnheader" aria-sort="none">
        <span className="sort-button static" data-testid={`header-${testKey ?? label}`} title="This column cannot be sorted">
          {label}
        </span>
        {resizer}
      </div>
    );
  }
  return (
    <div
      className={align === 'end' ? 'vcell head align-end' : 'vcell head'}
      role="columnheader"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <button type="button" className={direction ? 'sort-button sorted' : 'sort-button'} onClick={() => onSort(field)} data-testid={`sort-${testKey ?? field}`}>
        {label}
        <span className="sort-indicator">{direction && <Icon name={direction === 'asc' ? 'sortAsc' : 'sortDesc'} size={13} />}</span>
      </button>
      {resizer}
    </div>
  );
}
