import { columnFor, type ResourceDef } from '../records/record-resources';
import { CellValue } from '../records/CellValue';
import type { ApiRecord } from '../records/record-title';
import { editableFields } from '../record-form/form-values';
import { InlineField } from '../record-actions/InlineField';
import { fieldGroups } from './field-groups';

interface Props {
  resource: ResourceDef;
  record: ApiRecord;
  /** Without it (a deleted record, a read-only role) the fields are shown only. */
  onSaved?: (record: ApiRecord) => void;
}

/** Every field of the record, in labelled sections; empty values show a quiet dash; editable ones edit in place. */
export function FieldGroups({ resource, record, onSaved }: Props) {
  const editable = new Map(editableFields(resource.entity.fields));
  return (
    <>
      {fieldGroups(resource).map((group) => (
        <section key={group.title} className="card detail-section" data-testid={`group-${group.title.toLowerCase()}`}>
          <h3>{group.title}</h3>
          <dl className={group.title === 'Notes' ? 'field-list single' : 'field-list'}>
            {group.fields.map((field) => {
              const value = record[field];
              const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
              const column = field === 'id' ? { ...columnFor(resource, field), label: 'ID' } : columnFor(resource, field);
              const shown = empty ? <span className="muted">—</span> : <CellValue column={column} record={record} resourceName={resource.name} />;
              const def = editable.get(field);
              return (
                <div key={field} className="field-item">
                  <dt>{column.label}</dt>
                  <dd className={field === 'id' ? 'mono' : undefined} data-testid={`value-${field}`}>
                    {def && onSaved ? (
                      <InlineField resource={resource} record={record} field={field} def={def} onSaved={onSaved}>
                        {shown}
                      </InlineField>
                    ) : (
                      shown
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}
