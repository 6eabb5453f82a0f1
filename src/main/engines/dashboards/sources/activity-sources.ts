import { ACTIVITY_TYPES } from '../../../../shared/entities/enums';
import { PERIODS } from '../periods';
import { ITEM_TYPES, TIMELINE_ENTITIES } from '../../timeline';
import type { DataSource } from './source-types';
import type { SourceDeps } from './source-deps';
import { SCOPE_PARAMS, refiled } from './record-scope';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The unified timeline (activities, tasks, stage changes, audit entries) as its viewer may see it. */
export function timelineSource(deps: SourceDeps): DataSource {
  return {
    name: 'timeline',
    label: 'Recent activity',
    description: 'The newest timeline items: activities, tasks, stage changes, conversions and changes the viewer may see.',
    widgetTypes: ['timeline', 'list'],
    params: {
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'How many items' },
      activity_types: { type: 'string_list', options: [...ITEM_TYPES, ...ACTIVITY_TYPES], description: 'Only these item or activity types' },
      entity_type: { type: 'enum', options: TIMELINE_ENTITIES, description: 'Only items about this kind of record' },
      user: { type: 'string', description: "Only this user's items; `me` is the viewer" },
      period: { type: 'period', options: PERIODS, description: 'Only items in this period' },
    },
    entities: () => [...TIMELINE_ENTITIES],
    // The audit entries a viewer may see depend on who they are.
    dependsOn: () => 'user',
    read: ({ params: p, viewer, now, widgetType }) => {
      const period = deps.scopes.resolve(p, viewer, now);
      const q: Record<string, string> = { limit: String(p.limit ?? 10) };
      if (Array.isArray(p.activity_types)) q.activity_types = (p.activity_types as string[]).join(',');
      if (p.entity_type) q.entity_type = String(p.entity_type);
      if (p.user) q.user_id = p.user === 'me' ? viewer.id : String(p.user);
      if (period) Object.assign(q, { start_date: period.start, end_date: period.end });
      const page = refiled(() => deps.timeline.query({ id: viewer.id, role: viewer.role as never, username: '', email: '', full_name: '', via: 'jwt' }, q));
      if (widgetType === 'list') {
        return {
          count: page.items.length,
          items: page.items.map((i) => ({
            id: i.id,
            entity: i.entity_type,
            record_id: i.entity_id,
            title: i.description,
            subtitle: [i.user?.name, i.timestamp.slice(0, 16).replace('T', ' ')].filter(Boolean).join(' · '),
          })),
        };
      }
      return { items: page.items };
    },
  };
}

/** How records spread over the week: a 7 x 24 matrix of counts by weekday and hour, in the viewer's zone. */
export function heatmapSource(deps: SourceDeps): DataSource {
  return {
    name: 'records_heatmap',
    label: 'Weekday and hour heatmap',
    description: 'Counts of records by weekday and hour of a datetime field (when calls happen, when leads arrive).',
    widgetTypes: ['heatmap'],
    params: { ...SCOPE_PARAMS, date_field: { type: 'field', description: 'A datetime field (default: created_at)' } },
    entities: (p) => [String(p.entity)],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => {
      deps.scopes.check(p, viewer, errors);
      if (errors['query_params.entity'] || typeof p.entity !== 'string' || p.date_field === undefined) return;
      const f = deps.scopes.fields(deps.scopes.scope(p, viewer, new Date(), null).entity, viewer)[String(p.date_field)];
      if (f && f.def.kind !== 'datetime') errors['query_params.date_field'] = ['A datetime field: a date has no hour.'];
    },
    read: ({ params: p, viewer, now }) => {
      const period = deps.scopes.resolve(p, viewer, now);
      const scope = deps.scopes.scope(p, viewer, now, period);
      const expr = scope.fields[String(p.date_field ?? 'created_at')].expr;
      // One offset for the whole range (the zone's at its start): a DST change inside it moves an hour of data by one cell.
      const offset = period?.offsetMinutes ?? 0;
      const shifted = `${expr}, '${offset >= 0 ? '+' : ''}${offset} minutes'`;
      const rows = deps.statements
        .get(
          `SELECT (cast(strftime('%w', ${shifted}) AS integer) + 6) % 7 AS d, cast(strftime('%H', ${shifted}) AS integer) AS h, count(*) AS n
         FROM ${scope.entity.table} t ${scope.sql} AND ${expr} IS NOT NULL GROUP BY 1, 2`,
        )
        .all(...scope.params) as { d: number; h: number; n: number }[];
      const matrix = WEEKDAYS.map(() => new Array<number>(24).fill(0));
      let max = 0;
      for (const r of rows) {
        matrix[r.d][r.h] = r.n;
        max = Math.max(max, r.n);
      }
      return { x_labels: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), y_labels: WEEKDAYS, matrix, max, period: period?.period ?? null };
    },
  };
}
