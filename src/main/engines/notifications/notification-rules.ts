import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { RecordChange } from '../records';
import type { NotificationDraft } from './notification-store';
import type { UserDirectory } from './user-directory';

const ASSIGNABLE = new Set(['lead', 'task', 'opportunity', 'contact', 'company']);
const ASSIGN_FIELDS = ['assigned_to', 'owner'];
/** Text fields where `@username` mentions a teammate. */
const MENTION_FIELDS: Record<string, string[]> = {
  activity: ['subject', 'body'],
  lead: ['notes'],
  contact: ['notes'],
  opportunity: ['notes'],
};
const MENTION = /(^|[^\w@.])@([\w.+-]{1,150})/g;
const STAGE_LABELS: Record<string, string> = {
  prospecting: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Closed won',
  closed_lost: 'Closed lost',
};

export function recordTitle(entity: EntityDef, values: Record<string, unknown>): string {
  const parts = entity.titleFields.map((f) => values[f]).filter((v) => typeof v === 'string' && v.trim() !== '');
  const title = parts.join(' ').trim() || String(values.email ?? values.id ?? '');
  return title.length > 120 ? `${title.slice(0, 117)}...` : title;
}

export function recordUrl(entity: EntityDef, id: string): string {
  return `/${entity.resource}/${id}`;
}

/** Usernames mentioned in a text (`@bob`, `@bob.smith`; a trailing full stop is punctuation). */
export function mentionedNames(text: unknown): string[] {
  if (typeof text !== 'string' || !text.includes('@')) return [];
  const names = new Set<string>();
  for (const m of text.matchAll(MENTION)) names.add(m[2]);
  return [...names];
}

/**
 * What a change means for people other than its author: assignments, mentions, deal moves.
 * Imports notify nobody row by row (50k "lead assigned" rows help no one; a summary is the
 * importer's to send).
 */
export function draftsForChange(change: RecordChange, users: UserDirectory): NotificationDraft[] {
  const entity = entityByName(change.entity);
  if (!entity || change.origin === 'import' || change.action === 'delete' || change.action === 'restore') return [];
  const base = { entity: entity.name, recordId: change.id, url: recordUrl(entity, change.id), actorId: change.actor };
  const title = recordTitle(entity, change.after);
  const label = entity.label.toLowerCase();
  const out: NotificationDraft[] = [];
  // The draft is built only for someone to tell: most writes tell nobody (the writer is the owner), and naming the writer reads their user row.
  const notify = (userId: unknown, draft: () => Omit<NotificationDraft, 'userId' | keyof typeof base>) => {
    if (typeof userId !== 'string' || userId === '' || userId === change.actor) return;
    const built = draft();
    if (out.some((d) => d.userId === userId && d.cause === built.cause)) return;
    out.push({ ...base, ...built, userId });
  };
  let writer: string | undefined;
  const who = () => (writer ??= users.displayName(change.actor));

  if (ASSIGNABLE.has(entity.name)) {
    for (const field of ASSIGN_FIELDS) {
      const next = change.changes[field]?.new;
      notify(next, () => ({
        cause: `assignment|${entity.name}|${change.id}|${change.at}`,
        type: 'assignment',
        title: `New ${label} assigned: ${title}`,
        message: `${who()} assigned the ${label} "${title}" to you.`,
      }));
    }
  }

  if (entity.name === 'opportunity' && change.action === 'update' && change.changes.stage) {
    const stage = String(change.changes.stage.new ?? '');
    const heading = stage === 'closed_won' ? 'Deal won' : stage === 'closed_lost' ? 'Deal lost' : `Deal moved to ${STAGE_LABELS[stage] ?? stage}`;
    for (const person of [change.after.owner, change.after.assigned_to]) {
      notify(person, () => ({
        cause: `stage|${change.id}|${change.at}|${stage}`,
        type: 'update',
        title: `${heading}: ${title}`,
        message: `${who()} moved "${title}" from ${STAGE_LABELS[String(change.changes.stage.old)] ?? 'no stage'} to ${STAGE_LABELS[stage] ?? stage}.`,
      }));
    }
  }

  for (const field of MENTION_FIELDS[entity.name] ?? []) {
    const diff = change.changes[field];
    if (!diff) continue;
    const before = new Set(mentionedNames(diff.old).map((n) => n.toLowerCase()));
    for (const name of mentionedNames(diff.new)) {
      if (before.has(name.toLowerCase())) continue;
      const userId = users.idByUsername(name) ?? users.idByUsername(name.replace(/[.+-]+$/, ''));
      notify(userId, () => ({
        cause: `mention|${entity.name}|${change.id}|${change.at}`,
        type: 'mention',
        title: `${who()} mentioned you in ${label} "${title}"`,
        message: excerpt(String(diff.new), name),
      }));
    }
  }
  return out;
}

function excerpt(text: string, name: string): string {
  const at = text.toLowerCase().indexOf(`@${name.toLowerCase()}`);
  const start = Math.max(0, at - 80);
  const slice = text
    .slice(start, start + 200)
    .replace(/\s+/g, ' ')
    .trim();
  return `${start > 0 ? '...' : ''}${slice}${start + 200 < text.length ? '...' : ''}`;
}

/** What an import reports when it ends, as the engine that ran it describes it. */
export interface FinishedImport {
  id: string;
  user_id: string;
  model: string;
  status: string;
  created: number;
  updated: number;
  skipped: number;
}

/** A `system` notification for the person who started an import: it ran in the background. */
export function importFinishedDraft(i: FinishedImport): NotificationDraft {
  const done = i.status === 'completed';
  return {
    cause: `import:${i.id}:${i.status}`,
    userId: i.user_id,
    type: 'system',
    title: done ? `Import of ${i.model} records finished` : `Import of ${i.model} records failed`,
    message: done
      ? `${i.created} created, ${i.updated} updated, ${i.skipped} skipped.`
      : 'The import stopped; what it wrote can be undone from the Import screen.',
    url: '#/import',
    entity: null,
    recordId: null,
    actorId: i.user_id,
  };
}
