import { useEffect, useState } from 'react';
import type { Page } from '../../api/api-client';
import { useApi } from '../../app/api-context';
import type { ApiRecord } from '../records/record-title';

interface CustomFieldDef {
  id: string;
  name: string;
  label: string;
  field_type: string;
  help_text?: string;
  options?: { value: string; label: string }[];
}

function display(def: CustomFieldDef, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const label = (v: unknown) => def.options?.find((o) => o.value === v)?.label ?? String(v);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return label(value);
}

/** The model's custom fields (admins define them) with this record's values. */
export function CustomFieldsPanel({ model, record }: { model: string; record: ApiRecord }) {
  const api = useApi();
  const [defs, setDefs] = useState<CustomFieldDef[] | undefined>();

  useEffect(() => {
    api
      .get<Page<CustomFieldDef>>('/custom-fields/', { query: { model, page_size: 100 } })
      .then((page) => setDefs(page.results))
      .catch(() => setDefs([]));
  }, [api, model]);

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
