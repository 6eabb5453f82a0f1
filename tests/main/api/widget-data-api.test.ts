import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

let t: TestServer;
let clock: ManualClock;
let contactId: string;
let rep: { id: string; token: string };

async function ok(method: string, path: string, body?: unknown, token?: string) {
  const res = await t.request(method, path, { body, token });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const opportunity = (amount: number, extra: Record<string, unknown> = {}, token?: string) =>
  ok('POST', '/api/v1/opportunities/', { name: `Deal ${amount}`, contact: contactId, amount, close_date: '2025-03-20', ...extra }, token);
const widget = (body: Record<string, unknown>, token?: string) => ok('POST', '/api/v1/widgets/', { name: 'W', ...body }, token);
const data = async (id: string, token?: string) => (await t.request('GET', `/api/v1/widgets/${id}/data/`, { token })).body;

/** Moves the clock and signs in again: access tokens do not outlive a jump of weeks. */
async function jump(iso: string) {
  clock.set(iso);
  t.adminToken = await t.login('admin', 'admin-password-1');
  rep.token = await t.login('datarep', 'datarep-password-1');
}

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2025-02-10T12:00:00Z'));
  t = await startTestServer({ clock });
  rep = await t.userWithRole('sales_rep', 'datarep');
  contactId = (await ok('POST', '/api/v1/contacts/', { last_name: 'Buyer', email: 'buyer@x.test', country: 'Germany', city: 'Berlin' })).id;
  // February: two deals won (200 in all). March: two won (250), one lost, one open.
  await opportunity(100, { stage: 'closed_won' });
  await opportunity(100, { stage: 'closed_won' });
  await jump('2025-03-12T12:00:00Z');
  await opportunity(150, { stage: 'closed_won' });
  await opportunity(100, { stage: 'closed_won' }, rep.token);
  await opportunity(999, { stage: 'closed_lost' });
  await opportunity(40, { stage: 'proposal' });
});
afterAll(() => t.stop());

