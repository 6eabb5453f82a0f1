import { useCustomFieldDefs, type CustomFieldDef } from '../custom-fields/use-custom-field-defs';
import type { ApiRecord } from '../records/record-title';

function display(def: CustomFieldDef, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const label = (v: unknown) => def.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return label(value);
}

/** The model's custom fields (admins define them) with this record's values. */
export function CustomFieldsPanel({ model, record }: { model: string; record: ApiRecord }) {
  const defs = useCustomFieldDefs(model);

  if (!defs || defs.length === 0) return null;
  const values = (record.custom_fields ?? {}) as Record<string, unknown>;
  return (
    <section className="card detail-section" data-testid="custom-fields">
      <h3>Custom fields</h3>
      <dl className="field-list">
        {defs.map((d) => {
          const text = display(d, values[d.name]);
          return (
            <div key={d.id} className="field-item" title={d.help_text}>
              <dt>{d.label}</dt>
              <dd>{text || <span className="muted">—</span>}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
