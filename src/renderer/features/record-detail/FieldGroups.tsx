import { columnFor, type ResourceDef } from '../records/record-resources';
import { CellValue } from '../records/CellValue';
import type { ApiRecord } from '../records/record-title';
import { fieldGroups } from './field-groups';

/** Every field of the record, in labelled sections; empty values show a quiet dash. */
export function FieldGroups({ resource, record }: { resource: ResourceDef; record: ApiRecord }) {
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
              return (
                <div key={field} className="field-item">
                  <dt>{column.label}</dt>
                  <dd className={field === 'id' ? 'mono' : undefined} data-testid={`value-${field}`}>
                    {empty ? <span className="muted">—</span> : <CellValue column={column} record={record} resourceName={resource.name} />}
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
