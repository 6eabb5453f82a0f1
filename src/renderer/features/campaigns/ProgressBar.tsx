export function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <div
      className="campaign-progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
      aria-label="Sending progress"
      data-testid="campaign-progress"
    >
      <div className="campaign-progress-fill" style={{ width: `${pct}%` }} />
      <span className="campaign-progress-label">
        {done} / {total} ({pct}%)
      </span>
    </div>
  );
}
