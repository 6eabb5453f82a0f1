import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { Caller } from '../../../../src/main/core/handler';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

/** Metric definitions, widgets and dashboards are shared kinds: made on one install, they appear on the other. */
const admin: Caller = { id: 'u-admin', username: 'a', email: 'a@x.test', full_name: 'A', role: 'admin', via: 'jwt' };
const request = (body: unknown, params: Record<string, string> = {}, query: Record<string, string> = {}) => ({
  body,
  caller: admin,
  params,
  query,
  origin: 'api' as const,
  clientKey: 't',
  baseUrl: 'http://t',
  path: '/',
});
const sys = { actor: null, origin: 'api' as const };

function install(): Engine {
  return createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
}

function send(from: Engine, to: Engine): void {
  const items = from.records.outbox.since(0, 10_000);
  const results = to.records.applyRemoteBatch(items.map((i) => ({ record_id: i.record_id, update: i.update })));
  expect(results.filter((r) => r.status !== 'applied' && r.status !== 'duplicate')).toEqual([]);
  from.records.outbox.acknowledge(items);
}

const call = async (e: Engine, op: string, body?: unknown, params?: Record<string, string>, query?: Record<string, string>) =>
  (await e.handlers[op](request(body, params, query))) as any;

describe('metric definitions, dashboards and widgets sync with the team', () => {
  it('are created on one install and appear on the other, edits and deletes follow both ways', async () => {
    const a = install();
    const b = install();
    try {
      const contact = a.records.create('contact', { last_name: 'Buyer', email: 'buyer@x.test' }, sys);
      a.records.create('opportunity', { name: 'Big', contact: contact.id, amount: 5000, stage: 'proposal', close_date: '2025-05-01' }, sys);
      const metric = await call(a, 'metric_definitions.create', {
        name: 'big_deals',
        entity: 'opportunity',
        aggregate: 'sum',
        field: 'amount',
        filter: 'amount__gte=1000',
      });
      const widget = await call(a, 'widgets.create', {
        name: 'Big deals',
        widget_type: 'metric_card',
        data_source: 'records_aggregate',
        query_params: { entity: 'opportunity', metric: 'sum', field: 'amount' },
      });
      const board = await call(a, 'dashboards.create', { name: 'Team board', visibility: 'team' });
      await call(a, 'dashboards.add_widget', { widget_id: widget.id, width: 4 }, { id: board.id });
      send(a, b);

      expect(await call(b, 'metric_definitions.retrieve', undefined, { id: metric.id })).toMatchObject({
        name: 'big_deals',
        aggregate: 'sum',
        field: 'amount',
        filter: 'amount__gte=1000',
      });
      expect(await call(b, 'widgets.retrieve', undefined, { id: widget.id })).toMatchObject({
        name: 'Big deals',
        data_source: 'records_aggregate',
        query_params: widget.query_params,
      });
      const onB = await call(b, 'dashboards.retrieve', undefined, { id: board.id });
      expect(onB).toMatchObject({ name: 'Team board', visibility: 'team' });
      expect(onB.widgets.map((p: any) => [p.widget_id, p.width])).toEqual([[widget.id, 4]]);
      // The synced metric answers on B over B's records (the deal came along).
      send(a, b);
      const q = { metrics: 'big_deals', start_date: '2000-01-01', end_date: '2100-01-01' };
      expect((await call(b, 'analytics.metrics', undefined, {}, q)).metrics.big_deals.value).toBe(
        (await call(a, 'analytics.metrics', undefined, {}, q)).metrics.big_deals.value,
      );

      // A's widget data is cached; B's edit of the widget arrives and A reads the new figures.
      expect((await call(a, 'widgets.data', undefined, { id: widget.id })).data.value).toBe(5000);
      await call(b, 'widgets.update', { query_params: { entity: 'opportunity' } }, { id: widget.id });
      await call(b, 'metric_definitions.update', { label: 'Deals over 1k' }, { id: metric.id });
      await call(b, 'dashboards.update', { name: 'Renamed on B' }, { id: board.id });
      send(b, a);
      expect(await call(a, 'widgets.data', undefined, { id: widget.id })).toMatchObject({ cached: false, data: { value: 1 } });
      expect((await call(a, 'metric_definitions.retrieve', undefined, { id: metric.id })).label).toBe('Deals over 1k');
      expect((await call(a, 'dashboards.retrieve', undefined, { id: board.id })).name).toBe('Renamed on B');

      // Deletes travel too.
      await call(a, 'dashboards.destroy', undefined, { id: board.id });
      await call(a, 'metric_definitions.destroy', undefined, { id: metric.id });
      send(a, b);
      expect((await call(b, 'dashboards.list')).results.map((d: any) => d.id)).not.toContain(board.id);
      expect((await call(b, 'metric_definitions.list')).results).toEqual([]);
      // The name is free again on both.
      await call(b, 'metric_definitions.create', { name: 'big_deals', entity: 'lead', aggregate: 'count' });
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('the starter dashboard', () => {
  it('made offline on two devices of one user syncs into one dashboard, not two', async () => {
    const a = install();
    const b = install();
    try {
      const onA = await call(a, 'dashboards.default');
      const onB = await call(b, 'dashboards.default');
      expect(onB.id).toBe(onA.id);
      send(a, b);
      send(b, a);
      for (const e of [a, b]) {
        const boards = (await call(e, 'dashboards.list')).results;
        expect(boards.map((d: any) => d.name)).toEqual(['My overview']);
        expect((await call(e, 'widgets.list')).results).toHaveLength(onA.widgets.length);
        expect((await call(e, 'conflicts.list')).results).toEqual([]);
      }
    } finally {
      a.close();
      b.close();
    }
  });

  it('a second device adopts the synced starter dashboard as its default', async () => {
    const a = install();
    const b = install();
    try {
      const onA = await call(a, 'dashboards.default');
      await call(a, 'dashboards.update', { name: 'Mine, renamed' }, { id: onA.id });
      send(a, b);
      const onB = await call(b, 'dashboards.default');
      expect(onB).toMatchObject({ id: onA.id, name: 'Mine, renamed', is_default: true });
      expect(b.records.outbox.since(0, 10_000)).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('a team dashboard edited on two installs at once', () => {
  it('keeps both widgets added, and both a move and a resize of one widget', async () => {
    const a = install();
    const b = install();
    try {
      const widget = (name: string, e: Engine) =>
        call(e, 'widgets.create', { name, widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'lead' } });
      const board = await call(a, 'dashboards.create', { name: 'Team board', visibility: 'team', share_permission: 'edit' });
      const shared = await widget('Shared', a);
      await call(a, 'dashboards.add_widget', { widget_id: shared.id, row: 0, column: 0, width: 4, height: 2 }, { id: board.id });
      send(a, b);

      // Offline from each other: A adds one widget and moves the shared one; B adds another and resizes it.
      const fromA = await widget('From A', a);
      const fromB = await widget('From B', b);
      await call(a, 'dashboards.add_widget', { widget_id: fromA.id }, { id: board.id });
      await call(b, 'dashboards.add_widget', { widget_id: fromB.id }, { id: board.id });
      const onA = (await call(a, 'dashboards.retrieve', undefined, { id: board.id })).widgets;
      await call(
        a,
        'dashboards.update',
        {
          layout: onA.map((p: any) => ({
            widget_id: p.widget_id,
            row: p.widget_id === shared.id ? 5 : p.row,
            column: p.column,
            width: p.width,
            height: p.height,
          })),
        },
        { id: board.id },
      );
      const onB = (await call(b, 'dashboards.retrieve', undefined, { id: board.id })).widgets;
      await call(
        b,
        'dashboards.update',
        {
          layout: onB.map((p: any) => ({
            widget_id: p.widget_id,
            row: p.row,
            column: p.column,
            width: p.widget_id === shared.id ? 8 : p.width,
            height: p.height,
          })),
        },
        { id: board.id },
      );
      send(a, b);
      send(b, a);

      for (const e of [a, b]) {
        const placed = (await call(e, 'dashboards.retrieve', undefined, { id: board.id })).widgets;
        expect(placed.map((p: any) => p.widget_id).sort()).toEqual([shared.id, fromA.id, fromB.id].sort());
        expect(placed.find((p: any) => p.widget_id === shared.id)).toMatchObject({ row: 5, width: 8 });
      }
      expect((await call(a, 'dashboards.retrieve', undefined, { id: board.id })).widgets).toEqual(
        (await call(b, 'dashboards.retrieve', undefined, { id: board.id })).widgets,
      );
    } finally {
      a.close();
      b.close();
    }
  });

  it('a removal on one install and a move on the other: the widget stays removed only if nobody placed it again', async () => {
    const a = install();
    const b = install();
    try {
      const board = await call(a, 'dashboards.create', { name: 'Team board', visibility: 'team', share_permission: 'edit' });
      const w = await call(a, 'widgets.create', { name: 'W', widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'lead' } });
      await call(a, 'dashboards.add_widget', { widget_id: w.id }, { id: board.id });
      send(a, b);
      await call(a, 'dashboards.remove_widget', undefined, { id: board.id }, { widget_id: w.id });
      send(a, b);
      for (const e of [a, b]) expect((await call(e, 'dashboards.retrieve', undefined, { id: board.id })).widgets).toEqual([]);
      // Placed again later: the same placement document comes back.
      await call(b, 'dashboards.add_widget', { widget_id: w.id, column: 6, width: 6 }, { id: board.id });
      send(b, a);
      expect((await call(a, 'dashboards.retrieve', undefined, { id: board.id })).widgets).toMatchObject([{ widget_id: w.id, column: 6, width: 6 }]);
    } finally {
      a.close();
      b.close();
    }
  });
});
