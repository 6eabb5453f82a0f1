import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type ApiResponse, type TestServer } from '../../helpers/test-server';

/**
 * DESIGN.md section 5: bad input gets a typed 4xx naming the offending fields, never a 500,
 * never a half-applied change. Every case checks the status, the error code, the named
 * field or parameter, and that the store did not change (outbox length).
 */
let t: TestServer;
let contactId: string;
let leadId: string;
let deletedLeadId: string;

const MISSING_ID = '01900000-0000-7000-8000-000000000000';

const outboxLength = () => t.server.engine.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;

function expectError(res: ApiResponse, status: number, code: string, field?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (field !== undefined) {
    expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body.error)).toContain(field);
    expect(res.body.error.fields[field].length).toBeGreaterThan(0);
    for (const m of res.body.error.fields[field]) expect(typeof m).toBe('string');
  }
}

/** A request with exactly the headers given (fetch would add a content type of its own). */
function rawRequest(method: string, path: string, body: string, headers: Record<string, string>): Promise<ApiResponse> {
  const url = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...headers, authorization: `Bearer ${t.adminToken}`, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, headers: h });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the request and asserts the outbox (every synced write lands there) did not grow. */
async function unchanged(run: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const before = outboxLength();
  const res = await run();
  expect(outboxLength()).toBe(before);
  return res;
}

beforeAll(async () => {
  t = await startTestServer();
  const contact = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Known', email: 'known@x.test' } });
  contactId = contact.body.id;
  const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'lead@x.test' } });
  leadId = lead.body.id;
  const gone = await t.request('POST', '/api/v1/leads/', { body: { email: 'gone@x.test' } });
  deletedLeadId = gone.body.id;
  await t.request('DELETE', `/api/v1/leads/${deletedLeadId}/`);
  // Enough tasks to page past the 100-per-page cap; written through the engine to stay fast.
  const admin = await t.request('GET', '/api/v1/auth/me/');
  t.server.engine.records.transaction(() => {
    for (let i = 0; i < 105; i++) t.server.engine.records.create('task', { title: `Task ${i}` }, { actor: admin.body.id, origin: 'api' });
  });
});
afterAll(() => t.stop());

