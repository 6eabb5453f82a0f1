import { authorOf, fieldLabel, timeOfDay, type FieldChange, type TimelineItem } from './timeline-items';

interface Props {
  item: TimelineItem;
  /** The record whose page this is: its own changes need no "on <name>". */
  ownEntity: string;
  ownId: string;
  /** The field values of an audit update, when the field history has them. */
  changes?: FieldChange[];
}

const ACTION_WORDS: Record<string, string> = { create: 'Created', update: 'Changed', delete: 'Deleted', restore: 'Restored' };
const KIND_LABELS: Record<string, string> = { activity: 'Activity', task: 'Task', audit: 'Change', stage_change: 'Stage', lead_conversion: 'Conversion' };

function headline(item: TimelineItem, own: boolean): string {
  if (item.type !== 'audit') return item.description;
  const what = own ? (item.entity_type ?? 'record') : `${item.entity_type ?? 'record'} ${item.entity_name ?? ''}`.trim();
  return `${ACTION_WORDS[item.action ?? ''] ?? item.description} ${what}`;
}

/** One line of the timeline: what happened, who and when, and for a change each field's old -> new. */
export function TimelineEntry({ item, ownEntity, ownId, changes }: Props) {
  const own = item.entity_type === ownEntity && item.entity_id === ownId;
  const fields = item.type === 'audit' && item.action === 'update' ? (item.changes ?? []) : [];
  const byField = new Map((changes ?? []).map((c) => [c.field_name, c]));
  return (
    <li className={`timeline-item ${item.type}`} data-testid="timeline-item" data-type={item.type}>
      <span className="timeline-dot" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-text">
          <span className="timeline-kind">
            {item.type === 'activity' && item.action ? item.action.replace(/_/g, ' ') : (KIND_LABELS[item.type] ?? item.type)}
          </span>
          {headline(item, own)}
        </div>
        {fields.length > 0 && (
          <ul className="timeline-changes">
            {fields.map((f) => {
              const c = byField.get(f);
              return (
                <li key={f} data-testid="timeline-change" data-field={f}>
                  <span className="change-field">{c?.field_label ?? fieldLabel(item.entity_type, f)}</span>
                  {c && (
                    <>
                      {': '}
                      <span className="change-old">{c.old_value_display}</span>
                      <span aria-label="changed to"> → </span>
                      <span className="change-new">{c.new_value_display}</span>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <div className="muted small">
          <time dateTime={item.timestamp}>{timeOfDay(item.timestamp)}</time> · {authorOf(item)}
        </div>
      </div>
    </li>
  );
}
