import { entityByName } from '../../../shared/entities/entities';
import { allFields } from '../../../shared/entities/field-def';

import type { EntityTimelineItem, TimelineItem as FeedItem } from '../../../shared/contract/timeline-types';

/** An item of a record's timeline (`timeline.entity`) or of a feed (`timeline.list`): the contract's two shapes. */
export type TimelineItem = EntityTimelineItem | FeedItem;

export type { FieldChange } from '../../../shared/contract/api-types';

/** The kinds a person filters the timeline by, and the API's item types behind each. */
export const TIMELINE_KINDS = [
  { id: 'all', label: 'All', types: '' },
  { id: 'activities', label: 'Activities', types: 'activity' },
  { id: 'changes', label: 'Changes', types: 'audit,stage_change,lead_conversion' },
  { id: 'tasks', label: 'Tasks', types: 'task' },
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number]['id'];

export function authorOf(item: TimelineItem): string {
  const u = item.user;
  if (!u) return 'System';
  return typeof u === 'string' ? u : (u.name ?? u.email ?? 'Someone');
}

/** A field's label on an entity (custom fields by their key's name), never the raw column name alone. */
export function fieldLabel(entity: string | null | undefined, field: string): string {
  const def = entity ? entityByName(entity) : undefined;
  const known = def ? allFields(def)[field] : undefined;
  if (known) return known.label;
  const bare = field.replace(/^custom_fields\./, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1).replace(/_/g, ' ');
}

/**
 * Each change once. A stage move is written both as an audit update naming `stage` and as a
 * stage_change item; a logged activity or task both as its own item and as the audit entry
 * of its creation. The audit update keeps the stage (it has the values); the item keeps the rest.
 */
export function dedupe(items: TimelineItem[]): TimelineItem[] {
  const ownItems = new Set(items.filter((i) => i.type === 'activity' || i.type === 'task').map((i) => i.id));
  const stageAudits = new Set(items.filter((i) => i.type === 'audit' && i.changes?.includes('stage')).map((i) => `${i.entity_id}@${i.timestamp}`));
  const seen = new Set<string>();
  return items.filter((i) => {
    if (seen.has(i.id)) return false;
    seen.add(i.id);
    if (
      i.type === 'audit' &&
      i.action === 'create' &&
      (i.entity_type === 'activity' || i.entity_type === 'task') &&
      ownItems.has(`${i.entity_type}_${i.entity_id}`)
    )
      return false;
    if (i.type === 'stage_change' && stageAudits.has(`${i.entity_id}@${i.timestamp}`)) return false;
    return true;
  });
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function dayKey(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the full date, in the person's time zone. */
export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (dayKey(d) === dayKey(now)) return 'Today';
  if (dayKey(d) === dayKey(yesterday)) return 'Yesterday';
  return dayFormat.format(d);
}

export function timeOfDay(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** Items (newest first) in runs of the same local day. */
export function groupByDay<T extends { timestamp: string }>(items: T[]): { day: string; items: T[] }[] {
  const groups: { day: string; items: T[] }[] = [];
  for (const item of items) {
    const day = dayLabel(item.timestamp);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}
