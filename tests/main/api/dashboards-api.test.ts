import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
let rep: { id: string; token: string };
let rep2: { id: string; token: string };
let viewer: { id: string; token: string };
let manager: { id: string; token: string };

const COUNT_WIDGET = { name: 'Leads', widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'lead' } };

async function ok(method: string, path: string, body?: unknown, token?: string) {
  const res = await t.request(method, path, { body, token });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'dashrep');
  rep2 = await t.userWithRole('sales_rep', 'dashrep2');
  viewer = await t.userWithRole('viewer', 'dashviewer');
  manager = await t.userWithRole('manager', 'dashmanager');
});
afterAll(() => t.stop());

describe('widgets API', () => {
  it('lists the data source catalogue with parameters and the widget types each fits', async () => {
    const cat = await ok('GET', '/api/v1/widgets/data-sources/');
    expect(cat.widget_types).toHaveLength(12);
    const names = cat.results.map((s: any) => s.name);
    for (const n of [
      'records',
      'records_aggregate',
      'opportunities_value',
      'opportunities_by_stage',
      'goal',
      'leaderboard',
      'timeline',
      'records_heatmap',
      'record_locations',
      'metric',
      'forecast',
      'funnel',
      'cohort',
    ])
      expect(names).toContain(n);
    const agg = cat.results.find((s: any) => s.name === 'records_aggregate');
    expect(agg).toMatchObject({
      available: true,
      widget_types: expect.arrayContaining(['metric_card', 'line_chart']),
      params: { entity: { type: 'entity', required: true }, period: { options: expect.arrayContaining(['this_month', 'last_quarter', 'last_30_days']) } },
    });
    expect(cat.results.find((s: any) => s.name === 'forecast')).toMatchObject({
      available: true,
      widget_types: expect.arrayContaining(['line_chart']),
      params: { period: { options: ['day', 'week', 'month'] } },
    });
    const covered = new Set(cat.results.filter((s: any) => s.available).flatMap((s: any) => s.widget_types));
    expect([...covered].sort()).toEqual([...cat.widget_types].sort());
  });

  it('creates, reads, updates and deletes a widget', async () => {
    const w = await t.request('POST', '/api/v1/widgets/', { token: rep.token, body: COUNT_WIDGET });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ ...COUNT_WIDGET, size: 'medium', color_scheme: 'blue', refresh_interval: 300, owner: { id: rep.id }, can_edit: true });
    expect((await ok('GET', '/api/v1/widgets/', undefined, rep.token)).results.map((x: any) => x.id)).toContain(w.body.id);
    const put = await t.request('PUT', `/api/v1/widgets/${w.body.id}/`, {
      token: rep.token,
      body: { name: 'Qualified leads', query_params: { entity: 'lead', filters: { status: 'qualified' } } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'Qualified leads', widget_type: 'metric_card', query_params: { entity: 'lead', filters: { status: 'qualified' } } });
    expect((await t.request('DELETE', `/api/v1/widgets/${w.body.id}/`, { token: rep.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/widgets/${w.body.id}/`, { token: rep.token })).status).toBe(404);
  });

  it('refuses bad widgets with a 400 naming the field', async () => {
    const bad = async (body: unknown, field: string, text?: string) => {
      const res = await t.request('POST', '/api/v1/widgets/', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.fields, JSON.stringify(res.body)).toHaveProperty([field]);
      if (text) expect(res.body.error.fields[field].join(' ')).toContain(text);
    };
    await bad(
      { ...COUNT_WIDGET, widget_type: 'gauge' },
      'widget_type',
      'metric_card, line_chart, bar_chart, pie_chart, table, funnel, goal, leaderboard, timeline, heatmap, map, list',
    );
    await bad({ ...COUNT_WIDGET, data_source: 'nope' }, 'data_source', 'records_aggregate');
    await bad({ ...COUNT_WIDGET, widget_type: 'map' }, 'data_source', 'does not fit');
    await bad({ ...COUNT_WIDGET, data_source: 'forecast', widget_type: 'line_chart' }, 'query_params.entity', 'Unknown parameter of forecast');
    await bad({ ...COUNT_WIDGET, query_params: {} }, 'query_params.entity');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'planet' } }, 'query_params.entity');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'lead', colour: 'red' } }, 'query_params.colour');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'lead', period: 'someday' } }, 'query_params.period', 'this_month');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'lead', filters: { planet: 'mars' } } }, 'query_params.filters', 'planet');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'lead', metric: 'sum', field: 'email' } }, 'query_params.field');
    await bad({ ...COUNT_WIDGET, query_params: { entity: 'lead', date_field: 'email', period: 'this_month' } }, 'query_params.date_field');
    await bad({ ...COUNT_WIDGET, widget_type: 'pie_chart' }, 'query_params.group_by');
    await bad({ ...COUNT_WIDGET, query_params: 'entity=lead' }, 'query_params');
    await bad({ ...COUNT_WIDGET, refresh_interval: 1 }, 'refresh_interval');
    await bad({ ...COUNT_WIDGET, size: 'huge' }, 'size');
    await bad({ ...COUNT_WIDGET, name: '' }, 'name');
    await bad({ ...COUNT_WIDGET, extra: 1 }, 'extra');
    await bad({ widget_type: 'table', data_source: 'records', name: 'T', query_params: { entity: 'lead', ordering: 'planet' } }, 'query_params.ordering');
    await bad([], 'non_field_errors');
    expect((await t.request('POST', '/api/v1/widgets/', { body: COUNT_WIDGET, token: viewer.token })).status).toBe(403);
    expect((await ok('GET', '/api/v1/widgets/')).results.every((w: any) => w.name !== '')).toBe(true);
  });
});

describe('dashboards API', () => {
  it('creates a dashboard, places, moves and removes widgets, one default per user', async () => {
    const d = await t.request('POST', '/api/v1/dashboards/', {
      token: rep.token,
      body: { name: 'Sales Dashboard', description: 'Key sales metrics and pipeline', layout_config: { columns: 12, rowHeight: 100 }, is_default: true },
    });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({
      name: 'Sales Dashboard',
      layout_config: { columns: 12, rowHeight: 100 },
      is_default: true,
      visibility: 'private',
      widgets: [],
    });
    const w = await ok('POST', '/api/v1/widgets/', COUNT_WIDGET, rep.token);
    const added = await ok('POST', `/api/v1/dashboards/${d.body.id}/add_widget/`, { widget_id: w.id, row: 0, column: 0, width: 6, height: 2 }, rep.token);
    expect(added.widgets).toMatchObject([{ widget_id: w.id, row: 0, column: 0, width: 6, height: 2, widget: { name: 'Leads' } }]);
    const w2 = await ok('POST', '/api/v1/widgets/', { ...COUNT_WIDGET, name: 'Second', size: 'small' }, rep.token);
    const placed = await ok('POST', `/api/v1/dashboards/${d.body.id}/add_widget/`, { widget_id: w2.id }, rep.token);
    expect(placed.widgets[1]).toMatchObject({ row: 2, column: 0, width: 3, height: 2 });

    const bad = async (body: unknown, field: string) => {
      const res = await t.request('POST', `/api/v1/dashboards/${d.body.id}/add_widget/`, { token: rep.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty([field]);
    };
    await bad({ widget_id: w.id }, 'widget_id');
    await bad({ widget_id: 'missing' }, 'widget_id');
    await bad({ widget_id: w2.id, column: 8, width: 6 }, 'width');
    await bad({ widget_id: w2.id, row: -1 }, 'row');
    await bad({}, 'widget_id');

    const moved = await ok(
      'PUT',
      `/api/v1/dashboards/${d.body.id}/`,
      {
        layout: [
          { widget_id: w.id, row: 1, column: 6, width: 6, height: 3 },
          { widget_id: w2.id, row: 0, column: 0, width: 4, height: 2 },
        ],
      },
      rep.token,
    );
    // Placements read top to bottom, left to right.
    expect(moved.widgets.map((p: any) => [p.row, p.column, p.width, p.height])).toEqual([
      [0, 0, 4, 2],
      [1, 6, 6, 3],
    ]);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.body.id}/`, { token: rep.token, body: { layout: [{ widget_id: w.id, column: 12 }] } })).status).toBe(
      400,
    );
    expect((await t.request('PUT', `/api/v1/dashboards/${d.body.id}/`, { token: rep.token, body: { layout_config: { columns: 10 } } })).status).toBe(400);

    const removed = await t.request('DELETE', `/api/v1/dashboards/${d.body.id}/remove_widget/`, { token: rep.token, body: { widget_id: w2.id } });
    expect(removed.status).toBe(200);
    expect(removed.body.widgets.map((p: any) => p.widget_id)).toEqual([w.id]);
    expect((await t.request('DELETE', `/api/v1/dashboards/${d.body.id}/remove_widget/?widget_id=${w.id}`, { token: rep.token })).body.widgets).toEqual([]);
    expect((await t.request('DELETE', `/api/v1/dashboards/${d.body.id}/remove_widget/`, { token: rep.token, body: { widget_id: w.id } })).status).toBe(400);

    const other = await ok('POST', '/api/v1/dashboards/', { name: 'Another' }, rep.token);
    expect(other.is_default).toBe(false);
    expect((await ok('POST', `/api/v1/dashboards/${other.id}/set_default/`, undefined, rep.token)).is_default).toBe(true);
    const list = await ok('GET', '/api/v1/dashboards/', undefined, rep.token);
    expect(list.results.map((x: any) => [x.name, x.is_default])).toEqual([
      ['Another', true],
      ['Sales Dashboard', false],
    ]);
    expect((await ok('GET', '/api/v1/dashboards/default/', undefined, rep.token)).id).toBe(other.id);

    expect((await t.request('DELETE', `/api/v1/dashboards/${other.id}/`, { token: rep.token })).status).toBe(204);
    expect((await t.request('GET', `/api/v1/dashboards/${other.id}/`, { token: rep.token })).status).toBe(404);
  });

  it('gives a new user a starter dashboard whose widgets all read', async () => {
    const fresh = await t.userWithRole('sales_rep', 'freshrep');
    const d = await ok('GET', '/api/v1/dashboards/default/', undefined, fresh.token);
    expect(d).toMatchObject({ is_default: true, owner: { id: fresh.id } });
    expect(d.widgets.map((p: any) => p.widget.name)).toEqual(
      expect.arrayContaining([
        'Won this month',
        'Pipeline by stage',
        'Deals closing this month',
        'My overdue tasks',
        'Activity leaderboard',
        'Recent activity',
        'Forecast',
      ]),
    );
    const forecast = d.widgets.find((p: any) => p.widget.name === 'Forecast');
    expect(forecast.widget).toMatchObject({ widget_type: 'line_chart', data_source: 'forecast' });
    const band = (await ok('GET', `/api/v1/widgets/${forecast.widget_id}/data/`, undefined, fresh.token)).data.series.map((s: any) => s.band ?? null);
    expect(band).toEqual([null, 'low', 'high']);
    for (const p of d.widgets) {
      const res = await t.request('GET', `/api/v1/widgets/${p.widget_id}/data/`, { token: fresh.token });
      expect(res.status, `${p.widget.name}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    expect((await ok('GET', '/api/v1/dashboards/default/', undefined, fresh.token)).id).toBe(d.id);
  });

  it('keeps private dashboards and widgets private, shares to the team or roles, view vs edit', async () => {
    const w = await ok('POST', '/api/v1/widgets/', COUNT_WIDGET, rep.token);
    const d = await ok('POST', '/api/v1/dashboards/', { name: 'Mine' }, rep.token);
    await ok('POST', `/api/v1/dashboards/${d.id}/add_widget/`, { widget_id: w.id }, rep.token);
    for (const path of [`/api/v1/dashboards/${d.id}/`, `/api/v1/widgets/${w.id}/`, `/api/v1/widgets/${w.id}/data/`]) {
      expect((await t.request('GET', path, { token: rep2.token })).status, path).toBe(404);
    }
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep2.token, body: { name: 'x' } })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/dashboards/${d.id}/set_default/`, { token: rep2.token })).status).toBe(404);
    expect((await ok('GET', '/api/v1/dashboards/', undefined, rep2.token)).results.map((x: any) => x.id)).not.toContain(d.id);
    // Admins see everything.
    expect((await t.request('GET', `/api/v1/widgets/${w.id}/data/`)).status).toBe(200);

    await ok('PUT', `/api/v1/dashboards/${d.id}/`, { visibility: 'team' }, rep.token);
    expect((await t.request('GET', `/api/v1/widgets/${w.id}/data/`, { token: rep2.token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/dashboards/${d.id}/`, { token: viewer.token })).body.can_edit).toBe(false);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep2.token, body: { name: 'Hijacked' } })).status).toBe(403);
    expect((await t.request('PUT', `/api/v1/widgets/${w.id}/`, { token: rep2.token, body: { name: 'Hijacked' } })).status).toBe(403);
    expect((await t.request('POST', `/api/v1/dashboards/${d.id}/add_widget/`, { token: rep2.token, body: { widget_id: w.id } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/dashboards/${d.id}/`, { token: rep2.token })).status).toBe(403);
    // A viewer may pick a shared dashboard as their own default.
    expect((await t.request('POST', `/api/v1/dashboards/${d.id}/set_default/`, { token: viewer.token })).body.is_default).toBe(true);

    await ok('PUT', `/api/v1/dashboards/${d.id}/`, { share_permission: 'edit' }, rep.token);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep2.token, body: { name: 'Ours' } })).status).toBe(200);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep2.token, body: { visibility: 'private' } })).status).toBe(400);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: viewer.token, body: { name: 'Viewer edit' } })).status).toBe(403);

    await ok('PUT', `/api/v1/dashboards/${d.id}/`, { visibility: 'roles', shared_roles: ['manager'] }, rep.token);
    expect((await t.request('GET', `/api/v1/dashboards/${d.id}/`, { token: manager.token })).status).toBe(200);
    expect((await t.request('GET', `/api/v1/widgets/${w.id}/data/`, { token: rep2.token })).status).toBe(404);
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep.token, body: { visibility: 'roles', shared_roles: ['pilot'] } })).status).toBe(
      400,
    );
    expect((await t.request('PUT', `/api/v1/dashboards/${d.id}/`, { token: rep.token, body: { visibility: 'roles', shared_roles: [] } })).status).toBe(400);
  });

  it('refuses bad dashboards with a 400 naming the field', async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await t.request('POST', '/api/v1/dashboards/', { body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.fields).toHaveProperty([field]);
    };
    await bad({}, 'name');
    await bad({ name: 'x', visibility: 'public' }, 'visibility');
    await bad({ name: 'x', share_permission: 'own' }, 'share_permission');
    await bad({ name: 'x', is_default: 'yes' }, 'is_default');
    await bad({ name: 'x', layout_config: { rowHeight: 5 } }, 'layout_config.rowHeight');
    await bad({ name: 'x', layout: [{ widget_id: 'nope' }] }, 'layout.widget_id');
    await bad({ name: 'x', color: 'red' }, 'color');
    expect((await t.request('GET', '/api/v1/dashboards/?page=0')).status).toBe(400);
    expect((await t.request('GET', '/api/v1/dashboards/?owner=me')).status).toBe(400);
    expect((await t.request('POST', '/api/v1/dashboards/', { token: viewer.token, body: { name: 'Viewer' } })).status).toBe(403);
  });

  it('refuses a widget past the 100 a dashboard holds, naming it, and keeps the dashboard as it was', async () => {
    const d = await ok('POST', '/api/v1/dashboards/', { name: 'Wall' });
    let refused: any = null;
    let placed = 0;
    for (let i = 0; i < 150 && !refused; i++) {
      const w = await ok('POST', '/api/v1/widgets/', COUNT_WIDGET);
      const res = await t.request('POST', `/api/v1/dashboards/${d.id}/add_widget/`, { body: { widget_id: w.id } });
      if (res.status !== 200) refused = res;
      else placed++;
    }
    expect(placed).toBe(100);
    expect(refused?.status).toBe(400);
    expect(refused.body.error.fields.widget_id[0]).toMatch(/at most 100/);
    expect((await ok('GET', `/api/v1/dashboards/${d.id}/`)).widgets).toHaveLength(100);
  });
});