describe('widget data', () => {
  it('answers the spec example: won this month, its trend against last month, and the cache flag', async () => {
    const w = await widget({
      name: 'Sales This Month',
      widget_type: 'metric_card',
      data_source: 'opportunities_value',
      query_params: { stage: 'won', this_month: true },
      size: 'medium',
      color_scheme: 'blue',
      icon: 'currency-dollar',
      value_prefix: '$',
      refresh_interval: 300,
    });
    const first = await data(w.id);
    expect(first).toEqual({
      data: { value: 250, label: 'Sales This Month', trend: '+25%', comparison: 'vs last month', previous_value: 200, period: 'this_month' },
      cached: false,
    });
    expect((await data(w.id)).cached).toBe(true);
    const deals = await ok('GET', '/api/v1/opportunities/?stage=closed_won&amount=150');
    await ok('PATCH', `/api/v1/opportunities/${deals.results[0].id}/`, { amount: 200 });
    const after = await data(w.id);
    expect(after).toMatchObject({ cached: false, data: { value: 300, trend: '+50%' } });
    expect((await data(w.id)).cached).toBe(true);
    // The refresh interval runs out: read again.
    clock.advance(301_000);
    await jump(clock.now().toISOString());
    expect((await data(w.id)).cached).toBe(false);
    // A change to an entity the widget does not read leaves it cached.
    await ok('POST', '/api/v1/tasks/', { title: 'Unrelated' });
    expect((await data(w.id)).cached).toBe(true);
  });

  it('gives each viewer their own numbers where the widget says "me"', async () => {
    const w = await widget({
      widget_type: 'metric_card',
      data_source: 'opportunities_value',
      query_params: { stage: 'won', period: 'this_month', owner: 'me' },
    });
    const d = await ok('POST', '/api/v1/dashboards/', { name: 'Team', visibility: 'team' });
    await ok('POST', `/api/v1/dashboards/${d.id}/add_widget/`, { widget_id: w.id });
    // The admin won one deal this month (150, edited to 200); the rep won 100.
    expect((await data(w.id)).data.value).toBe(200);
    expect((await data(w.id, rep.token)).data.value).toBe(100);
  });

  it("resolves periods in the viewer's time zone", async () => {
    await jump('2025-03-31T09:00:00Z');
    await ok('POST', '/api/v1/activities/', { activity_type: 'call', subject: 'Late March', occurred_at: '2025-03-31T10:00:00Z' });
    await ok('POST', '/api/v1/activities/', { activity_type: 'call', subject: 'April in Auckland', occurred_at: '2025-03-31T12:00:00Z' });
    await jump('2025-03-31T20:00:00Z');
    const w = await widget({
      widget_type: 'metric_card',
      data_source: 'records_aggregate',
      query_params: { entity: 'activity', period: 'this_month', date_field: 'occurred_at' },
    });
    expect((await data(w.id)).data.value).toBe(2);
    const kiwi = await t.userWithRole('sales_rep', 'kiwi');
    await ok('PATCH', '/api/v1/auth/me/', { timezone: 'Pacific/Auckland' }, kiwi.token);
    const d = await ok('POST', '/api/v1/dashboards/', { name: 'Calls', visibility: 'team' });
    await ok('POST', `/api/v1/dashboards/${d.id}/add_widget/`, { widget_id: w.id });
    expect((await data(w.id, kiwi.token)).data).toMatchObject({ value: 1, comparison: 'vs last month' });
  });

  it('shapes data for each of the 12 widget types', async () => {
    const cases: [Record<string, unknown>, (d: any) => void][] = [
      [
        { widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'opportunity', metric: 'sum', field: 'amount' } },
        (d) => expect(d.value).toBeGreaterThan(0),
      ],
      [
        { widget_type: 'line_chart', data_source: 'records_aggregate', query_params: { entity: 'opportunity', interval: 'month', date_field: 'close_date' } },
        (d) => expect(d).toMatchObject({ labels: ['2025-03'], series: [{ values: [6] }] }),
      ],
      [
        { widget_type: 'bar_chart', data_source: 'records_aggregate', query_params: { entity: 'opportunity', group_by: 'stage' } },
        (d) => expect(d.labels).toContain('closed won'),
      ],
      [
        { widget_type: 'pie_chart', data_source: 'records_aggregate', query_params: { entity: 'opportunity', group_by: 'owner' } },
        (d) => expect(d.labels).toContain('datarep'),
      ],
      [
        { widget_type: 'table', data_source: 'records', query_params: { entity: 'opportunity', ordering: '-amount', limit: 2 } },
        (d) => expect(d).toMatchObject({ count: 6, rows: [{ name: 'Deal 999', amount: '999.00' }, {}] }),
      ],
      [
        { widget_type: 'funnel', data_source: 'opportunities_by_stage', query_params: {} },
        (d) => expect(d.stages.map((s: any) => s.count)).toEqual([0, 0, 1, 0]),
      ],
      [
        {
          widget_type: 'goal',
          data_source: 'goal',
          query_params: { target: 1000, entity: 'opportunity', metric: 'sum', field: 'amount', filters: { stage: 'closed_won' } },
        },
        (d) => expect(d).toMatchObject({ target: 1000, current: 500, percent: 50 }),
      ],
      [
        { widget_type: 'leaderboard', data_source: 'leaderboard', query_params: { entity: 'opportunity', metric: 'sum', field: 'amount' } },
        (d) => expect(d.rows[0]).toMatchObject({ rank: 1, value: 1439 }),
      ],
      [{ widget_type: 'timeline', data_source: 'timeline', query_params: { limit: 3 } }, (d) => expect(d.items).toHaveLength(3)],
      [
        { widget_type: 'heatmap', data_source: 'records_heatmap', query_params: { entity: 'activity', date_field: 'occurred_at' } },
        (d) => expect(d.matrix[0][10] + d.matrix[0][12]).toBe(2),
      ],
      [
        { widget_type: 'map', data_source: 'record_locations', query_params: { entity: 'contact' } },
        (d) => expect(d.points[0]).toMatchObject({ name: 'Germany', count: 1, lon: expect.any(Number), lat: expect.any(Number) }),
      ],
      [
        { widget_type: 'list', data_source: 'records', query_params: { entity: 'opportunity', filters: { stage: 'proposal' } } },
        (d) => expect(d.items).toMatchObject([{ title: 'Deal 40' }]),
      ],
    ];
    for (const [body, check] of cases) {
      const w = await widget(body);
      const res = await t.request('GET', `/api/v1/widgets/${w.id}/data/`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      check(res.body.data);
    }
  });

  it('reads afresh after a custom field is defined, changed or removed', async () => {
    const w = await widget({ widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'task' } });
    await data(w.id);
    expect((await data(w.id)).cached).toBe(true);
    const field = await ok('POST', '/api/v1/custom-fields/', { name: 'tier', label: 'Tier', field_type: 'text', content_type: 'lead' });
    expect((await data(w.id)).cached).toBe(false);
    expect((await data(w.id)).cached).toBe(true);
    await ok('PATCH', `/api/v1/custom-fields/${field.id}/`, { label: 'Customer tier' });
    expect((await data(w.id)).cached).toBe(false);
    await ok('DELETE', `/api/v1/custom-fields/${field.id}/`);
    expect((await data(w.id)).cached).toBe(false);
  });

  it('previews a widget without saving it', async () => {
    const res = await t.request('POST', '/api/v1/widgets/preview/', {
      body: { widget_type: 'metric_card', data_source: 'records_aggregate', query_params: { entity: 'contact' } },
    });
    expect(res.body).toMatchObject({ data: { value: 1 }, cached: false });
    expect((await t.request('POST', '/api/v1/widgets/preview/', { body: { widget_type: 'gauge', data_source: 'records' } })).status).toBe(400);
  });
});
