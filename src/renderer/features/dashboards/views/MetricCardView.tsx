import { formatNumber } from '../number-format';

interface MetricData {
  value: number;
  trend: string | null;
  comparison: string | null;
}

export function MetricCardView({ data, prefix, suffix }: { data: MetricData; prefix: string; suffix: string }) {
  const direction = data.trend?.startsWith('+') ? 'up' : data.trend?.startsWith('-') ? 'down' : 'flat';
  return (
    <div className="metric-view">
      <span className="metric-value" data-testid="metric-value">
        {formatNumber(data.value, prefix, suffix)}
      </span>
      {data.comparison && (
        <span className="metric-trend">
          {data.trend && (
            <span className={`trend ${direction}`}>
              {direction === 'up' ? '▲' : direction === 'down' ? '▼' : ''} {data.trend}
            </span>
          )}
          <span className="muted">{data.trend ? data.comparison : `nothing to compare ${data.comparison}`}</span>
        </span>
      )}
    </div>
  );
}
