interface Item {
  id: string;
  type: string;
  description: string;
  entity_type: string | null;
  entity_id: string | null;
  user: { name: string | null } | null;
  timestamp: string;
}

const RESOURCE: Record<string, string> = {
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
  opportunity: 'opportunities',
  task: 'tasks',
  activity: 'activities',
};

function ago(iso: string): string {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h ago`;
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function TimelineView({ items }: { items: Item[] }) {
  if (items.length === 0) return <p className="muted widget-empty">Nothing has happened yet.</p>;
  return (
    <ul className="timeline-view">
      {items.map((i) => (
        <li key={i.id}>
          <span className={`dot ${i.type}`} />
          <span className="text">
            {i.entity_type && i.entity_id && RESOURCE[i.entity_type] ? (
              <a href={`#/${RESOURCE[i.entity_type]}/${i.entity_id}`}>{i.description}</a>
            ) : (
              i.description
            )}
            <span className="muted">
              {' '}
              · {i.user?.name ?? 'System'} · {ago(i.timestamp)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
