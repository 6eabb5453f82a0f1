import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

/**
 * Ten deals and four leads with known histories, written through the API at known times:
 * every figure below is worked out by hand from this script.
 */
const DAY = 86_400_000;
/** Days a deal stays in a stage before its next move: proposal is the slow one. */
const DWELL: Record<string, number> = { prospecting: 2, qualification: 2, proposal: 6, negotiation: 2 };
const DEALS: [number, string[]][] = [
  [1000, ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won']],
  [2000, ['prospecting', 'proposal', 'closed_won']], // skips qualification
  [3000, ['prospecting', 'qualification', 'proposal', 'qualification', 'proposal', 'closed_won']], // goes back once
  [4000, ['prospecting', 'closed_lost']],
  [5000, ['qualification', 'closed_lost']],
  [6000, ['prospecting', 'qualification', 'closed_won']],
  [7000, ['proposal', 'negotiation', 'closed_lost']],
  [8000, ['prospecting']],
  [9000, ['qualification', 'proposal']],
  [10000, ['negotiation', 'closed_won']],
];

let t: TestServer;
const clock = new ManualClock(Date.parse('2025-01-01T08:00:00Z'));
const api = (path: string, token?: string) => t.request('GET', `/api/v1/analytics/${path}`, token ? { token } : {});

/** Moves the clock and signs in again (access tokens expire on the same clock). */
async function at(iso: string, plusDays = 0) {
  clock.set(iso);
  clock.advance(plusDays * DAY);
  t.adminToken = await t.login('admin', 'admin-password-1');
}

async function post(path: string, body: unknown) {
  const res = await t.request('POST', path, { body });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  t = await startTestServer({ clock });
  const contact = await post('/api/v1/contacts/', { last_name: 'Early', email: 'early@example.com' });
  // Every write happens at its own time, in time order, as a team's writes do: a transition's
  // time is its write's (hybrid logical clock) stamp, which never goes back.
  const schedule: { at: number; run: () => Promise<void> }[] = [];
  const ids = new Map<string, string>();
  for (const [i, [amount, path]] of DEALS.entries()) {
    const created = Date.parse(`2025-01-${String(i + 1).padStart(2, '0')}T09:00:00Z`);
    schedule.push({
      at: created,
      run: async () => {
        ids.set(
          `deal${i}`,
          (await post('/api/v1/opportunities/', { name: `Deal ${i + 1}`, contact: contact.id, amount, stage: path[0], close_date: '2025-03-15' })).id,
        );
      },
    });
    let days = 0;
    for (let k = 1; k < path.length; k++) {
      days += DWELL[path[k - 1]];
      schedule.push({
        at: created + days * DAY,
        run: async () => {
          const res = await t.request('PATCH', `/api/v1/opportunities/${ids.get(`deal${i}`)}/`, { body: { stage: path[k] } });
          expect(res.status).toBe(200);
        },
      });
    }
  }
  // Leads: one converted (through the conversion endpoint), one lost, one that skipped "contacted", one new.
  const leads: string[][] = [['contacted', 'qualified', 'convert'], ['contacted', 'lost'], ['qualified'], []];
  for (const [i, steps] of leads.entries()) {
    const created = Date.parse(`2025-01-${String(i + 12).padStart(2, '0')}T09:00:00Z`);
    schedule.push({
      at: created,
      run: async () => {
        ids.set(`lead${i}`, (await post('/api/v1/leads/', { first_name: `Lead${i}`, last_name: 'Known', email: `lead${i}@example.com` })).id);
      },
    });
    let days = 0;
    for (const step of steps) {
      days += 2;
      schedule.push({
        at: created + days * DAY,
        run: async () => {
          const lead = ids.get(`lead${i}`);
          if (step === 'convert') await post(`/api/v1/leads/${lead}/convert/`, { create_opportunity: false });
          else expect((await t.request('PATCH', `/api/v1/leads/${lead}/`, { body: { status: step } })).status).toBe(200);
        },
      });
    }
  }
  schedule.sort((x, y) => x.at - y.at);
  for (const step of schedule) {
    await at(new Date(step.at).toISOString());
    await step.run();
  }
  // Cohorts: the early contact and the converted lead's contact joined in January, one in February, one in March.
  await at('2025-02-10T09:00:00Z');
  const feb = await post('/api/v1/contacts/', { last_name: 'Feb', email: 'feb@example.com' });
  await at('2025-03-05T09:00:00Z');
  await post('/api/v1/contacts/', { last_name: 'Mar', email: 'mar@example.com' });
  const activity = (contactId: string, at: string) =>
    post('/api/v1/activities/', { activity_type: 'call', subject: 'Call', contact: contactId, occurred_at: at });
  await activity(contact.id, '2025-02-03T10:00:00Z');
  await activity(contact.id, '2025-03-03T10:00:00Z');
  await activity(feb.id, '2025-03-20T10:00:00Z');
  await at('2025-04-15T09:00:00Z');
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

describe('analytics metrics', () => {
  it('computes win rate, deal sizes, counts and pipeline exactly', async () => {
    const res = await api(
      'metrics/?metrics=win_rate,avg_deal_size,revenue_won,deals_won,deals_lost,new_leads,lead_conversion_rate,pipeline_value,weighted_pipeline,activities_count&start_date=2025-01-01&end_date=2025-03-31',
    );
    expect(res.status).toBe(200);
    const m = res.body.metrics;
    expect(m.win_rate).toMatchObject({ value: 62.5, n: 8 });
    expect(m.avg_deal_size).toMatchObject({ value: 4400, median: 3000, n: 5 });
    expect(m.revenue_won.value).toBe(22000);
    expect(m.deals_won.value).toBe(5);
    expect(m.deals_lost.value).toBe(3);
    expect(m.new_leads.value).toBe(4);
    expect(m.lead_conversion_rate).toMatchObject({ value: 25, n: 4 });
    expect(m.pipeline_value).toMatchObject({ value: 17000, n: 2 });
    expect(m.weighted_pipeline.value).toBe(8000 * 0.1 + 9000 * 0.5);
    expect(m.activities_count.value).toBe(3);
  });

  it('gives a series per period with empty periods present', async () => {
    const res = await api('metrics/?metrics=win_rate,deals_won&start_date=2025-01-01&end_date=2025-03-31&group_by=month');
    expect(res.body.metrics.win_rate.series).toEqual([
      { period: '2025-01', value: 62.5, n: 8 },
      { period: '2025-02', value: null, n: 0 },
      { period: '2025-03', value: null, n: 0 },
    ]);
    expect(res.body.metrics.deals_won.series.map((s: { value: number }) => s.value)).toEqual([5, 0, 0]);
  });

  it('evaluates a user-defined KPI by name, custom fields included, and refuses it to a role that cannot read its field', async () => {
    const field = await post('/api/v1/custom-fields/', {
      name: 'region',
      label: 'Region',
      field_type: 'text',
      content_type: 'opportunity',
      is_filterable: true,
      visible_to_roles: ['admin', 'manager'],
    });
    expect(field.name).toBe('region');
    const deals = (await t.request('GET', '/api/v1/opportunities/?amount__gte=6000&stage=closed_won')).body.results as { id: string }[];
    for (const d of deals) await t.request('PATCH', `/api/v1/opportunities/${d.id}/`, { body: { custom_fields: { region: 'north' } } });
    const def = await post('/api/v1/analytics/metric-definitions/', {
      name: 'north_bookings',
      entity: 'opportunity',
      aggregate: 'sum',
      field: 'amount',
      filter: 'stage=closed_won&cf_region=north',
      date_field: 'actual_close_date',
    });
    expect(def).toMatchObject({ name: 'north_bookings', aggregate: 'sum', field: 'amount' });
    await post('/api/v1/analytics/metric-definitions/', {
      name: 'median_won',
      entity: 'opportunity',
      aggregate: 'median',
      field: 'amount',
      filter: 'stage=closed_won',
      date_field: 'actual_close_date',
    });
    for (const aggregate of ['avg', 'max', 'min']) {
      await post('/api/v1/analytics/metric-definitions/', {
        name: `${aggregate}_won`,
        entity: 'opportunity',
        aggregate,
        field: 'amount',
        filter: 'stage=closed_won',
        date_field: 'actual_close_date',
      });
    }
    // The total is combined from the periods when grouped: it must equal the ungrouped one.
    const totals: unknown[] = [];
    for (const groupBy of ['', '&group_by=week']) {
      const all = (
        await api(`metrics/?metrics=avg_won,max_won,min_won,sales_velocity,avg_sales_cycle_days&start_date=2025-01-01&end_date=2025-03-31${groupBy}`)
      ).body.metrics;
      expect([all.avg_won.value, all.max_won.value, all.min_won.value, all.avg_won.n, all.max_won.n]).toEqual([4400, 10000, 1000, 5, 5]);
      totals.push([all.sales_velocity.value, all.sales_velocity.n, all.avg_sales_cycle_days.value]);
    }
    expect(totals[1]).toEqual(totals[0]);
    const res = await api('metrics/?metrics=north_bookings,median_won,win_rate&start_date=2025-01-01&end_date=2025-03-31');
    expect(res.status).toBe(200);
    expect(res.body.metrics.north_bookings).toMatchObject({ value: 16000, n: 2, custom: true });
    expect(res.body.metrics.median_won).toMatchObject({ value: 3000, n: 5 });

    const rep = await t.userWithRole('sales_rep', 'kpi-rep');
    const refused = await api('metrics/?metrics=north_bookings', rep.token);
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.metrics[0]).toMatch(/north_bookings: cf_region/);
    expect((await api('metrics/?metrics=median_won&start_date=2025-01-01', rep.token)).body.metrics.median_won.value).toBe(3000);
    expect(
      (await t.request('POST', '/api/v1/analytics/metric-definitions/', { token: rep.token, body: { name: 'x', entity: 'lead', aggregate: 'count' } })).status,
    ).toBe(403);

    const dup = await t.request('POST', '/api/v1/analytics/metric-definitions/', { body: { name: 'north_bookings', entity: 'lead', aggregate: 'count' } });
    expect(dup.status).toBe(400);
    expect(dup.body.error.fields).toHaveProperty('name');
    const bad = await t.request('POST', '/api/v1/analytics/metric-definitions/', {
      body: { name: 'bad', entity: 'opportunity', aggregate: 'avg', field: 'name', filter: 'nope=1' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['field', 'filter']);
    const patched = await t.request('PATCH', `/api/v1/analytics/metric-definitions/${def.id}/`, { body: { aggregate: 'count' } });
    expect(patched.body).toMatchObject({ aggregate: 'count', field: null });
    expect((await api('metrics/?metrics=north_bookings&start_date=2025-01-01')).body.metrics.north_bookings.value).toBe(2);
    expect((await t.request('DELETE', `/api/v1/analytics/metric-definitions/${def.id}/`)).status).toBe(204);
    expect((await api('metrics/?metrics=north_bookings')).status).toBe(400);
  });
});

describe('analytics funnel', () => {
  it('counts stages reached from the recorded transitions, skipped and reversed stages included', async () => {
    const res = await api('funnel/?start_date=2025-01-01&end_date=2025-01-31');
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.stages.map((s: { stage: string }) => [s.stage, s]));
    expect(res.body.stages.map((s: { stage: string; count: number }) => [s.stage, s.count])).toEqual([
      ['lead', 4],
      ['qualified', 2],
      ['prospecting', 10],
      ['qualification', 8],
      ['proposal', 7],
      ['negotiation', 6],
      ['won', 5],
    ]);
    expect(by.qualification.entered).toBe(5);
    expect(by.proposal.entered).toBe(5);
    expect(by.prospecting).toMatchObject({ step_conversion_rate: 50, step_basis: 'converted_leads', conversion_rate: 25 });
    expect(by.won).toMatchObject({ conversion_rate: 12.5, step_conversion_rate: 83.33 });
    expect(res.body.overall_conversion).toBe(12.5);
    expect(res.body.bottleneck_stage).toBe('qualified');
    expect(by.proposal.median_dwell_days).toBe(6);
    expect(by.qualification.median_dwell_days).toBe(2);
    expect(res.body.slowest_stage).toBe('proposal');
  });

  it('takes a subset of stages in funnel order', async () => {
    const res = await api('funnel/?start_date=2025-01-01&end_date=2025-01-31&stages=proposal,won');
    expect(res.body.stages.map((s: { count: number }) => s.count)).toEqual([7, 5]);
    expect(res.body.overall_conversion).toBe(71.43);
  });
});

describe('analytics cohorts', () => {
  it('shows each cohort only the periods it has lived through', async () => {
    const res = await api('cohort/?metric=retention&period=month&cohorts=3');
    expect(res.status).toBe(200);
    expect(res.body.cohorts).toEqual([
      { cohort: '2025-01', size: 2, periods: [100, 50, 50], retention_rate: 50 },
      { cohort: '2025-02', size: 1, periods: [100, 100], retention_rate: 100 },
      { cohort: '2025-03', size: 1, periods: [100], retention_rate: 100 },
    ]);
    expect(res.body.average_retention).toBe(75);
    expect(res.body.best_cohort).toBe('2025-02');
    const revenue = await api('cohort/?metric=revenue&period=month&cohorts=3');
    expect(revenue.body.cohorts[0]).toMatchObject({ cohort: '2025-01', size: 1, periods: [22000, 0, 0] });
  });
});

describe('analytics forecast', () => {
  it('is ordered, deterministic and honest about thin history', async () => {
    const path = 'forecast/?start_date=2025-01-01&period=month&periods=6';
    const a = await api(path);
    expect(a.status).toBe(200);
    expect((await api(path)).body).toEqual(a.body);
    for (const row of a.body.forecast) {
      expect(row.confidence_low).toBeLessThanOrEqual(row.predicted_value);
      expect(row.predicted_value).toBeLessThanOrEqual(row.confidence_high);
    }
    expect(a.body.forecast[0]).toMatchObject({ date: '2025-01', predicted_value: 22000, confidence_low: 22000, confidence_high: 22000, closed_to_date: 22000 });
    expect(a.body.closed_to_date).toBe(22000);
    expect(a.body.based_on_closed_deals).toBe(8);
    expect(a.body.data_sufficiency.sufficient).toBe(false);
    expect(a.body.accuracy.method).toBe('backtest');
    expect(['upward', 'downward', 'flat']).toContain(a.body.trend);
    expect(a.body.components.pipeline.open_deals + a.body.components.pipeline.stale_deals_excluded).toBe(2);
  });
});

describe('analytics input and access', () => {
  it.each([
    ['metrics/?metrics=nope', 'metrics'],
    ['metrics/', 'metrics'],
    ['metrics/?metrics=win_rate&start_date=2025-02-30', 'start_date'],
    ['metrics/?metrics=win_rate&group_by=year', 'group_by'],
    ['metrics/?metrics=win_rate&start_date=2025-03-01&end_date=2025-02-01', 'end_date'],
    ['forecast/?periods=abc', 'periods'],
    ['forecast/?periods=100000', 'periods'],
    ['forecast/?start_date=2025-03-01&end_date=2025-02-01', 'end_date'],
    ['forecast/?period=year', 'period'],
    ['forecast/?owner=nobody', 'owner'],
    ['funnel/?stages=lead,unicorn', 'stages'],
    ['funnel/?start_date=yesterday', 'start_date'],
    ['cohort/', 'metric'],
    ['cohort/?metric=retention&cohorts=0', 'cohorts'],
    ['cohort/?metric=retention&color=red', 'color'],
  ])('%s is a 400 naming %s', async (path, param) => {
    const res = await api(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toContain(param);
  });

  it('lists the known metrics when one is unknown', async () => {
    const res = await api('metrics/?metrics=win_rate,nope');
    expect(res.body.error.fields.metrics[0]).toMatch(/nope.*known: .*win_rate.*activities_count/);
  });

  it('requires authentication and lets every role read what it may read', async () => {
    for (const path of ['forecast/', 'funnel/', 'cohort/?metric=retention', 'metrics/?metrics=win_rate', 'metric-definitions/']) {
      expect((await t.request('GET', `/api/v1/analytics/${path}`, { token: null })).status).toBe(401);
    }
    const viewer = await t.userWithRole('viewer', 'an-viewer');
    const admin = await api('metrics/?metrics=win_rate,deals_won&start_date=2025-01-01');
    const seen = await api('metrics/?metrics=win_rate,deals_won&start_date=2025-01-01', viewer.token);
    expect(seen.status).toBe(200);
    // Every role reads every record today (lists do not restrict by owner), so the figures are the same.
    expect(seen.body.metrics).toEqual(admin.body.metrics);
  });
});
