import { formatNumber } from '../number-format';

interface Ranked {
  rank: number;
  user: { id: string; name: string };
  value: number;
  is_you: boolean;
}

export function LeaderboardView({ rows, prefix, suffix }: { rows: Ranked[]; prefix: string; suffix: string }) {
  if (rows.length === 0) return <p className="muted widget-empty">No one on the board yet for this period.</p>;
  const top = Math.max(...rows.map((r) => r.value), 1);
  return (
    <ol className="leaderboard-view">
      {rows.map((r) => (
        <li key={r.user.id} className={r.is_you ? 'you' : ''}>
          <span className="rank">{r.rank}</span>
          <span className="who">
            <span className="name">
              {r.user.name}
              {r.is_you ? ' (you)' : ''}
            </span>
            <span className="bar">
              <span style={{ width: `${(r.value / top) * 100}%` }} />
            </span>
          </span>
          <span className="value">{formatNumber(r.value, prefix, suffix)}</span>
        </li>
      ))}
    </ol>
  );
}
