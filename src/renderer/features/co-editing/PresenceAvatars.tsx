import type { PresenceUser } from '../../../shared/co-editing/doc-channel';
import './co-editing.css';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** Who else has this record open: one avatar per person, in their colour. */
export function PresenceAvatars({ others }: { others: PresenceUser[] }) {
  if (others.length === 0) return null;
  const names = others.map((u) => u.name).join(', ');
  return (
    <div className="presence" data-testid="presence" aria-label={`Also viewing: ${names}`} role="group">
      {others.slice(0, 5).map((u) => (
        <span
          key={u.id}
          className="presence-avatar"
          style={{ background: u.color }}
          title={`${u.name} is viewing`}
          data-testid="presence-avatar"
          data-user-id={u.id}
        >
          {initials(u.name)}
        </span>
      ))}
      {others.length > 5 && <span className="presence-avatar more">+{others.length - 5}</span>}
      <span className="presence-label muted">{others.length === 1 ? `${others[0].name} is here` : `${others.length} others here`}</span>
    </div>
  );
}
