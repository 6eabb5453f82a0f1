import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

/**
 * The analytics-backed widget sources (metric, forecast, funnel, cohort) answer with the
 * analytics endpoints' own figures for the same parameters, shaped per widget type, with
 * relative periods resolved in the viewer's time zone.
 */
const DAY = 86_400_000;
const clock = new ManualClock(Date.parse('2025-01-06T09:00:00Z'));
let t: TestServer;

async function ok(method: string, path: string, body?: unknown, token?: string) {
  const res = await t.request(method, path, { body, token });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const analytics = (path: string, token?: string) => ok('GET', `/api/v1/analytics/${path}`, undefined, token);
const widget = (body: Record<string, unknown>) => ok('POST', '/api/v1/widgets/', { name: 'W', ...body });
const data = async (id: string, token?: string) => (await ok('GET', `/api/v1/widgets/${id}/data/`, undefined, token)).data;

async function at(iso: string, plusDays = 0) {
  clock.set(iso);
  clock.advance(plusDays * DAY);
  t.adminToken = await t.login('admin', 'admin-password-1');
}

beforeAll(async () => {
  t = await startTestServer({ clock });
  const contact = await ok('POST', '/api/v1/contacts/', { last_name: 'Early', email: 'early@example.com' });
  const deals: [number, string[]][] = [
    [1000, ['prospecting', 'qualification', 'proposal', 'closed_won']],
    [2000, ['prospecting', 'proposal', 'closed_won']],
    [3000, ['qualification', 'closed_lost']],
    [4000, ['prospecting', 'negotiation']],
    [5000, ['proposal']],
  ];
  for (const [i, [amount, path]] of deals.entries()) {
    const created = `2025-0${1 + (i % 3)}-0${i + 2}T09:00:00Z`;
    await at(created);
    const deal = await ok('POST', '/api/v1/opportunities/', { name: `Deal ${i}`, contact: contact.id, amount, stage: path[0], close_date: '2025-05-20' });
    for (let k = 1; k < path.length; k++) {
      await at(created, 3 * k);
      await ok('PATCH', `/api/v1/opportunities/${deal.id}/`, { stage: path[k] });
    }
  }
  await at('2025-02-10T09:00:00Z');
  const lead = await ok('POST', '/api/v1/leads/', { first_name: 'Lena', last_name: 'Lead', email: 'lena@example.com' });
  await ok('PATCH', `/api/v1/leads/${lead.id}/`, { status: 'qualified' });
  const feb = await ok('POST', '/api/v1/contacts/', { last_name: 'Feb', email: 'feb@example.com' });
  await ok('POST', '/api/v1/activities/', { activity_type: 'call', subject: 'Call', contact: contact.id, occurred_at: '2025-02-11T10:00:00Z' });
  await ok('POST', '/api/v1/activities/', { activity_type: 'call', subject: 'Call', contact: feb.id, occurred_at: '2025-03-12T10:00:00Z' });
  await at('2025-04-15T12:00:00Z');
});
afterAll(() => t.stop());

describe('analytics widgets', () => {
  it("metric: the card, the chart and the goal carry the metrics endpoint's figures", async () => {
    await ok('POST', '/api/v1/analytics/metric-definitions/', {
      name: 'big_deals',
      entity: 'opportunity',
      aggregate: 'sum',
      field: 'amount',
      filter: 'amount__gte=3000',
    });
    for (const name of ['revenue_won', 'win_rate', 'big_deals']) {
      const card = await data(
        (await widget({ name, widget_type: 'metric_card', data_source: 'metric', query_params: { metric: name, period: 'last_quarter' } })).id,
      );
      const q1 = (await analytics(`metrics/?metrics=${name}&start_date=2025-01-01&end_date=2025-03-31`)).metrics[name];
      const q4 = (await analytics(`metrics/?metrics=${name}&start_date=2024-10-01&end_date=2024-12-31`)).metrics[name];
      expect(card).toMatchObject({
        value: q1.value ?? 0,
        previous_value: q4.value ?? 0,
        label: name,
        comparison: 'vs the quarter before',
        period: 'last_quarter',
      });
    }
    const revenue = (await analytics('metrics/?metrics=revenue_won&start_date=2025-01-01&end_date=2025-03-31&group_by=month')).metrics.revenue_won;
    expect(revenue.value).toBe(3000);
    const chart = await data(
      (await widget({ widget_type: 'bar_chart', data_source: 'metric', query_params: { metric: 'revenue_won', period: 'last_quarter', group_by: 'month' } }))
        .id,
    );
    expect(chart).toMatchObject({ labels: revenue.series.map((s: any) => s.period), series: [{ values: revenue.series.map((s: any) => s.value ?? 0) }] });
    const goal = await data(
      (await widget({ widget_type: 'goal', data_source: 'metric', query_params: { metric: 'revenue_won', period: 'last_quarter', target: 6000 } })).id,
    );
    expect(goal).toMatchObject({ target: 6000, current: 3000, percent: 50 });
  });

  it("forecast: the P50 line and its P10-P90 band are the forecast endpoint's", async () => {
    const expected = await analytics('forecast/?period=month&periods=3');
    const line = await data((await widget({ widget_type: 'line_chart', data_source: 'forecast', query_params: { period: 'month', periods: 3 } })).id);
    expect(line.labels).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(line.series).toEqual([
      { name: 'Forecast (P50)', values: expected.forecast.map((r: any) => r.predicted_value) },
      { name: 'Low (P10)', values: expected.forecast.map((r: any) => r.confidence_low), band: 'low' },
      { name: 'High (P90)', values: expected.forecast.map((r: any) => r.confidence_high), band: 'high' },
    ]);
    expect(line.model_accuracy).toBe(expected.model_accuracy);
    const card = await data((await widget({ widget_type: 'metric_card', data_source: 'forecast', query_params: { period: 'month', periods: 3 } })).id);
    expect(card).toMatchObject({
      value: expected.forecast[2].predicted_value,
      confidence_low: expected.forecast[2].confidence_low,
      confidence_high: expected.forecast[2].confidence_high,
    });
  });

  it('funnel: stages, bars and table count what the funnel endpoint counts', async () => {
    const expected = await analytics('funnel/');
    const funnel = await data((await widget({ widget_type: 'funnel', data_source: 'funnel', query_params: {} })).id);
    expect(funnel.stages.map((s: any) => [s.stage, s.value])).toEqual(expected.stages.map((s: any) => [s.stage, s.count]));
    expect(funnel.stages.find((s: any) => s.stage === 'won').value).toBe(2);
    expect(funnel.bottleneck_stage).toBe(expected.bottleneck_stage);
    const table = await data((await widget({ widget_type: 'table', data_source: 'funnel', query_params: { stages: ['prospecting', 'proposal', 'won'] } })).id);
    const some = await analytics('funnel/?stages=prospecting,proposal,won');
    expect(table.rows.map((r: any) => [r.count, r.step_conversion_rate])).toEqual(some.stages.map((s: any) => [s.count, s.step_conversion_rate]));
  });

  it("cohort: the matrix holds the cohort endpoint's cells, young cohorts not padded", async () => {
    const expected = await analytics('cohort/?metric=retention&period=month&cohorts=3');
    const heat = await data(
      (await widget({ widget_type: 'heatmap', data_source: 'cohort', query_params: { metric: 'retention', period: 'month', cohorts: 3 } })).id,
    );
    expect(heat.y_labels).toEqual(expected.cohorts.map((c: any) => c.cohort));
    expect(heat.matrix).toEqual(expected.cohorts.map((c: any) => [0, 1, 2].map((i) => c.periods[i] ?? null)));
    expect(heat.matrix[2][1]).toBeNull();
    const table = await data((await widget({ widget_type: 'table', data_source: 'cohort', query_params: { metric: 'activity', cohorts: 3 } })).id);
    const activity = await analytics('cohort/?metric=activity&period=month&cohorts=3');
    expect(table.rows.map((r: any) => [r.cohort, r.size, r.p0])).toEqual(activity.cohorts.map((c: any) => [c.cohort, c.size, c.periods[0]]));
  });

  it("resolves the viewer's today and periods in their time zone", async () => {
    await at('2025-04-30T20:00:00Z');
    const kiwi = await t.userWithRole('manager', 'kiwi');
    await ok('PATCH', '/api/v1/auth/me/', { timezone: 'Pacific/Auckland' }, kiwi.token);
    const forecast = await widget({ widget_type: 'line_chart', data_source: 'forecast', query_params: { period: 'month', periods: 2 } });
    const metric = await widget({ widget_type: 'metric_card', data_source: 'metric', query_params: { metric: 'deals_won', period: 'last_month' } });
    const board = await ok('POST', '/api/v1/dashboards/', { name: 'Team', visibility: 'team' });
    for (const w of [forecast, metric]) await ok('POST', `/api/v1/dashboards/${board.id}/add_widget/`, { widget_id: w.id });
    // In Auckland it is already 1 May: the forecast starts in May and "last month" is April.
    expect((await data(forecast.id, kiwi.token)).labels).toEqual(['2025-05', '2025-06']);
    expect((await data(forecast.id)).labels).toEqual(['2025-04', '2025-05']);
    const april = (await analytics('metrics/?metrics=deals_won&start_date=2025-04-01&end_date=2025-04-30')).metrics.deals_won;
    expect((await data(metric.id, kiwi.token)).value).toBe(april.value ?? 0);
    const kiwiForecast = (await data(forecast.id, kiwi.token)).series[0].values;
    // Four hours on, 1 May reaches UTC: the endpoint's forecast from today is Auckland's of before.
    await at('2025-05-01T00:30:00Z');
    const mayOn = await analytics('forecast/?period=month&periods=2');
    expect(kiwiForecast).toEqual(mayOn.forecast.map((r: any) => r.predicted_value));
  });

  it('refuses what does not fit, naming the parameter', async () => {
    const bad = async (body: Record<string, unknown>, key: string) => {
      const res = await t.request('POST', '/api/v1/widgets/', { body: { name: 'Bad', ...body } });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toContain(key);
    };
    await bad({ widget_type: 'metric_card', data_source: 'metric', query_params: { metric: 'no_such_metric' } }, 'query_params.metric');
    await bad({ widget_type: 'goal', data_source: 'metric', query_params: { metric: 'win_rate' } }, 'query_params.target');
    await bad({ widget_type: 'line_chart', data_source: 'forecast', query_params: { period: 'quarterly' } }, 'query_params.period');
    await bad({ widget_type: 'line_chart', data_source: 'forecast', query_params: { periods: 0 } }, 'query_params.periods');
    await bad({ widget_type: 'funnel', data_source: 'funnel', query_params: { stages: ['nowhere'] } }, 'query_params.stages');
    await bad({ widget_type: 'heatmap', data_source: 'cohort', query_params: { owner: 'nobody' } }, 'query_params.owner');
    await bad({ widget_type: 'pie_chart', data_source: 'cohort', query_params: {} }, 'data_source');
  });
});
