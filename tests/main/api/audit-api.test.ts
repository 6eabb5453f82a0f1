import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';
import { ManualClock } from '../../helpers/manual-clock';

let t: TestServer;
let clock: ManualClock;
let rep: { id: string; token: string };
let manager: { id: string; token: string };

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z'));
  t = await startTestServer({ clock });
  rep = await t.userWithRole('sales_rep', 'rita');
  manager = await t.userWithRole('manager', 'max');
});
afterAll(() => t.stop());

function expect400(res: ApiResponse, param: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(Object.keys(res.body.error.fields)).toContain(param);
}

const tick = () => clock.advance(1_000);

async function newContact(email: string) {
  const res = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Doe', first_name: 'Jo', email } });
  expect(res.status).toBe(201);
  return res.body;
}

describe('audit trail', () => {
  it('records create, update, delete and restore with values and author', async () => {
    tick();
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'acme@x.test', company_name: 'Acme Corp', first_name: 'Ann' } });
    tick();
    await t.request('PATCH', `/api/v1/leads/${lead.body.id}/`, { body: { status: 'qualified' } });
    const res = await t.request('GET', `/api/v1/audit-trail/?model=lead&object_id=${lead.body.id}&start_date=2024-01-01`);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    const [update, create] = res.body.results;
    expect(update).toMatchObject({
      user: 'admin@example.com',
      user_name: 'Admin',
      action: 'update',
      model_name: 'lead',
      object_id: lead.body.id,
      object_repr: 'Ann Acme Corp',
      description: 'Updated lead status',
      changes: ['status'],
      old_values: { status: 'new' },
      new_values: { status: 'qualified' },
      origin: 'api',
    });
    expect(update.timestamp).toBe('2025-03-01T09:00:02.000Z');
    expect(create.action).toBe('create');
    expect(create.new_values).toMatchObject({ email: 'acme@x.test', status: 'new' });
    expect((await t.request('GET', `/api/v1/audit-trail/${update.id}/`)).body).toEqual(update);
    expect((await t.request('GET', '/api/v1/audit-trail/01900000-0000-7000-8000-000000000000/')).status).toBe(404);
  });

  it('filters by action, user, model, origin, dates and search, and pages', async () => {
    const c = await newContact('filter@x.test');
    await t.request('PATCH', `/api/v1/contacts/${c.id}/`, { body: { job_title: 'CTO' } });
    await t.request('PATCH', `/api/v1/contacts/${c.id}/`, { body: { job_title: 'CEO' }, token: rep.token });
    const byRep = await t.request('GET', `/api/v1/audit-trail/?user=${rep.id}&model=contact`);
    expect(byRep.body.results.map((e: any) => e.new_values.job_title)).toEqual(['CEO']);
    const byEmail = await t.request('GET', '/api/v1/audit-trail/?user=rita@example.com&action=update');
    expect(byEmail.body.count).toBe(1);
    const several = await t.request('GET', `/api/v1/audit-trail/?object_id=${c.id}&action=create,update&ordering=timestamp`);
    expect(several.body.results.map((e: any) => e.action)).toEqual(['create', 'update', 'update']);
    const search = await t.request('GET', '/api/v1/audit-trail/?search=Jo%20Doe&model=contact');
    expect(search.body.count).toBeGreaterThanOrEqual(1);
    const origin = await t.request('GET', '/api/v1/audit-trail/?origin=remote');
    expect(origin.body.count).toBe(0);
    const future = await t.request('GET', '/api/v1/audit-trail/?start_date=2030-01-01');
    expect(future.body.count).toBe(0);
    const page = await t.request('GET', '/api/v1/audit-trail/?page_size=2');
    expect(page.body.results).toHaveLength(2);
    expect(page.body.next).toContain('page=2');
    // The owner's account is self-authored (teammates check it against the team's roles).
    const me = await t.request('GET', '/api/v1/auth/me/');
    const own = await t.request('GET', `/api/v1/audit-trail/?user=${me.body.id}&model=user&action=create`);
    expect(own.body.results.some((e: any) => e.object_id === me.body.id)).toBe(true);
    expect((await t.request('GET', '/api/v1/audit-trail/?user=system&model=user')).status).toBe(200);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    expect400(await t.request('GET', '/api/v1/audit-trail/?model=spaceship'), 'model');
    expect400(await t.request('GET', '/api/v1/audit-trail/?action=explode'), 'action');
    expect400(await t.request('GET', '/api/v1/audit-trail/?start_date=2024-13-45'), 'start_date');
    expect400(await t.request('GET', '/api/v1/audit-trail/?end_date=yesterday'), 'end_date');
    expect400(await t.request('GET', '/api/v1/audit-trail/?start_date=2025-02-01&end_date=2025-01-01'), 'end_date');
    expect400(await t.request('GET', '/api/v1/audit-trail/?page_size=0'), 'page_size');
    expect400(await t.request('GET', '/api/v1/audit-trail/?colour=red'), 'colour');
    expect400(await t.request('GET', '/api/v1/audit-trail/?ordering=secret'), 'ordering');
    // Names an object has from its prototype are not orderings either (one was a 500).
    for (const name of ['toString', '-constructor', '__proto__', 'hasOwnProperty'])
      expect400(await t.request('GET', `/api/v1/audit-trail/?ordering=${name}`), 'ordering');
    expect400(await t.request('GET', '/api/v1/audit-trail/?user=nobody@nowhere.test'), 'user');
    expect400(await t.request('GET', '/api/v1/audit-trail/?origin=mars'), 'origin');
    expect400(await t.request('GET', '/api/v1/field-history/?model=lead&field_name=shoe_size'), 'field_name');
    expect400(await t.request('GET', '/api/v1/field-history/?model=unicorn'), 'model');
    expect400(await t.request('GET', '/api/v1/audit-trail/stats/?start_date=soon'), 'start_date');
    expect400(await t.request('GET', '/api/v1/audit-trail/snapshots/?reason=boredom'), 'reason');
  });

  it('gives stats by action, model, user and day to managers only', async () => {
    const stats = await t.request('GET', '/api/v1/audit-trail/stats/?start_date=2025-01-01', { token: manager.token });
    expect(stats.status).toBe(200);
    expect(stats.body.total).toBeGreaterThan(0);
    expect(stats.body.by_action.create).toBeGreaterThan(0);
    expect(stats.body.by_model.lead).toBeGreaterThan(0);
    expect(stats.body.by_day[0]).toMatchObject({ date: '2025-03-01' });
    expect(stats.body.by_user.some((u: any) => u.user_name === 'Admin')).toBe(true);
    expect((await t.request('GET', '/api/v1/audit-trail/stats/', { token: rep.token })).status).toBe(403);
  });

  it('logs failed sign-ins without the password: the account owner and admins see them', async () => {
    const typed = 'not-the-password-9';
    expect((await t.request('POST', '/api/v1/auth/token/', { token: null, body: { username: 'rita', password: typed } })).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/token/', { token: null, body: { username: 'nobody-here', password: typed } })).status).toBe(401);
    const all = await t.request('GET', '/api/v1/audit-trail/?action=login_failed');
    expect(all.status).toBe(200);
    expect(all.body.results.map((e: any) => e.object_repr).sort()).toEqual(['nobody-here', 'rita']);
    expect(JSON.stringify(all.body)).not.toContain(typed);
    const own = await t.request('GET', '/api/v1/audit-trail/?action=login_failed', { token: rep.token });
    expect(own.body.results.map((e: any) => e.object_repr)).toEqual(['rita']);
  });

  it('logs sign-ins, and shows other users only record changes and their own entries', async () => {
    await t.login('rita', 'rita-password-1');
    const mine = await t.request('GET', '/api/v1/audit-trail/?action=login', { token: rep.token });
    expect(mine.body.count).toBeGreaterThan(0);
    expect(mine.body.results.every((e: any) => e.user_id === rep.id)).toBe(true);
    const all = await t.request('GET', '/api/v1/audit-trail/?action=login', { token: manager.token });
    expect(all.body.results.some((e: any) => e.user_id !== rep.id)).toBe(true);
    const users = await t.request('GET', '/api/v1/audit-trail/?model=user', { token: rep.token });
    expect(users.body.results.every((e: any) => e.object_id === rep.id || e.user_id === rep.id)).toBe(true);
    const adminLogin = all.body.results.find((e: any) => e.user_id !== rep.id);
    expect((await t.request('GET', `/api/v1/audit-trail/${adminLogin.id}/`, { token: rep.token })).status).toBe(404);
    const records = await t.request('GET', '/api/v1/audit-trail/?model=lead', { token: rep.token });
    expect(records.body.count).toBeGreaterThan(0);
  });

  it('never stores passwords or tokens', async () => {
    const created = await t.request('POST', '/api/v1/users/', {
      body: { username: 'sam', email: 'sam@example.com', password: 'very-secret-pass-1', password_confirm: 'very-secret-pass-1', first_name: 'Sam' },
    });
    expect(created.status).toBe(201);
    await t.request('PATCH', `/api/v1/users/${created.body.id}/`, { body: { password: 'another-secret-pass-2' } });
    const token = await t.request('POST', '/api/v1/auth/api-tokens/', { body: { name: 'script' } });
    expect(token.status).toBe(201);
    const contact = await newContact('custom@x.test');
    const all = await t.request('GET', '/api/v1/audit-trail/?page_size=100');
    const text = JSON.stringify(all.body);
    expect(text).not.toContain('very-secret-pass-1');
    expect(text).not.toContain('another-secret-pass-2');
    expect(text).not.toContain(token.body.token);
    const tokenEntry = all.body.results.find((e: any) => e.model_name === 'api_token');
    expect(tokenEntry).toMatchObject({ action: 'create', object_repr: 'script' });
    expect(tokenEntry.new_values.token).toBe('***');
    expect(all.body.results.some((e: any) => e.action === 'password_change' && e.object_id === created.body.id)).toBe(true);
    const store = t.server.engine.db.prepare('SELECT * FROM audit_entries').all();
    expect(JSON.stringify(store)).not.toContain('very-secret-pass-1');
    expect(JSON.stringify(store)).not.toContain(token.body.token);
    expect(contact.id).toBeTruthy();
  });

  it('logs reads of the models an admin chose', async () => {
    const c = await newContact('viewed@x.test');
    await t.request('GET', `/api/v1/contacts/${c.id}/`);
    expect((await t.request('GET', `/api/v1/audit-trail/?action=view&object_id=${c.id}`)).body.count).toBe(0);
    expect((await t.request('PATCH', '/api/v1/audit-settings/', { body: { log_views: { contact: true } }, token: manager.token })).status).toBe(403);
    const set = await t.request('PATCH', '/api/v1/audit-settings/', { body: { log_views: { contact: true } } });
    expect(set.body.log_views.contact).toBe(true);
    expect400(await t.request('PATCH', '/api/v1/audit-settings/', { body: { log_views: { dragon: true } } }), 'log_views.dragon');
    await t.request('GET', `/api/v1/contacts/${c.id}/`, { token: rep.token });
    const views = await t.request('GET', `/api/v1/audit-trail/?action=view&object_id=${c.id}`);
    expect(views.body.results[0]).toMatchObject({ action: 'view', user_id: rep.id, description: 'Viewed contact' });
    // Others do not see who read what, except their own reads.
    expect((await t.request('GET', `/api/v1/audit-trail/?action=view&object_id=${c.id}`, { token: rep.token })).body.count).toBe(1);
    const other = await t.userWithRole('sales_rep', 'otto');
    expect((await t.request('GET', `/api/v1/audit-trail/?action=view&object_id=${c.id}`, { token: other.token })).body.count).toBe(0);
    expect((await t.request('GET', '/api/v1/audit-settings/', { token: manager.token })).body.log_views.contact).toBe(true);
  });

  it('records a bulk change with one entry and a snapshot of each record', async () => {
    const a = await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk1@x.test' } });
    const b = await t.request('POST', '/api/v1/leads/', { body: { email: 'bulk2@x.test' } });
    const res = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'update', ids: [a.body.id, b.body.id], changes: { priority: 'high' } } });
    expect(res.status).toBe(200);
    const bulk = await t.request('GET', '/api/v1/audit-trail/?action=bulk_update');
    expect(bulk.body.results[0]).toMatchObject({ model_name: 'lead', changes: ['priority'] });
    const snaps = await t.request('GET', `/api/v1/audit-trail/snapshots/?object_id=${a.body.id}&reason=bulk`);
    expect(snaps.body.results[0].data).toMatchObject({ email: 'bulk1@x.test', priority: 'medium' });
    const failed = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'delete', ids: [a.body.id, 'missing'] } });
    expect(failed.status).toBe(404);
    expect((await t.request('GET', '/api/v1/audit-trail/?action=bulk_delete')).body.count).toBe(0);
  });
});

