import type { FormValues } from '../record-form/form-values';
import { toFormValue } from '../record-form/form-values';
import type { ResourceDef } from '../records/record-resources';
import { briefId, briefLabel, recordTitle, type ApiRecord } from '../records/record-title';

const LINKS = ['company', 'contact', 'lead', 'opportunity'] as const;

/**
 * The records an activity or task started from this page links to: the record itself, and
 * the company, contact, lead and deal it already points at.
 */
export function quickLinks(resource: ResourceDef, record: ApiRecord): FormValues {
  const out: FormValues = {};
  for (const link of LINKS) {
    const id = briefId(record[link]);
    if (id) out[link] = { id, label: briefLabel(record[link]) };
  }
  const own = resource.entity.name;
  if ((LINKS as readonly string[]).includes(own)) out[own] = { id: record.id, label: recordTitle(resource, record) };
  return out;
}

export type QuickKind = 'call' | 'meeting' | 'note' | 'task';

const SUBJECTS: Record<QuickKind, string> = { call: 'Call with', meeting: 'Meeting with', note: 'Note on', task: 'Follow up with' };

/** A sensible due moment for a new task: later today during working hours, else tomorrow morning. */
function nextWorkingMoment(now = new Date()): string {
  const due = new Date(now);
  if (now.getHours() < 16) due.setHours(now.getHours() + 1, 0, 0, 0);
  else {
    due.setDate(now.getDate() + 1);
    due.setHours(9, 0, 0, 0);
  }
  return due.toISOString();
}

/** A quick action's starting values: the kind, a subject naming the record, now, and the links. */
export function quickInitial(kind: QuickKind, resource: ResourceDef, record: ApiRecord): FormValues {
  const name = recordTitle(resource, record);
  const links = quickLinks(resource, record);
  if (kind === 'task') {
    return { ...links, title: `${SUBJECTS.task} ${name}`, due_date: toFormValue({ kind: 'datetime', label: 'Due' }, nextWorkingMoment()) };
  }
  return { ...links, activity_type: kind, subject: `${SUBJECTS[kind]} ${name}` };
}