describe('record bodies', () => {
  it.each([
    ['leads', {}, 'email'],
    ['contacts', { email: 'c@x.test' }, 'last_name'],
    ['contacts', { last_name: 'NoMail' }, 'email'],
    ['companies', { industry: 'x' }, 'name'],
    ['tasks', { description: 'no title' }, 'title'],
    ['activities', { subject: 'no type' }, 'activity_type'],
    ['activities', { activity_type: 'call' }, 'subject'],
    ['opportunities', { name: 'No amount', close_date: '2030-01-01' }, 'amount'],
    ['opportunities', { name: 'No contact', amount: 10, close_date: '2030-01-01' }, 'contact'],
    ['opportunities', { name: 'No date', amount: 10 }, 'close_date'],
  ])('POST /%s/ without a required field names it: %j -> %s', async (resource, body, field) => {
    const res = await unchanged(() =>
      t.request('POST', `/api/v1/${resource}/`, { body: resource === 'opportunities' && field !== 'contact' ? { ...body, contact: contactId } : body }),
    );
    expectError(res, 400, 'validation_failed', field);
  });

  it('reports every bad field of one body at once', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { body: { status: 'bogus', lead_score: 'high', priority: 7 } }));
    expectError(res, 400, 'validation_failed', 'email');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'lead_score', 'priority', 'status']);
  });

  it.each([
    ['leads', { email: 'not-an-email' }, 'email'],
    ['leads', { email: 'a@x.test', lead_score: 'abc' }, 'lead_score'],
    ['leads', { email: 'a@x.test', lead_score: 5.5 }, 'lead_score'],
    ['leads', { email: 'a@x.test', estimated_value: 'lots' }, 'estimated_value'],
    ['leads', { email: 'a@x.test', next_follow_up: 'tomorrow' }, 'next_follow_up'],
    ['leads', { email: 'a@x.test', tags: 'vip' }, 'tags'],
    ['leads', { email: 'a@x.test', tags: [1, 2] }, 'tags'],
    ['leads', { email: 'a@x.test', first_name: { nested: true } }, 'first_name'],
    ['leads', { email: 'a@x.test', first_name: 'x'.repeat(256) }, 'first_name'],
    ['leads', { email: 'a@x.test', assigned_to: 42 }, 'assigned_to'],
    ['contacts', { last_name: 'T', email: 't@x.test', email_opt_out: 'yes' }, 'email_opt_out'],
    ['contacts', { last_name: 'T', email: 't@x.test', website: 'javascript:alert(1)' }, 'website'],
    ['contacts', { last_name: 'T', email: 't@x.test', phone: 'call me maybe' }, 'phone'],
    ['contacts', { last_name: 'T', email: 't@x.test', company: MISSING_ID }, 'company'],
    ['companies', { name: 'Co', annual_revenue: 'abc' }, 'annual_revenue'],
    ['opportunities', { name: 'O', amount: 'abc', close_date: '2030-01-01' }, 'amount'],
    ['opportunities', { name: 'O', amount: 10, close_date: 'notadate' }, 'close_date'],
    ['opportunities', { name: 'O', amount: 10, close_date: '2030-02-30' }, 'close_date'],
    ['tasks', { title: 'T', due_date: 12345 }, 'due_date'],
    ['activities', { activity_type: 'call', subject: 'S', duration: '1h' }, 'duration'],
  ])('POST /%s/ with a wrong type is refused: %j -> %s', async (resource, body, field) => {
    const withContact = resource === 'opportunities' ? { ...body, contact: contactId } : body;
    const res = await unchanged(() => t.request('POST', `/api/v1/${resource}/`, { body: withContact }));
    expectError(res, 400, 'validation_failed', field);
  });

  it.each([
    ['leads', { email: 'a@x.test', status: 'bogus' }, 'status'],
    ['leads', { email: 'a@x.test', lead_source: 'WEBSITE' }, 'lead_source'],
    ['leads', { email: 'a@x.test', priority: 'critical' }, 'priority'],
    ['contacts', { last_name: 'T', email: 't@x.test', salutation: 'sir' }, 'salutation'],
    ['contacts', { last_name: 'T', email: 't@x.test', contact_type: 'enemy' }, 'contact_type'],
    ['companies', { name: 'Co', size: '5' }, 'size'],
    ['opportunities', { name: 'O', amount: 10, close_date: '2030-01-01', stage: 'won' }, 'stage'],
    ['tasks', { title: 'T', status: 'done' }, 'status'],
    ['tasks', { title: 'T', task_type: 'lunch' }, 'task_type'],
    ['activities', { activity_type: 'fax', subject: 'S' }, 'activity_type'],
    ['activities', { activity_type: 'call', subject: 'S', direction: 'sideways' }, 'direction'],
  ])('POST /%s/ with an invalid choice is refused: %j -> %s', async (resource, body, field) => {
    const withContact = resource === 'opportunities' ? { ...body, contact: contactId } : body;
    const res = await unchanged(() => t.request('POST', `/api/v1/${resource}/`, { body: withContact }));
    expectError(res, 400, 'validation_failed', field);
  });

  it.each([
    ['leads', { email: 'a@x.test', lead_score: 101 }, 'lead_score'],
    ['leads', { email: 'a@x.test', lead_score: -1 }, 'lead_score'],
    ['leads', { email: 'a@x.test', estimated_value: -0.01 }, 'estimated_value'],
    ['opportunities', { name: 'O', amount: -5, close_date: '2030-01-01' }, 'amount'],
    ['opportunities', { name: 'O', amount: 1e15, close_date: '2030-01-01' }, 'amount'],
    ['opportunities', { name: 'O', amount: 5, close_date: '2030-01-01', probability: 150 }, 'probability'],
    ['companies', { name: 'Co', annual_revenue: -1 }, 'annual_revenue'],
    ['activities', { activity_type: 'call', subject: 'S', duration: -30 }, 'duration'],
  ])('POST /%s/ with a number out of range is refused: %j -> %s', async (resource, body, field) => {
    const withContact = resource === 'opportunities' ? { ...body, contact: contactId } : body;
    const res = await unchanged(() => t.request('POST', `/api/v1/${resource}/`, { body: withContact }));
    expectError(res, 400, 'validation_failed', field);
  });

  it.each([
    ['leads', { email: 'a@x.test', emial: 'typo@x.test' }, 'emial'],
    ['contacts', { last_name: 'T', email: 't@x.test', company_id: 'x' }, 'company_id'],
    ['tasks', { title: 'T', __proto: 1 }, '__proto'],
    ['activities', { activity_type: 'call', subject: 'S', password: 'x' }, 'password'],
  ])('POST /%s/ with an unknown field names it: %j -> %s', async (resource, body, field) => {
    const res = await unchanged(() => t.request('POST', `/api/v1/${resource}/`, { body }));
    expectError(res, 400, 'validation_failed', field);
  });

  it.each([
    ['an array', [{ email: 'a@x.test' }]],
    ['a string', 'lead'],
    ['a number', 42],
    ['null', null],
  ])('POST /leads/ with %s as the body is refused', async (_label, body) => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
    expectError(res, 400, 'validation_failed', 'non_field_errors');
  });

  it('refuses a POST with no body at all', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: '', headers: { 'content-type': 'application/json' } }));
    expectError(res, 400, 'validation_failed', 'non_field_errors');
  });

  it('refuses a duplicate unique value on create and update', async () => {
    const dup = await unchanged(() => t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Dup', email: 'KNOWN@x.test' } }));
    expectError(dup, 400, 'validation_failed', 'email');
    const other = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Other', email: 'other@x.test' } });
    const clash = await unchanged(() => t.request('PATCH', `/api/v1/contacts/${other.body.id}/`, { body: { email: 'known@x.test' } }));
    expectError(clash, 400, 'validation_failed', 'email');
  });

  it('PATCH with a bad value changes nothing, not even the valid fields next to it', async () => {
    const res = await unchanged(() => t.request('PATCH', `/api/v1/leads/${leadId}/`, { body: { first_name: 'Changed', status: 'bogus' } }));
    expectError(res, 400, 'validation_failed', 'status');
    expect(Object.keys(res.body.error.fields)).toEqual(['status']);
    const lead = await t.request('GET', `/api/v1/leads/${leadId}/`);
    expect(lead.body.first_name).toBeNull();
    expect(lead.body.status).toBe('new');
  });

  it('PATCH cannot blank a required field', async () => {
    const res = await unchanged(() => t.request('PATCH', `/api/v1/leads/${leadId}/`, { body: { email: null } }));
    expectError(res, 400, 'validation_failed', 'email');
    const blank = await unchanged(() => t.request('PATCH', `/api/v1/leads/${leadId}/`, { body: { email: '   ' } }));
    expectError(blank, 400, 'validation_failed', 'email');
  });

  it('PUT replaces the whole record, so a required field left out is named', async () => {
    const res = await unchanged(() => t.request('PUT', `/api/v1/leads/${leadId}/`, { body: { first_name: 'Only' } }));
    expectError(res, 400, 'validation_failed', 'email');
  });

  it('a bad custom field is named under custom_fields', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { body: { email: 'cf@x.test', custom_fields: { nope: 1 } } }));
    expectError(res, 400, 'validation_failed', 'custom_fields.nope');
    const notObject = await unchanged(() => t.request('POST', '/api/v1/leads/', { body: { email: 'cf@x.test', custom_fields: [1] } }));
    expectError(notObject, 400, 'validation_failed', 'custom_fields');
  });

  it('a bulk request with a missing record changes none of the others', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'delete', ids: [leadId, MISSING_ID] } }));
    expectError(res, 404, 'not_found', 'ids');
    expect((await t.request('GET', `/api/v1/leads/${leadId}/`)).status).toBe(200);
    const badAction = await unchanged(() => t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'explode', ids: [leadId] } }));
    expectError(badAction, 400, 'validation_failed', 'action');
    const noIds = await unchanged(() => t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'delete', ids: [] } }));
    expectError(noIds, 400, 'validation_failed', 'ids');
  });

  it('a lead conversion with bad options changes nothing', async () => {
    const res = await unchanged(() => t.request('POST', `/api/v1/leads/${leadId}/convert/`, { body: { create_opportunity: 'yes', extra: 1 } }));
    expectError(res, 400, 'validation_failed', 'create_opportunity');
    expect(res.body.error.fields.extra).toBeDefined();
    const badOpp = await unchanged(() =>
      t.request('POST', `/api/v1/leads/${leadId}/convert/`, { body: { create_opportunity: true, opportunity: { amount: -1, close_date: 'soon' } } }),
    );
    expectError(badOpp, 400, 'validation_failed', 'opportunity.amount');
    expect(badOpp.body.error.fields['opportunity.close_date']).toBeDefined();
    expect((await t.request('GET', `/api/v1/leads/${leadId}/`)).body.status).toBe('new');
    expect((await t.request('GET', '/api/v1/contacts/?email=lead@x.test')).body.count).toBe(0);
  });
});

