import type { StatementCache } from '../audit';

/** One item of the unified timeline before names are attached. */
export interface RawItem {
  key: string;
  ts: string;
  type: string;
  action: string;
  description: string;
  entityType: string | null;
  entityId: string | null;
  userId: string | null;
  changes?: string[];
  /** Text the description is built from once names are known (task titles, stages). */
  detail?: string | null;
}

/** Records the timeline is limited to, by model (an entity and its related records). */
export type Related = Partial<Record<'company' | 'contact' | 'lead' | 'opportunity' | 'task' | 'activity', string[]>>;

export interface SourceScope {
  start?: string;
  end?: string;
  cursor?: { ts: string; key: string };
  userId?: string;
  related?: Related;
  /** Only items of records of this model (entity_type without entity_id). */
  model?: string;
  activityKinds?: string[];
  /** Condition on audit_entries the caller's role adds (who sees what). */
  auditVisibility?: { sql: string; params: unknown[] } | null;
  now: string;
  limit: number;
}

type Part = { sql: string; params: unknown[] };

/**
 * The timeline's sources. Each reads at most `limit` items newest first through an index
 * (one query per link column rather than an OR, which SQLite would answer with a scan);
 * the engine merges them. Keys are `<prefix><id>` and break ties of equal timestamps.
 */
export class TimelineSources {
  constructor(private readonly statements: StatementCache) {}

  private run(table: string, select: string, column: string, keyExpr: string, conditions: Part[], scope: SourceScope): Record<string, unknown>[] {
    // Scoped to a few records, the link-column index must drive the query: `+column` keeps
    // SQLite from walking the whole time index to avoid a sort of a few dozen rows.
    const ts = scope.related ? `+${column}` : column;
    const where: Part[] = [...conditions, { sql: `${ts} IS NOT NULL`, params: [] }];
    if (scope.start) where.push({ sql: `${ts} >= ?`, params: [scope.start] });
    if (scope.end) where.push({ sql: `${ts} <= ?`, params: [scope.end] });
    if (scope.cursor) where.push({ sql: `${ts} <= ? AND (${ts} < ? OR ${keyExpr} < ?)`, params: [scope.cursor.ts, scope.cursor.ts, scope.cursor.key] });
    const sql = `SELECT ${select}, ${column} AS ts, ${keyExpr} AS key FROM ${table} WHERE ${where.map((w) => w.sql).join(' AND ')} ORDER BY ${ts} DESC, key DESC LIMIT ?`;
    // Cast, not a request input: better-sqlite3 types rows as unknown; a SELECT row is an object of its columns.
    return this.statements.get(sql).all(...where.flatMap((w) => w.params), scope.limit) as Record<string, unknown>[];
  }

