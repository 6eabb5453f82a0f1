import { Icon } from '../../app/Icon';
import { Popover } from '../../ui/Popover';
import { isCustomColumn } from './custom-columns';
import { columnChoices, type ResourceDef } from './record-resources';

interface ColumnPickerProps {
  resource: ResourceDef;
  columns: string[];
  onChange: (columns: string[]) => void;
}

/**
 * Which fields show as columns, built-in and custom, and in which order: a field switched on
 * joins the end; the arrows move a shown column left or right.
 */
export function ColumnPicker({ resource, columns, onChange }: ColumnPickerProps) {
  const choices = columnChoices(resource);
  const builtIn = choices.filter((c) => !isCustomColumn(c));
  const custom = choices.filter(isCustomColumn);
  const toggle = (field: string) => onChange(columns.includes(field) ? columns.filter((c) => c !== field) : [...columns, field]);
  const move = (field: string, by: -1 | 1) => {
    const at = columns.indexOf(field);
    const to = at + by;
    if (at < 0 || to < 0 || to >= columns.length) return;
    const next = [...columns];
    [next[at], next[to]] = [next[to], next[at]];
    onChange(next);
  };
  const row = (field: string) => {
    const label = resource.fields[field]?.label ?? field;
    const at = columns.indexOf(field);
    return (
      <div key={field} className="column-row">
        <label className="check-row">
          <input type="checkbox" checked={at >= 0} onChange={() => toggle(field)} data-testid={`column-${field}`} />
          {label}
        </label>
        {at >= 0 && (
          <span className="column-moves">
            <button
              type="button"
              className="icon-button small"
              disabled={at === 0}
              onClick={() => move(field, -1)}
              aria-label={`Move ${label} left`}
              data-testid={`column-left-${field}`}
            >
              ←
            </button>
            <button
              type="button"
              className="icon-button small"
              disabled={at === columns.length - 1}
              onClick={() => move(field, 1)}
              aria-label={`Move ${label} right`}
            >
              →
            </button>
          </span>
        )}
      </div>
    );
  };
  return (
    <Popover
      testId="column-picker"
      align="end"
      label={
        <>
          <Icon name="columns" size={15} /> Columns
        </>
      }
    >
      {() => (
        <div className="column-list" data-testid="column-list">
          <div className="popover-title">Show columns</div>
          {builtIn.map(row)}
          {custom.length > 0 && <div className="popover-subtitle">Custom fields</div>}
          {custom.map(row)}
          <button type="button" className="link-button" onClick={() => onChange(resource.defaultColumns)}>
            Reset to default
          </button>
        </div>
      )}
    </Popover>
  );
}
