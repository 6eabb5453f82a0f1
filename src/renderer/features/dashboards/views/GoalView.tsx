import { formatNumber } from '../number-format';

export function GoalView({
  data,
  prefix,
  suffix,
}: {
  data: { target: number; current: number; percent: number; period: string | null };
  prefix: string;
  suffix: string;
}) {
  const width = Math.min(100, Math.max(0, data.percent));
  return (
    <div className="goal-view">
      <div className="goal-figures">
        <span className="metric-value">{formatNumber(data.current, prefix, suffix)}</span>
        <span className="muted">of {formatNumber(data.target, prefix, suffix)}</span>
      </div>
      <div className="goal-bar" role="progressbar" aria-valuenow={data.percent} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${width}%` }} className={data.percent >= 100 ? 'done' : ''} />
      </div>
      <span className="muted">
        {formatNumber(data.percent)}% reached{data.period ? ` · ${data.period.replace(/_/g, ' ')}` : ''}
      </span>
    </div>
  );
}
