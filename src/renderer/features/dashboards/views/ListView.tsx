import { formatCell } from '../number-format';

interface ListItem {
  id: string;
  entity: string | null;
  record_id?: string | null;
  title: string;
  subtitle: string;
}

const RESOURCE: Record<string, string> = {
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
  opportunity: 'opportunities',
  task: 'tasks',
  activity: 'activities',
};

export function ListView({ data }: { data: { count: number; items: ListItem[] } }) {
  if (data.items.length === 0) return <p className="muted widget-empty">Nothing to show. All clear.</p>;
  return (
    <ul className="list-view">
      {data.items.map((i) => {
        const resource = i.entity ? RESOURCE[i.entity] : undefined;
        const id = i.record_id ?? i.id;
        return (
          <li key={i.id}>
            {resource ? <a href={`#/${resource}/${id}`}>{i.title}</a> : <span>{i.title}</span>}
            {i.subtitle && <span className="muted">{i.subtitle.split(' · ').map(formatCell).join(' · ')}</span>}
          </li>
        );
      })}
      {data.count > data.items.length && <li className="muted">and {data.count - data.items.length} more</li>}
    </ul>
  );
}