describe('field history', () => {
  it('formats values for people: money, dates, enums, user names, labels', async () => {
    const contact = await newContact('deal@x.test');
    const opp = await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Big deal', contact: contact.id, amount: 50000, close_date: '2024-03-01', stage: 'proposal' },
    });
    tick();
    await t.request('PATCH', `/api/v1/opportunities/${opp.body.id}/`, {
      body: { amount: 75000, stage: 'closed_won', close_date: '2024-04-15', assigned_to: rep.id },
    });
    const res = await t.request('GET', `/api/v1/field-history/?model=opportunity&object_id=${opp.body.id}&field_name=amount`);
    expect(res.body.count).toBe(1);
    expect(res.body.results[0]).toMatchObject({
      field_name: 'amount',
      field_label: 'Amount',
      old_value: '50000.00',
      new_value: '75000.00',
      old_value_display: '$50,000',
      new_value_display: '$75,000',
      changed_by: 'Admin',
    });
    const all = await t.request('GET', `/api/v1/field-history/?object_id=${opp.body.id}`);
    const byField = Object.fromEntries(all.body.results.map((r: any) => [r.field_name, r]));
    expect(byField.stage).toMatchObject({ field_label: 'Stage', old_value_display: 'Proposal', new_value_display: 'Closed won' });
    expect(byField.close_date).toMatchObject({ field_label: 'Expected close date', old_value_display: 'Mar 1, 2024', new_value_display: 'Apr 15, 2024' });
    expect(byField.assigned_to).toMatchObject({ old_value_display: '(none)', new_value_display: 'rita' });
    const one = await t.request('GET', `/api/v1/field-history/${byField.stage.id}/`);
    expect(one.body).toEqual(byField.stage);
    const dated = await t.request('GET', `/api/v1/field-history/?object_id=${opp.body.id}&start_date=2030-01-01`);
    expect(dated.body.count).toBe(0);
    const byUser = await t.request('GET', `/api/v1/field-history/?object_id=${opp.body.id}&user=admin&ordering=changed_at`);
    expect(byUser.body.count).toBe(all.body.count);
  });
});

