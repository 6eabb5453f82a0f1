import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import type { Operation } from '../../../src/shared/contract/operation';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { TestSocket } from '../../helpers/ws-client';

/**
 * Issue 10, defect 2: a custom field hidden from sales reps leaked through the audit trail's
 * bulk entries, snapshots, as-of, the answers of complete and convert, the timeline, the
 * activity socket and a revert error. This walks every operation of the contract table as a
 * rep, with the ids of records that hold the hidden value, and searches every answer and
 * every WebSocket frame the rep got for the field's value, name and label.
 */
const NAME = 'zz_quiet_margin';
const LABEL = 'Qq quiet label';
const VALUE = 'HIDDENVAL-7731';
const MODELS = ['lead', 'contact', 'company', 'opportunity', 'task'];
const ANY_ID = '01900000-0000-7000-8000-000000000000';

let t: TestServer;
let rep: { id: string; token: string };
const ids: Record<string, string> = {};
const sockets: TestSocket[] = [];
let leadCreatedEntry = '';
let bulkEntry = '';
let historyRow = '';
let fieldId = '';

const hidden = { custom_fields: { [NAME]: VALUE } };
async function create(resource: string, body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', `/api/v1/${resource}/`, { body: { ...body, ...hidden } });
  expect(res.status, `${resource}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'walker');
  for (const model of MODELS) {
    const def = await t.request('POST', '/api/v1/custom-fields/', {
      body: { name: NAME, label: LABEL, field_type: 'text', content_type: model, visible_to_roles: ['manager'], is_searchable: true },
    });
    expect(def.status, JSON.stringify(def.body)).toBe(201);
    if (model === 'lead') fieldId = def.body.id;
  }
  // The rep listens while the admin writes the hidden values.
  sockets.push(await TestSocket.connect(t.url, '/ws/activity/', rep.token));
  sockets.push(await TestSocket.connect(t.url, '/ws/notifications/', rep.token));

  ids.company = await create('companies', { name: 'Walk Co' });
  ids.contact = await create('contacts', { last_name: 'Walker', email: 'walk@x.test', company: ids.company });
  ids.lead = await create('leads', { email: 'lead@x.test', company_name: 'Walk Co', assigned_to: rep.id });
  ids.convertible = await create('leads', { email: 'convert@x.test', company_name: 'Convert Co', assigned_to: rep.id });
  ids.opportunity = await create('opportunities', { name: 'Walk deal', contact: ids.contact, amount: 10, close_date: '2030-01-01' });
  ids.task = await create('tasks', { title: 'Walk task', assigned_to: rep.id });
  ids.activity = ANY_ID;
  const gone = await create('leads', { email: 'gone@x.test' });
  await t.request('PATCH', `/api/v1/leads/${ids.lead}/`, { body: { custom_fields: { [NAME]: `${VALUE}-2` }, first_name: 'Changed' } });
  await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'update', ids: [ids.lead, gone], changes: { custom_fields: { [NAME]: `${VALUE}-3` } } } });
  await t.request('DELETE', `/api/v1/leads/${gone}/`);

  const entries = await t.request('GET', `/api/v1/audit-trail/?model=lead&page_size=100`);
  leadCreatedEntry = entries.body.results.find((e: any) => e.object_id === ids.lead && e.action === 'create').id;
  bulkEntry = entries.body.results.find((e: any) => e.action === 'bulk_update').id;
  const history = await t.request('GET', `/api/v1/field-history/?model=lead&object_id=${ids.lead}`);
  historyRow = history.body.results.find((r: any) => r.field_name === `custom_fields.${NAME}`)?.id ?? ANY_ID;
});

afterAll(async () => {
  for (const s of sockets) s.ws.close();
  await t.stop();
});

/** The path with ids of records that hold the hidden value. */
function pathFor(op: Operation): string {
  const resource = op.path.split('/')[3];
  const byResource: Record<string, string> = {
    leads: op.id === 'leads.convert' ? ids.convertible : ids.lead,
    contacts: ids.contact,
    companies: ids.company,
    opportunities: ids.opportunity,
    tasks: ids.task,
    activities: ids.activity,
    'custom-fields': fieldId,
    'audit-trail': bulkEntry,
    'field-history': historyRow,
    users: rep.id,
    records: ids.lead,
  };
  let path = op.path
    .replace('{model}', 'lead')
    .replace('{entity_type}', 'lead')
    .replace('{entity_id}', ids.lead)
    .replace('{user_id}', rep.id)
    .replace('{id}', byResource[resource] ?? ANY_ID);
  if (op.id === 'record_history.as_of') path += `?at=${leadCreatedEntry}`;
  if (op.id === 'custom_field_values.for_object') path += `?model=lead&object_id=${ids.lead}`;
  return path;
}

/** Bodies that succeed where a rep may act (the answers then carry records), else {}. */
function bodyFor(op: Operation): unknown {
  switch (op.id) {
    case 'record_history.revert':
      return { to: leadCreatedEntry };
    case 'leads.update':
    case 'tasks.update':
    case 'contacts.update':
    case 'companies.update':
    case 'opportunities.update':
      return { tags: ['walked'] };
    case 'leads.bulk':
      return { action: 'update', ids: [ids.lead], changes: { first_name: 'Bulk' } };
    case 'leads.convert':
      return { create_opportunity: true };
    case 'custom_fields.validate_value':
      return { value: VALUE };
    default:
      return op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
  }
}

const leaks = (text: string) => [VALUE, NAME, LABEL].filter((secret) => text.includes(secret));

describe('defect 2: a role-hidden custom field never reaches a rep', () => {
  it('the admin sees the hidden value where the walk looks (the walk can find it)', async () => {
    const asOf = await t.request('GET', `/api/v1/records/lead/${ids.lead}/as-of/?at=${leadCreatedEntry}`);
    expect(JSON.stringify(asOf.body)).toContain(VALUE);
    const bulk = await t.request('GET', `/api/v1/audit-trail/${bulkEntry}/`);
    expect(JSON.stringify(bulk.body)).toContain(VALUE);
  });

  it('walks every operation as a rep: no answer names or shows the hidden field', async () => {
    // Reads first, then writes, deletes last, so the records stay for the other operations.
    const order = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 } as const;
    const ops = [...OPERATIONS].sort((a, b) => order[a.method] - order[b.method]);
    const found: string[] = [];
    const statuses: Record<string, number> = {};
    for (const op of ops) {
      if (op.id === 'auth.logout' || op.id === 'auth.change_password') continue;
      const body = bodyFor(op);
      const res = await t.request(op.method, pathFor(op), { token: rep.token, ...(body === undefined ? {} : { body }) });
      statuses[op.id] = res.status;
      if (res.status >= 400 && process.env.WALK_DEBUG) console.log(op.id, JSON.stringify(res.body).slice(0, 200));
      expect(res.status, `${op.id}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      for (const secret of leaks(text)) found.push(`${op.id} (${res.status}) shows ${secret}`);
    }
    expect(found).toEqual([]);
    // The walk reached the answers that leaked before: they succeeded for the rep.
    const reached = [
      'tasks.complete',
      'leads.convert',
      'record_history.as_of',
      'audit_trail.retrieve',
      'audit_trail.snapshots',
      'timeline.entity',
      'record_history.revert',
      'custom_field_values.for_object',
      'field_history.list',
      'leads.export',
    ];
    for (const id of reached) {
      expect(statuses[id], `${id} ${JSON.stringify(statuses)}`).toBe(200);
    }
  });

  it('no WebSocket frame the rep got names or shows it', async () => {
    await new Promise((r) => setTimeout(r, 300));
    const frames = sockets.flatMap((s) => s.messages);
    expect(frames.filter((m) => m.type === 'lead_update').length).toBeGreaterThan(0);
    expect(frames.flatMap((m) => leaks(JSON.stringify(m)))).toEqual([]);
  });
});
