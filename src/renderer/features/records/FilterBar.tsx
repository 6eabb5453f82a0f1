import { Icon } from '../../app/Icon';
import { Popover } from '../../ui/Popover';
import { AddFilterForm } from './AddFilterForm';
import { describeFilter, parseFilterKey } from './filter-lookups';
import { RefChipValue } from './RefChipValue';
import { DELETED_FILTER, type Filter } from './list-query';
import type { ResourceDef } from './record-resources';

interface FilterBarProps {
  resource: ResourceDef;
  filters: Filter[];
  onChange: (filters: Filter[]) => void;
}

/** One chip per API filter parameter; the chip text reads like the query it sends. */
export function FilterBar({ resource, filters, onChange }: FilterBarProps) {
  const shown = filters.filter((f) => f.key !== DELETED_FILTER);
  return (
    <div className="filter-bar" data-testid="filter-bar">
      {shown.map((f) => {
        const d = describeFilter(resource, f.key, f.value);
        const def = resource.fields[parseFilterKey(f.key).field];
        const shown = def?.kind === 'ref' ? <RefChipValue target={def.ref ?? 'user'} value={f.value} /> : d.value;
        return (
          <span key={f.key} className="filter-chip" data-testid="filter-chip" title={`API parameter ${f.key}`}>
            <span className="chip-field">{d.field}</span> {d.op} {d.value && <strong>{shown}</strong>}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove filter ${d.field}`}
              onClick={() => onChange(filters.filter((x) => x.key !== f.key))}
            >
              ×
            </button>
          </span>
        );
      })}
      <Popover
        testId="add-filter"
        buttonClass="button ghost small dashed"
        label={
          <>
            <Icon name="filter" size={14} /> Filter
          </>
        }
      >
        {(close) => (
          <AddFilterForm
            resource={resource}
            onAdd={(key, value) => {
              onChange([...filters.filter((x) => x.key !== key), { key, value }]);
              close();
            }}
          />
        )}
      </Popover>
      {shown.length > 1 && (
        <button type="button" className="link-button" onClick={() => onChange(filters.filter((f) => f.key === DELETED_FILTER))}>
          Clear filters
        </button>
      )}
    </div>
  );
}