describe('recovery', () => {
  it('deletes, restores and reverts a field, seen through the record, the trail and the field history', async () => {
    tick();
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'round@x.test', first_name: 'Rae', status: 'new', priority: 'low' } });
    const id = lead.body.id;
    tick();
    const created = clock.now().toISOString();
    tick();
    await t.request('PATCH', `/api/v1/leads/${id}/`, { body: { status: 'contacted', priority: 'high' } });
    tick();
    expect((await t.request('DELETE', `/api/v1/leads/${id}/`)).status).toBe(204);
    const snap = await t.request('GET', `/api/v1/audit-trail/snapshots/?model=lead&object_id=${id}`);
    expect(snap.body.results[0]).toMatchObject({ reason: 'delete', data: { status: 'contacted', priority: 'high' } });

    tick();
    const asOf = await t.request('GET', `/api/v1/records/lead/${id}/as-of/?at=${created}`);
    expect(asOf.body).toMatchObject({ exists: true, deleted: false, values: { status: 'new', priority: 'low' } });
    const before = await t.request('GET', `/api/v1/records/lead/${id}/as-of/?at=2020-01-01`);
    expect(before.body.exists).toBe(false);

    tick();
    expect((await t.request('POST', `/api/v1/leads/${id}/restore/`)).status).toBe(200);
    tick();
    const revert = await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: created, fields: ['priority'] } });
    expect(revert.status, JSON.stringify(revert.body)).toBe(200);
    expect(revert.body.reverted_fields).toEqual(['priority']);
    expect(revert.body.record).toMatchObject({ priority: 'low', status: 'contacted', deleted_at: null });

    const record = await t.request('GET', `/api/v1/leads/${id}/`);
    expect(record.body).toMatchObject({ priority: 'low', status: 'contacted' });
    const trail = await t.request('GET', `/api/v1/audit-trail/?object_id=${id}&ordering=timestamp`);
    expect(trail.body.results.map((e: any) => e.action)).toEqual(['create', 'update', 'delete', 'restore', 'update']);
    expect(trail.body.results[4].description).toMatch(/^Reverted lead/);
    const history = await t.request('GET', `/api/v1/field-history/?object_id=${id}&field_name=priority&ordering=changed_at`);
    expect(history.body.results.map((r: any) => [r.old_value, r.new_value])).toEqual([
      ['low', 'high'],
      ['high', 'low'],
    ]);
    const deleted = await t.request('GET', `/api/v1/field-history/?object_id=${id}&field_name=deleted_at`);
    expect(deleted.body.count).toBe(2);

    // Reverting to an audit entry: the state that entry produced.
    const updateEntry = trail.body.results[1];
    const whole = await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: updateEntry.id } });
    expect(whole.body.record).toMatchObject({ priority: 'high', status: 'contacted' });
  });

  it('undeletes through a whole revert and refuses bad input', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'undo@x.test' } });
    const id = lead.body.id;
    tick();
    const live = clock.now().toISOString();
    tick();
    await t.request('DELETE', `/api/v1/leads/${id}/`);
    tick();
    const res = await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: live } });
    expect(res.body).toMatchObject({ restored: true, record: { deleted_at: null } });
    expect400(await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: 'last tuesday' } }), 'to');
    expect400(await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: live, fields: ['wings'] } }), 'fields');
    expect400(await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: '2019-01-01' } }), 'to');
    expect400(await t.request('POST', `/api/v1/records/spaceship/${id}/revert/`, { body: { to: live } }), 'model');
    expect400(await t.request('GET', `/api/v1/records/lead/${id}/as-of/`), 'at');
    expect400(await t.request('GET', `/api/v1/records/lead/${id}/as-of/?at=noon`), 'at');
    expect((await t.request('GET', '/api/v1/records/lead/01900000-0000-7000-8000-000000000000/as-of/?at=2025-01-01')).status).toBe(404);
    const viewer = await t.userWithRole('viewer', 'vic');
    expect((await t.request('POST', `/api/v1/records/lead/${id}/revert/`, { body: { to: live }, token: viewer.token })).status).toBe(403);
  });
});

