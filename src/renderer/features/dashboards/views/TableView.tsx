import { formatCell } from '../number-format';

interface TableData {
  count: number;
  columns: { key: string; label: string }[];
  rows: Record<string, unknown>[];
}

export function TableView({ data }: { data: TableData }) {
  if (data.rows.length === 0) return <p className="muted widget-empty">No records match.</p>;
  return (
    <div className="table-view">
      <table>
        <thead>
          <tr>
            {data.columns.map((c) => (
              <th key={c.key} title={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, i) => (
            <tr key={String(r.id ?? i)}>
              {data.columns.map((c) => {
                const text = formatCell(r[c.key]);
                return (
                  <td key={c.key} title={text}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {data.count > data.rows.length && (
        <p className="muted table-more">
          {data.rows.length} of {data.count}
        </p>
      )}
    </div>
  );
}
