import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../../../src/main/db/migrate';
import { MIGRATIONS } from '../../../src/main/db/migrations';
import { createEngine } from '../../../src/main/app/create-engine';
import type { Caller } from '../../../src/main/core/handler';
import { ManualClock } from '../../helpers/manual-clock';
import { tempDir } from '../../helpers/temp-store';
import { placementId } from '../../../src/shared/entities/shared-kinds';

const admin: Caller = { id: 'u-owner', username: 'o', email: 'o@x.test', full_name: 'O', role: 'admin', via: 'jwt' };
const request = (params: Record<string, string> = {}) => ({
  body: undefined,
  caller: admin,
  params,
  query: {},
  origin: 'api' as const,
  clientKey: 't',
  baseUrl: 'http://t',
  path: '/',
});

/** A store made before migration 15 keeps its metric definitions, widgets and dashboards, now as synced documents. */
describe('migration 15: metric definitions, widgets and dashboards become shared kinds', () => {
  it('gives existing rows their documents, queues them, and the engines read them as before', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'crm.sqlite'));
    runMigrations(
      old,
      MIGRATIONS.filter((m) => m.version < 15),
    );
    const at = '2025-01-02T03:04:05.000Z';
    old
      .prepare(
        `INSERT INTO metric_definitions (id, name, label, description, entity, aggregate, field, filter, date_field, created_by, created_at, updated_at)
      VALUES ('m1', 'big_deals', 'Big deals', '', 'opportunity', 'sum', 'amount', 'amount__gte=1000', 'created_at', 'u-owner', ?, ?)`,
      )
      .run(at, at);
    const widget = {
      name: 'Leads',
      widget_type: 'metric_card',
      data_source: 'records_aggregate',
      query_params: { entity: 'lead' },
      size: 'medium',
      color_scheme: 'blue',
      icon: null,
      value_prefix: '',
      value_suffix: '',
      refresh_interval: 300,
    };
    old
      .prepare('INSERT INTO widgets (id, owner_id, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('w1', 'u-owner', JSON.stringify(widget), at, at);
    const board = {
      name: 'Mine',
      description: '',
      layout_config: { columns: 12, rowHeight: 90 },
      visibility: 'private',
      shared_roles: [],
      share_permission: 'view',
      placements: [{ widget_id: 'w1', row: 0, column: 0, width: 3, height: 2 }],
    };
    old
      .prepare('INSERT INTO dashboards (id, owner_id, definition, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('d1', 'u-owner', JSON.stringify(board), at, at);
    old.close();

    const engine = createEngine({ dataDir: dir, clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
    try {
      const queued = engine.records.outbox.since(0, 100).map((i) => i.record_id);
      expect(queued).toEqual(expect.arrayContaining(['m1', 'w1', 'd1']));
      expect(engine.db.prepare("SELECT entity FROM record_docs WHERE id IN ('m1', 'w1', 'd1') ORDER BY id").pluck().all()).toEqual([
        'dashboard',
        'metric_definition',
        'widget',
      ]);
      expect(await engine.handlers['metric_definitions.retrieve'](request({ id: 'm1' }))).toMatchObject({
        name: 'big_deals',
        description: '',
        filter: 'amount__gte=1000',
        created_at: at,
      });
      expect(await engine.handlers['widgets.retrieve'](request({ id: 'w1' }))).toMatchObject({ name: 'Leads', query_params: { entity: 'lead' } });
      const d = (await engine.handlers['dashboards.retrieve'](request({ id: 'd1' }))) as any;
      expect(d.widgets.map((p: any) => p.widget_id)).toEqual(['w1']);
      // Migration 24 moved the placement into a document of its own, queued for the team too.
      expect(d.widgets[0]).toMatchObject({ row: 0, column: 0, width: 3, height: 2 });
      expect(queued).toContain(placementId('d1', 'w1'));
      // The write path sees them as it sees its own: an update lands on the migrated document.
      const updated = engine.records.update('widget', 'w1', { definition: { ...widget, name: 'Leads (all)' } }, { actor: null, origin: 'api' });
      expect(updated).toMatchObject({ owner_id: 'u-owner', definition: { name: 'Leads (all)' } });
    } finally {
      engine.close();
    }
  });
});