describe('ids that do not exist', () => {
  it.each(['leads', 'contacts', 'opportunities', 'tasks', 'activities', 'companies'])(
    'GET, PATCH, PUT, DELETE and restore on /%s/<missing>/ answer 404',
    async (resource) => {
      const item = `/api/v1/${resource}/${MISSING_ID}/`;
      expectError(await t.request('GET', item), 404, 'not_found');
      expectError(await unchanged(() => t.request('PATCH', item, { body: {} })), 404, 'not_found');
      expectError(await unchanged(() => t.request('PUT', item, { body: {} })), 404, 'not_found');
      expectError(await unchanged(() => t.request('DELETE', item)), 404, 'not_found');
      expectError(await unchanged(() => t.request('POST', `${item}restore/`)), 404, 'not_found');
    },
  );

  it('an id that is not a UUID, or is very long, is a 404 too', async () => {
    expectError(await t.request('GET', '/api/v1/leads/not-an-id/'), 404, 'not_found');
    expectError(await t.request('GET', `/api/v1/leads/${'a'.repeat(150)}/`), 404, 'not_found');
    expectError(await t.request('GET', "/api/v1/leads/'%20OR%201=1--/"), 404, 'not_found');
  });

  it('an id of another entity is not found under this one', async () => {
    expectError(await t.request('GET', `/api/v1/contacts/${leadId}/`), 404, 'not_found');
    expectError(await unchanged(() => t.request('PATCH', `/api/v1/contacts/${leadId}/`, { body: { first_name: 'X' } })), 404, 'not_found');
    expectError(await unchanged(() => t.request('POST', `/api/v1/contacts/${deletedLeadId}/restore/`)), 404, 'not_found');
  });

  it('a deleted record answers 404 to GET, PATCH and DELETE, and 409 to a second restore', async () => {
    const item = `/api/v1/leads/${deletedLeadId}/`;
    expectError(await t.request('GET', item), 404, 'not_found');
    expectError(await unchanged(() => t.request('PATCH', item, { body: { first_name: 'X' } })), 404, 'not_found');
    expectError(await unchanged(() => t.request('DELETE', item)), 404, 'not_found');
    expectError(await unchanged(() => t.request('POST', `/api/v1/leads/${leadId}/restore/`)), 409, 'conflict');
  });

  it('a reference to a deleted record is refused', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/tasks/', { body: { title: 'T', lead: deletedLeadId } }));
    expectError(res, 400, 'validation_failed', 'lead');
  });
});

