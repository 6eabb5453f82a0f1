import { Icon } from '../../app/Icon';
import { Popover } from '../../ui/Popover';
import { columnChoices, type ResourceDef } from './record-resources';

/** Which fields show as columns; order follows the entity's field order. */
export function ColumnPicker({ resource, columns, onChange }: { resource: ResourceDef; columns: string[]; onChange: (columns: string[]) => void }) {
  const choices = columnChoices(resource);
  const toggle = (field: string) => {
    const next = columns.includes(field) ? columns.filter((c) => c !== field) : [...columns, field];
    onChange(choices.filter((c) => next.includes(c)));
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
          {choices.map((field) => (
            <label key={field} className="check-row">
              <input type="checkbox" checked={columns.includes(field)} onChange={() => toggle(field)} data-testid={`column-${field}`} />
              {resource.fields[field]?.label ?? field}
            </label>
          ))}
          <button type="button" className="link-button" onClick={() => onChange(resource.defaultColumns)}>
            Reset to default
          </button>
        </div>
      )}
    </Popover>
  );
}