  /** One query per (column, ids) pair of the scope, or one unscoped query. */
  private scoped(links: [string, string[] | undefined][], scope: SourceScope, query: (extra: Part[]) => Record<string, unknown>[]): Record<string, unknown>[] {
    if (!scope.related) return query([]);
    const out: Record<string, unknown>[] = [];
    for (const [column, ids] of links) {
      if (!ids || ids.length === 0) continue;
      out.push(...query([{ sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] }]));
    }
    return out;
  }

  activities(scope: SourceScope): RawItem[] {
    if (scope.model && scope.model !== 'activity') return [];
    const r = scope.related ?? {};
    const base: Part[] = [{ sql: 'deleted_at IS NULL', params: [] }];
    if (scope.userId) base.push({ sql: 'user = ?', params: [scope.userId] });
    if (scope.activityKinds) base.push({ sql: 'activity_type IN (SELECT value FROM json_each(?))', params: [JSON.stringify(scope.activityKinds)] });
    const links: [string, string[] | undefined][] = [
      ['id', r.activity],
      ['contact', r.contact],
      ['company', r.company],
      ['lead', r.lead],
      ['opportunity', r.opportunity],
    ];
    const select = 'id, activity_type, subject, user, lead, opportunity, contact, company';
    const rows = [
      ...this.scoped(links, scope, (extra) => this.run('activities', select, 'occurred_at', "'activity_' || id", [...base, ...extra], scope)),
      ...this.scoped(links, scope, (extra) =>
        this.run('activities', select, 'created_at', "'activity_' || id", [...base, { sql: 'occurred_at IS NULL', params: [] }, ...extra], scope),
      ),
    ];
    return rows.map((a) => {
      const [entityType, entityId] = firstLink(a);
      return {
        key: String(a.key),
        ts: String(a.ts),
        type: 'activity',
        action: String(a.activity_type),
        description: String(a.subject ?? ''),
        entityType,
        entityId,
        userId: (a.user as string | null) ?? null,
      };
    });
  }

  audit(scope: SourceScope): RawItem[] {
    // Reads are not events of a record's life; activities appear as themselves.
    const base: Part[] = [{ sql: "action != 'view' AND model != 'activity'", params: [] }];
    if (scope.auditVisibility) base.push(scope.auditVisibility);
    if (scope.userId) base.push({ sql: 'actor = ?', params: [scope.userId] });
    if (scope.model) base.push({ sql: 'model = ?', params: [scope.model] });
    const r = scope.related ?? {};
    const ids = scope.related ? [...(r.company ?? []), ...(r.contact ?? []), ...(r.lead ?? []), ...(r.opportunity ?? []), ...(r.task ?? [])] : undefined;
    const rows = this.scoped([['object_id', ids]], scope, (extra) =>
      this.run('audit_entries', 'id, action, model, object_id, actor, description, changes', 'at', "'audit_' || id", [...base, ...extra], scope),
    );
    return rows.map((e) => ({
      key: String(e.key),
      ts: String(e.ts),
      type: 'audit',
      action: String(e.action),
      description: String(e.description),
      entityType: String(e.model),
      entityId: (e.object_id as string | null) ?? null,
      userId: (e.actor as string | null) ?? null,
      changes: e.changes ? (JSON.parse(String(e.changes)) as string[]) : [],
    }));
  }

  tasks(scope: SourceScope): RawItem[] {
    if (scope.model && scope.model !== 'task') return [];
    const r = scope.related ?? {};
    const links: [string, string[] | undefined][] = [
      ['id', r.task],
      ['contact', r.contact],
      ['company', r.company],
      ['lead', r.lead],
      ['opportunity', r.opportunity],
    ];
    const live: Part = { sql: 'deleted_at IS NULL', params: [] };
    const by = (column: string): Part[] => (scope.userId ? [{ sql: `${column} = ?`, params: [scope.userId] }] : []);
    const select = 'id, title, created_by, assigned_to';
    const kinds: [string, string, Part[], string][] = [
      ['created', 'created_at', [live, ...by('created_by')], 'created_by'],
      ['completed', 'completed_at', [live, ...by('assigned_to')], 'assigned_to'],
      [
        'overdue',
        'due_date',
        [live, ...by('assigned_to'), { sql: "due_date < ? AND status IN ('pending', 'in_progress')", params: [scope.now] }],
        'assigned_to',
      ],
    ];
    const out: RawItem[] = [];
    for (const [action, ts, conditions, userColumn] of kinds) {
      const rows = this.scoped(links, scope, (extra) => this.run('tasks', select, ts, `'task_' || id || '_${action}'`, [...conditions, ...extra], scope));
      for (const t of rows) {
        out.push({
          key: String(t.key),
          ts: String(t.ts),
          type: 'task',
          action,
          description: `Task ${action}: ${String(t.title ?? '')}`,
          entityType: 'task',
          entityId: String(t.id),
          userId: (t[userColumn] as string | null) ?? null,
        });
      }
    }
    return out;
  }

  /** Campaign emails a contact was sent, opened, clicked, unsubscribed from or bounced (machine opens left out). */
  campaignEmails(scope: SourceScope): RawItem[] {
    if ((scope.model && scope.model !== 'contact') || scope.userId) return [];
    const verbs: Record<string, string> = { sent: 'sent', open: 'opened', click: 'clicked', unsubscribe: 'unsubscribed from', bounce: 'bounced' };
    const rows = this.scoped([['e.contact_id', scope.related?.contact]], scope, (extra) =>
      this.run(
        'email_events e JOIN email_campaigns c ON c.id = e.campaign_id',
        'e.contact_id, e.event, e.url, c.name',
        'e.at',
        "'email_' || e.id",
        [{ sql: 'e.machine = 0', params: [] }, ...extra],
        scope,
      ),
    );
    return rows.map((e) => ({
      key: String(e.key),
      ts: String(e.ts),
      type: 'email_campaign',
      action: String(e.event),
      description: `Campaign email "${String(e.name)}" ${verbs[String(e.event)] ?? String(e.event)}${e.event === 'click' && e.url ? `: ${String(e.url)}` : ''}`,
      entityType: 'contact',
      entityId: String(e.contact_id),
      userId: null,
    }));
  }

  /** Opportunity stage changes and lead conversions, from field history. */
  milestones(scope: SourceScope, wanted: { stages: boolean; conversions: boolean }): RawItem[] {
    const out: RawItem[] = [];
    const r = scope.related ?? {};
    const kinds: [boolean, string, string, string, string[] | undefined][] = [
      [wanted.stages && (!scope.model || scope.model === 'opportunity'), 'opportunity', 'stage', 'stage_change', r.opportunity],
      [wanted.conversions && (!scope.model || scope.model === 'lead'), 'lead', 'converted_at', 'lead_conversion', r.lead],
    ];
    for (const [on, model, field, type, ids] of kinds) {
      if (!on) continue;
      const base: Part[] = [{ sql: 'model = ? AND field_name = ?', params: [model, field] }];
      if (type === 'lead_conversion') base.push({ sql: "new_value IS NOT NULL AND new_value != 'null'", params: [] });
      if (scope.userId) base.push({ sql: 'actor = ?', params: [scope.userId] });
      const rows = this.scoped([['object_id', ids]], scope, (extra) =>
        this.run('field_history', 'id, object_id, actor, old_value, new_value', 'at', `'${type}_' || id`, [...base, ...extra], scope),
      );
      for (const f of rows) {
        out.push({
          key: String(f.key),
          ts: String(f.ts),
          type,
          action: type === 'stage_change' ? 'stage_change' : 'converted',
          description: '',
          detail: type === 'stage_change' ? `${String(f.old_value)}|${String(f.new_value)}` : null,
          entityType: model,
          entityId: String(f.object_id),
          userId: (f.actor as string | null) ?? null,
        });
      }
    }
    return out;
  }
}

function firstLink(a: Record<string, unknown>): [string | null, string | null] {
  for (const model of ['opportunity', 'lead', 'contact', 'company'] as const) {
    if (typeof a[model] === 'string') return [model, a[model] as string];
  }
  return ['activity', String(a.id)];
}
