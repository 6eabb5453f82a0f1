import { recordHref } from '../../app/hash-route';
import type { ColumnDef } from './record-resources';
import { resourceOfEntity, RESOURCES } from './record-resources';
import { formatMoney, formatValue } from './format-value';
import { briefId } from './record-title';
import { StatusBadge } from './StatusBadge';
import { columnValue } from './custom-columns';

const MONEY_FIELDS = new Set(['amount', 'estimated_value', 'annual_revenue', 'weighted_amount']);

export function CellValue({ column, record, resourceName }: { column: ColumnDef; record: Record<string, unknown>; resourceName?: string }) {
  const value = columnValue(record, column.field);
  const labels = column.optionLabels;
  if (labels && column.kind === 'enum' && typeof value === 'string' && value !== '') return <span className="badge badge-label">{labels[value] ?? value}</span>;
  if (labels && column.kind === 'tags' && Array.isArray(value)) return <>{value.map((v) => labels[String(v)] ?? String(v)).join(', ')}</>;
  if (column.kind === 'enum' && typeof value === 'string' && value !== '') return <StatusBadge value={value} />;
  if (MONEY_FIELDS.has(column.field)) return <span className="numeric">{formatMoney(value, record.currency)}</span>;
  if (column.kind === 'tags' && Array.isArray(value)) {
    return (
      <span className="tag-list">
        {value.map((t) => (
          <span key={String(t)} className="tag">
            {String(t)}
          </span>
        ))}
      </span>
    );
  }
  const text = formatValue(column.kind, value);
  if (column.kind === 'ref') {
    const target = resourceOfEntity(refTarget(column.field, resourceName));
    const id = briefId(value);
    if (target && id)
      return (
        <a href={recordHref(target.name, id)} onClick={(e) => e.stopPropagation()}>
          {text}
        </a>
      );
    return <>{text}</>;
  }
  if (column.field === 'probability' && text) return <span className="numeric">{text}%</span>;
  if (column.kind === 'int' || column.kind === 'decimal') return <span className="numeric">{text}</span>;
  if (column.kind === 'email' && text) {
    return (
      <a className="email-text" href={`mailto:${text}`} onClick={(e) => e.stopPropagation()} data-testid="mailto">
        {text}
      </a>
    );
  }
  if (column.kind === 'phone' && text) {
    return (
      <a href={`tel:${text.replace(/[^\d+]/g, '')}`} onClick={(e) => e.stopPropagation()} data-testid="tel">
        {text}
      </a>
    );
  }
  if (column.kind === 'url' && text) {
    return (
      <a href={/^https?:\/\//i.test(text) ? text : `https://${text}`} target="_blank" rel="noreferrer noopener" onClick={(e) => e.stopPropagation()}>
        {text}
      </a>
    );
  }
  return <>{text}</>;
}

function refTarget(field: string, resourceName?: string): string {
  const resource = resourceName ? RESOURCES[resourceName as keyof typeof RESOURCES] : undefined;
  return resource?.fields[field]?.ref ?? 'user';
}
