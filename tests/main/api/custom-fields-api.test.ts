import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function field(body: Record<string, unknown>) {
  const res = await t.request('POST', '/api/v1/custom-fields/', { body });
  if (res.status !== 201) throw new Error(`field create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

describe('custom fields API', () => {
  it('creates the spec example by content type id and takes values inline on records', async () => {
    const types = await t.request('GET', '/api/v1/content-types/');
    expect(types.body.results).toContainEqual({ id: 5, model: 'lead', name: 'Lead' });
    const revenue = await t.request('POST', '/api/v1/custom-fields/', {
      body: {
        name: 'annual_revenue',
        label: 'Annual Revenue',
        field_type: 'decimal',
        content_type: 5,
        is_required: true,
        min_value: 0,
        max_value: 999999999,
        help_text: "Company's annual revenue in USD",
        placeholder: 'e.g., 1000000',
        is_searchable: true,
        is_filterable: true,
      },
    });
    expect(revenue.status).toBe(201);
    expect(revenue.body).toMatchObject({ name: 'annual_revenue', content_type: 5, model: 'lead', field_type: 'decimal', is_active: true });

    const missing = await t.request('POST', '/api/v1/leads/', { body: { email: 'a@x.test' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields['custom_fields.annual_revenue']).toEqual(['This field is required.']);

    const tooBig = await t.request('POST', '/api/v1/leads/', { body: { email: 'a@x.test', custom_fields: { annual_revenue: 1e12 } } });
    expect(tooBig.body.error.fields['custom_fields.annual_revenue']).toEqual(['Ensure this value is less than or equal to 999999999.']);

    const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'a@x.test', custom_fields: { annual_revenue: 2500000 } } });
    expect(lead.status).toBe(201);
    expect(lead.body.custom_fields).toEqual({ annual_revenue: 2500000 });
    const unknown = await t.request('PATCH', `/api/v1/leads/${lead.body.id}/`, { body: { custom_fields: { nope: 1 } } });
    expect(unknown.body.error.fields['custom_fields.nope']).toEqual(['Unknown custom field.']);

    const listed = await t.request('GET', '/api/v1/custom-fields/?model=lead');
    expect(listed.body.results.map((f: any) => f.name)).toEqual(['annual_revenue']);
  });

  it('validates a value with validate_value and refuses bad definitions', async () => {
    const size = await field({
      name: 'company_size',
      label: 'Company Size',
      field_type: 'select',
      content_type: 'lead',
      options: [
        { value: '1-10', label: '1-10 employees' },
        { value: '51-200', label: '51-200 employees' },
      ],
    });
    const good = await t.request('POST', `/api/v1/custom-fields/${size.id}/validate_value/`, { body: { value: '51-200' } });
    expect(good.body).toEqual({ valid: true, value: '51-200', errors: [] });
    const bad = await t.request('POST', `/api/v1/custom-fields/${size.id}/validate_value/`, { body: { value: 'huge' } });
    expect(bad.body).toEqual({ valid: false, value: null, errors: ['"huge" is not a valid choice.'] });

    const noOptions = await t.request('POST', '/api/v1/custom-fields/', { body: { name: 'x', label: 'X', field_type: 'radio', content_type: 'lead' } });
    expect(noOptions.body.error.fields.options).toBeTruthy();
    const dup = await t.request('POST', '/api/v1/custom-fields/', { body: { name: 'company_size', label: 'X', field_type: 'text', content_type: 'lead' } });
    expect(dup.body.error.fields.name[0]).toMatch(/already exists/);
    const lookahead = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'y', label: 'Y', field_type: 'text', content_type: 'lead', regex_pattern: '(?=a)' },
    });
    expect(lookahead.status).toBe(400);
    expect(lookahead.body.error.fields.regex_pattern[0]).toMatch(/RE2/);
    const badType = await t.request('POST', '/api/v1/custom-fields/', { body: { name: 'z', label: 'Z', field_type: 'color', content_type: 'lead' } });
    expect(badType.body.error.fields.field_type).toBeTruthy();
  });

  // With a backtracking engine this request would block the engine for good (2^10000 steps).
  it('answers a catastrophic pattern on a long value', async () => {
    const f = await field({
      name: 'code',
      label: 'Code',
      field_type: 'textarea',
      content_type: 'task',
      regex_pattern: '^(a+)+$',
      regex_error_message: 'Only a.',
    });
    const res = await t.request('POST', `/api/v1/custom-fields/${f.id}/validate_value/`, { body: { value: `${'a'.repeat(10_000)}!` } });
    expect(res.body).toEqual({ valid: false, value: null, errors: ['Only a.'] });
  });

  it('bulk_update writes the valid values and reports the others', async () => {
    const rating = await field({ name: 'rating', label: 'Rating', field_type: 'number', content_type: 'contact', min_value: 1, max_value: 5 });
    const partner = await field({ name: 'is_partner', label: 'Partner', field_type: 'boolean', content_type: 'contact' });
    const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Bulk', email: 'bulk@x.test' } });
    const res = await t.request('POST', '/api/v1/custom-field-values/bulk_update/', {
      body: { model: 'contact', object_id: contact.body.id, values: { [rating.id]: 9, [partner.id]: true, nope: 1 } },
    });
    expect(res.status).toBe(200);
    expect(res.body.updated).toEqual([{ field_id: partner.id, field_name: 'is_partner', value: true }]);
    expect(res.body.errors).toEqual([
      { field_id: rating.id, field_name: 'rating', errors: ['Ensure this value is less than or equal to 5.'] },
      { field_id: 'nope', field_name: null, errors: ['Unknown custom field.'] },
    ]);
    const values = await t.request('GET', `/api/v1/custom-field-values/for_object/?model=contact&object_id=${contact.body.id}`);
    expect(values.body.count).toBe(1);
    expect(values.body.results[0]).toMatchObject({ custom_field: partner.id, field_label: 'Partner', field_type: 'boolean', display_value: true });

    const created = await t.request('POST', '/api/v1/custom-field-values/', { body: { custom_field: rating.id, object_id: contact.body.id, value: 4 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ field_name: 'rating', value: 4 });
    const list = await t.request('GET', `/api/v1/custom-field-values/?model=contact&object_id=${contact.body.id}`);
    expect(list.body.results.map((v: any) => [v.field_name, v.value])).toEqual([
      ['is_partner', true],
      ['rating', 4],
    ]);
  });

  it('filters and orders on a filterable custom field; rejects a non-filterable one', async () => {
    await field({ name: 'arr', label: 'ARR', field_type: 'decimal', content_type: 'company', is_filterable: true });
    await field({ name: 'memo', label: 'Memo', field_type: 'text', content_type: 'company' });
    for (const [name, arr] of [
      ['Small', 100],
      ['Mid', 5000],
      ['Big', 2_000_000],
    ] as const) {
      await t.request('POST', '/api/v1/companies/', { body: { name, custom_fields: { arr, memo: 'x' } } });
    }
    const res = await t.request('GET', '/api/v1/companies/?cf_arr__gte=1000&ordering=-cf_arr');
    expect(res.status).toBe(200);
    expect(res.body.results.map((c: any) => c.name)).toEqual(['Big', 'Mid']);
    const asc = await t.request('GET', '/api/v1/companies/?cf_arr__range=50,6000&ordering=cf_arr');
    expect(asc.body.results.map((c: any) => c.name)).toEqual(['Small', 'Mid']);
    const notFilterable = await t.request('GET', '/api/v1/companies/?cf_memo=x');
    expect(notFilterable.status).toBe(400);
    expect(notFilterable.body.error.fields.cf_memo).toEqual(['Custom field "memo" is not filterable.']);
    const badValue = await t.request('GET', '/api/v1/companies/?cf_arr__gte=lots');
    expect(badValue.body.error.fields['cf_arr__gte']).toBeTruthy();
    const plan = t.server.engine.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT t.rowid FROM companies t WHERE json_extract(t.custom_fields, '$.arr') >= ? AND t.deleted_at IS NULL ORDER BY json_extract(t.custom_fields, '$.arr') DESC, t.id DESC LIMIT 20`,
      )
      .all(1000) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('cf_companies_arr');
  });

  it('filters a multiselect by any or all of its options', async () => {
    await field({
      name: 'channels',
      label: 'Channels',
      field_type: 'multiselect',
      content_type: 'opportunity',
      is_filterable: true,
      options: ['web', 'phone', 'mail'],
    });
    const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Multi', email: 'multi@x.test' } });
    const base = { contact: contact.body.id, amount: 10, close_date: '2030-01-01' };
    await t.request('POST', '/api/v1/opportunities/', { body: { ...base, name: 'A', custom_fields: { channels: ['web', 'phone'] } } });
    await t.request('POST', '/api/v1/opportunities/', { body: { ...base, name: 'B', custom_fields: { channels: ['mail'] } } });
    const bad = await t.request('POST', '/api/v1/opportunities/', { body: { ...base, name: 'C', custom_fields: { channels: ['fax'] } } });
    expect(bad.body.error.fields['custom_fields.channels']).toEqual(['"fax" is not a valid choice.']);
    expect((await t.request('GET', '/api/v1/opportunities/?cf_channels=web,mail&ordering=name')).body.results.map((o: any) => o.name)).toEqual(['A', 'B']);
    expect((await t.request('GET', '/api/v1/opportunities/?cf_channels__all=web,phone')).body.results.map((o: any) => o.name)).toEqual(['A']);
  });

  it('finds records by a searchable custom value', async () => {
    await field({ name: 'codename', label: 'Codename', field_type: 'text', content_type: 'opportunity', is_searchable: true });
    const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Search', email: 'search@x.test' } });
    await t.request('POST', '/api/v1/opportunities/', {
      body: { name: 'Deal', contact: contact.body.id, amount: 1, close_date: '2030-01-01', custom_fields: { codename: 'Bluebird' } },
    });
    const res = await t.request('GET', '/api/v1/opportunities/?search=bluebird');
    expect(res.body.results.map((o: any) => o.name)).toEqual(['Deal']);
  });

  it('converts values on a type change, or refuses listing those that cannot be converted', async () => {
    const f = await field({ name: 'employees', label: 'Employees', field_type: 'text', content_type: 'lead' });
    const ok = await t.request('POST', '/api/v1/leads/', { body: { email: 'c1@x.test', custom_fields: { annual_revenue: 1, employees: '42' } } });
    const toNumber = await t.request('PATCH', `/api/v1/custom-fields/${f.id}/`, { body: { field_type: 'number' } });
    expect(toNumber.status).toBe(200);
    expect((await t.request('GET', `/api/v1/leads/${ok.body.id}/`)).body.custom_fields.employees).toBe(42);

    const back = await t.request('PATCH', `/api/v1/custom-fields/${f.id}/`, { body: { field_type: 'text', label: 'Head count' } });
    expect(back.body).toMatchObject({ field_type: 'text', label: 'Head count' });
    const bad = await t.request('POST', '/api/v1/leads/', { body: { email: 'c2@x.test', custom_fields: { annual_revenue: 1, employees: 'about fifty' } } });
    const refused = await t.request('PATCH', `/api/v1/custom-fields/${f.id}/`, { body: { field_type: 'number' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.fields[`values.${bad.body.id}`]).toEqual(['"about fifty": A valid integer is required.']);
    expect((await t.request('GET', `/api/v1/custom-fields/${f.id}/`)).body.field_type).toBe('text');
    expect((await t.request('GET', `/api/v1/leads/${ok.body.id}/`)).body.custom_fields.employees).toBe('42');
  });

  it('deletes a field keeping its values, and restores it', async () => {
    const f = await field({ name: 'nickname', label: 'Nickname', field_type: 'text', content_type: 'task' });
    const task = await t.request('POST', '/api/v1/tasks/', { body: { title: 'T', custom_fields: { nickname: 'Nick' } } });
    expect((await t.request('DELETE', `/api/v1/custom-fields/${f.id}/`)).status).toBe(204);
    expect((await t.request('GET', `/api/v1/tasks/${task.body.id}/`)).body.custom_fields).toEqual({});
    const again = await t.request('POST', '/api/v1/custom-fields/', { body: { name: 'nickname', label: 'N', field_type: 'text', content_type: 'task' } });
    expect(again.body.error.fields.name[0]).toMatch(/restore/);
    expect((await t.request('POST', `/api/v1/custom-fields/${f.id}/restore/`)).status).toBe(200);
    expect((await t.request('GET', `/api/v1/tasks/${task.body.id}/`)).body.custom_fields).toEqual({ nickname: 'Nick' });
  });

  it('hides a manager-only field from a rep in records, lists, filters, search and definitions', async () => {
    const f = await field({
      name: 'margin',
      label: 'Margin',
      field_type: 'text',
      content_type: 'company',
      is_filterable: true,
      is_searchable: true,
      visible_to_roles: ['manager'],
      editable_by_roles: ['manager'],
    });
    const open = await field({ name: 'region', label: 'Region', field_type: 'text', content_type: 'company', editable_by_roles: ['manager'] });
    const co = await t.request('POST', '/api/v1/companies/', { body: { name: 'Secretco', custom_fields: { margin: 'Zanzibar', region: 'north' } } });
    const rep = await t.userWithRole('sales_rep', 'rep1');
    const manager = await t.userWithRole('manager', 'mgr1');
    expect((await t.request('GET', `/api/v1/companies/${co.body.id}/`, { token: rep.token })).body.custom_fields).toEqual({ region: 'north' });
    expect((await t.request('GET', `/api/v1/companies/${co.body.id}/`, { token: manager.token })).body.custom_fields).toMatchObject({ margin: 'Zanzibar' });
    const list = await t.request('GET', '/api/v1/companies/?search=secretco', { token: rep.token });
    expect(list.body.results[0].custom_fields.margin).toBeUndefined();
    expect((await t.request('GET', '/api/v1/companies/?cf_margin=Zanzibar', { token: rep.token })).status).toBe(400);
    expect((await t.request('GET', '/api/v1/companies/?search=zanzibar', { token: rep.token })).body.count).toBe(0);
    expect((await t.request('GET', '/api/v1/companies/?cf_margin=Zanzibar', { token: manager.token })).body.count).toBe(1);
    expect((await t.request('GET', `/api/v1/custom-fields/${f.id}/`, { token: rep.token })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/custom-fields/?model=company', { token: rep.token })).body.results.map((d: any) => d.name)).not.toContain('margin');
    const forObject = await t.request('GET', `/api/v1/custom-field-values/for_object/?model=company&object_id=${co.body.id}`, { token: rep.token });
    expect(forObject.body.results.map((v: any) => v.field_name)).toEqual(['region']);

    const edit = await t.request('PATCH', `/api/v1/companies/${co.body.id}/`, { token: rep.token, body: { custom_fields: { region: 'south' } } });
    expect(edit.status).toBe(400);
    expect(edit.body.error.fields['custom_fields.region']).toEqual(['Your role may not edit this field.']);
    const hidden = await t.request('PATCH', `/api/v1/companies/${co.body.id}/`, { token: rep.token, body: { custom_fields: { margin: 'x' } } });
    expect(hidden.body.error.fields['custom_fields.margin']).toEqual(['Unknown custom field.']);
    expect(
      (await t.request('POST', '/api/v1/custom-fields/', { token: rep.token, body: { name: 'q', label: 'Q', field_type: 'text', content_type: 'lead' } }))
        .status,
    ).toBe(403);
    // The history keeps the secret too: no name, no value in the trail or field history of a rep.
    await t.request('PATCH', `/api/v1/companies/${co.body.id}/`, { token: manager.token, body: { custom_fields: { margin: 'Timbuktu' } } });
    const repTrail = await t.request('GET', `/api/v1/audit-trail/?model=company&object_id=${co.body.id}`, { token: rep.token });
    expect(repTrail.status).toBe(200);
    expect(JSON.stringify(repTrail.body)).not.toMatch(/margin|Zanzibar|Timbuktu/);
    const repHistory = await t.request('GET', `/api/v1/field-history/?model=company&object_id=${co.body.id}`, { token: rep.token });
    expect(JSON.stringify(repHistory.body)).not.toMatch(/margin|Zanzibar|Timbuktu/);
    const managerHistory = await t.request('GET', `/api/v1/field-history/?model=company&object_id=${co.body.id}`, { token: manager.token });
    expect(JSON.stringify(managerHistory.body)).toMatch(/Timbuktu/);
    expect(t.server.engine.customFields.engine.canSee('company', 'margin', 'sales_rep')).toBe(false);
    expect(t.server.engine.customFields.engine.canSee('company', 'margin', 'manager')).toBe(true);
    expect(open.name).toBe('region');
  });

  it('puts custom value changes in the write path change event', async () => {
    await field({ name: 'tier', label: 'Tier', field_type: 'radio', content_type: 'contact', options: ['gold', 'silver'] });
    const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Event', email: 'event@x.test', custom_fields: { tier: 'silver' } } });
    const seen: Record<string, unknown>[] = [];
    const off = t.server.engine.records.events.on('record.changed', (c) => seen.push(c.changes));
    await t.request('PATCH', `/api/v1/contacts/${contact.body.id}/`, { body: { custom_fields: { tier: 'gold' } } });
    off();
    expect(seen[0]['custom_fields.tier']).toEqual({ old: 'silver', new: 'gold' });
  });

  it('describes the custom fields in the OpenAPI document', async () => {
    const doc = await t.request('GET', '/api/docs/openapi.json', { token: null });
    const schema = doc.body.paths['/api/v1/leads/{id}/'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.custom_fields.properties.annual_revenue).toMatchObject({ type: 'number', minimum: 0 });
    const companies = doc.body.paths['/api/v1/companies/'].get.responses['200'].content['application/json'].schema;
    expect(companies.properties.results.items.properties.custom_fields.properties.margin).toBeUndefined();
  });

  it('manages field groups', async () => {
    const g = await t.request('POST', '/api/v1/custom-field-groups/', { body: { name: 'Financials', content_type: 'lead', order: 1 } });
    expect(g.status).toBe(201);
    const f = await field({ name: 'budget', label: 'Budget', field_type: 'decimal', content_type: 'lead', group: g.body.id });
    expect((await t.request('DELETE', `/api/v1/custom-field-groups/${g.body.id}/`)).status).toBe(409);
    expect((await t.request('GET', '/api/v1/custom-field-groups/?model=lead')).body.results.map((x: any) => x.name)).toEqual(['Financials']);
    const wrong = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: 'w', label: 'W', field_type: 'text', content_type: 'task', group: g.body.id },
    });
    expect(wrong.body.error.fields.group).toBeTruthy();
    expect(f.name).toBe('budget');
  });
});