describe('retention', () => {
  it('is managed by admins, purges by age per model, reports it and keeps restore working', async () => {
    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'old@x.test', priority: 'low' } });
    await t.request('PATCH', `/api/v1/leads/${lead.body.id}/`, { body: { priority: 'high' } });
    expect((await t.request('POST', '/api/v1/audit-retention-policies/', { body: { model: 'lead', audit_days: 30 }, token: manager.token })).status).toBe(403);
    expect400(await t.request('POST', '/api/v1/audit-retention-policies/', { body: { model: 'lead', audit_days: -3 } }), 'audit_days');
    expect400(await t.request('POST', '/api/v1/audit-retention-policies/', { body: { model: 'ghost', audit_days: 3 } }), 'model');
    const policy = await t.request('POST', '/api/v1/audit-retention-policies/', { body: { model: 'lead', audit_days: 30, field_history_days: 60 } });
    expect(policy.status).toBe(201);
    expect400(await t.request('POST', '/api/v1/audit-retention-policies/', { body: { model: 'lead' } }), 'model');
    const patched = await t.request('PATCH', `/api/v1/audit-retention-policies/${policy.body.id}/`, { body: { view_log_days: 7 } });
    expect(patched.body).toMatchObject({ audit_days: 30, field_history_days: 60, view_log_days: 7 });
    expect((await t.request('GET', '/api/v1/audit-retention-policies/')).body.count).toBe(1);
    expect((await t.request('GET', `/api/v1/audit-retention-policies/${policy.body.id}/`)).body.model).toBe('lead');

    const nothing = await t.request('POST', '/api/v1/audit-retention-policies/apply/');
    expect(nothing.body.removed.audit_entries).toBe(0);

    clock.advance(45 * 86_400_000);
    t.adminToken = await t.login(ADMIN.username, ADMIN.password);
    const fresh = await t.request('POST', '/api/v1/leads/', { body: { email: 'fresh@x.test' } });
    const applied = await t.request('POST', '/api/v1/audit-retention-policies/apply/');
    expect(applied.status).toBe(200);
    expect(applied.body.removed.audit_entries).toBeGreaterThan(0);
    expect(applied.body.removed.field_history).toBe(0);
    expect(applied.body.by_model.lead.audit_entries).toBe(applied.body.removed.audit_entries);
    const leads = await t.request('GET', '/api/v1/audit-trail/?model=lead');
    expect(leads.body.results.map((e: any) => e.object_id)).toEqual([fresh.body.id]);
    expect((await t.request('GET', '/api/v1/audit-trail/?model=contact')).body.count).toBeGreaterThan(0);
    expect((await t.request('GET', '/api/v1/audit-trail/?action=purge')).body.count).toBe(1);

    clock.advance(30 * 86_400_000);
    t.adminToken = await t.login(ADMIN.username, ADMIN.password);
    const second = await t.request('POST', '/api/v1/audit-retention-policies/apply/');
    expect(second.body.removed.field_history).toBeGreaterThan(0);
    // History before the horizon is gone: as-of refuses it; later points still work.
    expect400(await t.request('GET', `/api/v1/records/lead/${lead.body.id}/as-of/?at=2025-03-01T00:00:00Z`), 'at');
    const now = await t.request('GET', `/api/v1/records/lead/${lead.body.id}/as-of/?at=${clock.now().toISOString()}`);
    expect(now.body.values.priority).toBe('high');
    await t.request('DELETE', `/api/v1/leads/${lead.body.id}/`);
    expect((await t.request('POST', `/api/v1/leads/${lead.body.id}/restore/`)).status).toBe(200);

    expect((await t.request('DELETE', `/api/v1/audit-retention-policies/${policy.body.id}/`)).status).toBe(204);
    expect((await t.request('GET', `/api/v1/audit-retention-policies/${policy.body.id}/`)).status).toBe(404);
  });
});