describe('transport-level refusals', () => {
  it('malformed JSON is a 400 naming the body', async () => {
    for (const raw of ['{"email": ', '{email: "a@x.test"}', "{'email':'a@x.test'}", '[1,]', 'undefined']) {
      const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: raw, headers: { 'content-type': 'application/json' } }));
      expectError(res, 400, 'validation_failed', 'body');
    }
  });

  it('prototype-poisoning JSON is refused with 400, never 500', async () => {
    for (const raw of [
      '{"email":"p@x.test","__proto__":{"x":1}}',
      '{"__proto__":{"isAdmin":true}}',
      '{"email":"p@x.test","constructor":{"prototype":{"x":1}}}',
      '{"email":"p@x.test","custom_fields":{"__proto__":{"x":1}}}',
    ]) {
      const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: raw, headers: { 'content-type': 'application/json' } }));
      expectError(res, 400, 'validation_failed', 'body');
    }
    const patch = await unchanged(() =>
      t.request('PATCH', `/api/v1/leads/${leadId}/`, { rawBody: '{"__proto__":{"status":"lost"}}', headers: { 'content-type': 'application/json' } }),
    );
    expectError(patch, 400, 'validation_failed', 'body');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('a body that is not JSON is a 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: 'email=a@x.test', headers: { 'content-type': type } }));
      expectError(res, 415, 'unsupported_media_type');
    }
    // fetch labels a string body text/plain: JSON text under another type is still refused.
    const textJson = await unchanged(() => t.request('PATCH', `/api/v1/leads/${leadId}/`, { rawBody: '{"status":"lost"}' }));
    expectError(textJson, 415, 'unsupported_media_type');
    const noType = await unchanged(() => rawRequest('POST', '/api/v1/leads/', '{"email":"nt@x.test"}', {}));
    expectError(noType, 415, 'unsupported_media_type');
  });

  it('a body over 1 MiB is a 413', async () => {
    const big = JSON.stringify({ email: 'big@x.test', notes: 'x'.repeat(1024 * 1024 + 10) });
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { rawBody: big, headers: { 'content-type': 'application/json' } }));
    expectError(res, 413, 'payload_too_large');
  });

  it('a long text under the body limit but over the field limit is a 400 naming the field', async () => {
    const res = await unchanged(() => t.request('POST', '/api/v1/leads/', { body: { email: 'long@x.test', notes: 'x'.repeat(100_001) } }));
    expectError(res, 400, 'validation_failed', 'notes');
  });

  it('the server still answers normally after all that, and a real write does reach the outbox', async () => {
    const before = outboxLength();
    const res = await t.request('POST', '/api/v1/leads/', { body: { email: 'fine@x.test' } });
    expect(res.status).toBe(201);
    expect(outboxLength()).toBe(before + 1);
  });
});

