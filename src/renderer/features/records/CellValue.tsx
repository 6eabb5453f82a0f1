import type { ColumnDef } from './record-resources';
import { formatMoney, formatValue } from './format-value';
import { StatusBadge } from './StatusBadge';
import type { ApiRecord } from './use-record-list';

export function CellValue({ column, record }: { column: ColumnDef; record: ApiRecord }) {
  const value = record[column.field];
  if (column.kind === 'enum' && typeof value === 'string' && value !== '') {
    return <StatusBadge value={value} />;
  }
  if (column.field === 'amount') {
    return <span className="numeric">{formatMoney(value, record[column.with ?? 'currency'])}</span>;
  }
  if (column.with) {
    const joined = [value, record[column.with]].filter((v) => v !== null && v !== undefined && v !== '').join(' ');
    return <span className="primary-text">{joined}</span>;
  }
  const text = formatValue(column.kind, value);
  if (column.field === 'probability' && text) return <span className="numeric">{text}%</span>;
  if (column.kind === 'int' || column.kind === 'decimal') return <span className="numeric">{text}</span>;
  return <>{text}</>;
}
