import { Icon } from '../../app/Icon';
import { sortDirection } from './list-query';

interface SortHeaderProps {
  label: string;
  field: string;
  ordering: string;
  onSort: (field: string) => void;
  align: 'start' | 'end';
}

export function SortHeader({ label, field, ordering, onSort, align }: SortHeaderProps) {
  const direction = sortDirection(ordering, field);
  return (
    <div
      className={align === 'end' ? 'vcell head align-end' : 'vcell head'}
      role="columnheader"
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <button type="button" className={direction ? 'sort-button sorted' : 'sort-button'} onClick={() => onSort(field)} data-testid={`sort-${field}`}>
        {label}
        <span className="sort-indicator">{direction && <Icon name={direction === 'asc' ? 'sortAsc' : 'sortDesc'} size={13} />}</span>
      </button>
    </div>
  );
}