describe('list parameters', () => {
  const list = (path: string) => unchanged(() => t.request('GET', path));

  it.each([
    ['/api/v1/leads/?colour=red', 'colour'],
    ['/api/v1/leads/?password=x', 'password'],
    ['/api/v1/contacts/?company__nonexistent=x', 'company__nonexistent'],
    ['/api/v1/leads/?custom_fields=x', 'custom_fields'],
    ['/api/v1/users/?password_hash=x', 'password_hash'],
  ])('%s: an unknown filter is named', async (path, param) => {
    expectError(await list(path), 400, 'validation_failed', param);
  });

  it.each([
    ['/api/v1/leads/?ordering=colour'],
    ['/api/v1/leads/?ordering=-created_at,nope'],
    ['/api/v1/leads/?ordering=tags'],
    ['/api/v1/leads/?ordering=notes'],
    ['/api/v1/leads/?ordering=id;DROP TABLE leads'],
  ])('%s: an unknown or unorderable ordering is named', async (path) => {
    expectError(await list(path), 400, 'validation_failed', 'ordering');
  });

  it.each([
    ['/api/v1/leads/?status__gte=x', 'status__gte'],
    ['/api/v1/leads/?status__icontains=new', 'status__icontains'],
    ['/api/v1/leads/?email_opt_out=true', 'email_opt_out'],
    ['/api/v1/contacts/?email_opt_out__gt=true', 'email_opt_out__gt'],
    ['/api/v1/tasks/?description__startswith=x', 'description__startswith'],
    ['/api/v1/leads/?tags__gte=a', 'tags__gte'],
  ])('%s: a lookup the field does not take is named', async (path, param) => {
    expectError(await list(path), 400, 'validation_failed', param);
  });

  it.each([
    ['/api/v1/opportunities/?amount__gte=abc', 'amount__gte'],
    ['/api/v1/opportunities/?close_date__gte=notadate', 'close_date__gte'],
    ['/api/v1/opportunities/?close_date__range=2024-01-01', 'close_date__range'],
    ['/api/v1/opportunities/?probability=high', 'probability'],
    ['/api/v1/opportunities/?stage=won', 'stage'],
    ['/api/v1/opportunities/?stage__in=proposal,won', 'stage__in'],
    ['/api/v1/leads/?lead_score__lt=1.5', 'lead_score__lt'],
    ['/api/v1/leads/?created_at__gte=yesterday', 'created_at__gte'],
    ['/api/v1/leads/?status__in=', 'status__in'],
    ['/api/v1/contacts/?email_opt_out=maybe', 'email_opt_out'],
    ['/api/v1/tasks/?due_date__isnull=perhaps', 'due_date__isnull'],
    ['/api/v1/leads/?status=new&status=lost', 'status'],
  ])('%s: a value of the wrong type is named', async (path, param) => {
    expectError(await list(path), 400, 'validation_failed', param);
  });

  it.each([
    ['/api/v1/leads/?page=0', 'page'],
    ['/api/v1/leads/?page=-1', 'page'],
    ['/api/v1/leads/?page=abc', 'page'],
    ['/api/v1/leads/?page_size=0', 'page_size'],
    ['/api/v1/leads/?page_size=ten', 'page_size'],
    ['/api/v1/leads/?page_size=1.5', 'page_size'],
  ])('%s: a bad paging value is named', async (path, param) => {
    expectError(await list(path), 400, 'validation_failed', param);
  });

  it('names every bad parameter of one request', async () => {
    const res = await list('/api/v1/opportunities/?amount__gte=abc&colour=red&ordering=nope');
    expectError(res, 400, 'validation_failed', 'amount__gte');
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['amount__gte', 'colour', 'ordering']);
    // Paging is checked by the contract's query schema, before the filters: both named at once.
    const paging = await list('/api/v1/opportunities/?page=x&page_size=0&amount__gte=abc');
    expect(paging.body.error.fields).toEqual({ page: ['A valid integer is required.'], page_size: ['Ensure this value is greater than or equal to 1.'] });
  });

  it('caps page_size at 100', async () => {
    const res = await t.request('GET', '/api/v1/tasks/?page_size=500');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(105);
    expect(res.body.results).toHaveLength(100);
    expect(res.body.next).toContain('page=2');
    const second = await t.request('GET', '/api/v1/tasks/?page_size=500&page=2');
    expect(second.body.results).toHaveLength(5);
    const def = await t.request('GET', '/api/v1/tasks/');
    expect(def.body.results).toHaveLength(20);
  });

  it('a page beyond the end is a 404 naming page; the last page and an empty first page are fine', async () => {
    expectError(await list('/api/v1/tasks/?page=3&page_size=100'), 404, 'not_found', 'page');
    expectError(await list('/api/v1/tasks/?page=99999999'), 404, 'not_found', 'page');
    expect((await t.request('GET', '/api/v1/tasks/?page=6')).status).toBe(200);
    expectError(await list('/api/v1/tasks/?page=7'), 404, 'not_found', 'page');
    const empty = await t.request('GET', '/api/v1/activities/?page=1');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it('hostile search text is matched, not executed', async () => {
    for (const q of ['"', "'", 'a OR b', 'NEAR(', '*', 'x AND', '-', '^', '{}', '%', '\\']) {
      const res = await t.request('GET', `/api/v1/leads/?search=${encodeURIComponent(q)}`);
      expect(res.status, `${q}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('the tags list refuses unknown parameters and models', async () => {
    expectError(await list('/api/v1/tags/?colour=red'), 400, 'validation_failed', 'colour');
    expectError(await list('/api/v1/tags/?model=spaceship'), 400, 'validation_failed', 'model');
  });
});
