import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function waitForImport(id: string, timeoutMs = 60_000): Promise<any> {
  const began = Date.now();
  for (;;) {
    const res = await t.request('GET', `/api/v1/imports/${id}/`);
    expect(res.status).toBe(200);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() - began > timeoutMs) throw new Error(`import ${id} still running: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('CSV import API', () => {
  it('dry run counts create, update and skip without writing, and reports bad rows by number', async () => {
    await t.request('POST', '/api/v1/leads/', { body: { email: 'known@dry.test', first_name: 'Known', status: 'new' } });
    const csv = [
      'Email,First Name,Status,Lead Score,Ignored',
      'known@dry.test,Known,qualified,10,x', // update (status, score change)
      'new1@dry.test,New,New,20,x', // create (status case-folded)
      'not-an-email,Bad,new,5,x', // error
      'new2@dry.test,Other,bogus,500,x', // error on two fields
      ',,,,', // blank: skipped, no error
    ].join('\n');
    const res = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv, dry_run: true, match_on: 'email' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ model: 'lead', total_rows: 5, create: 1, update: 1, skip: 3 });
    expect(res.body.columns).toEqual(['Email', 'First Name', 'Status', 'Lead Score', 'Ignored']);
    expect(res.body.mapping).toEqual({ Email: 'email', 'First Name': 'first_name', Status: 'status', 'Lead Score': 'lead_score', Ignored: '' });
    expect(res.body.errors).toEqual([
      { row: 3, fields: { email: ['Enter a valid email address.'] } },
      { row: 4, fields: { status: ['"bogus" is not a valid choice.'], lead_score: ['Ensure this value is less than or equal to 100.'] } },
    ]);
    expect(res.body.preview.map((p: any) => [p.row, p.action])).toEqual([
      [1, 'update'],
      [2, 'create'],
      [3, 'skip'],
      [4, 'skip'],
      [5, 'skip'],
    ]);
    expect(res.body.preview[1].values).toEqual({ email: 'new1@dry.test', first_name: 'New', status: 'new', lead_score: '20' });
    // Nothing was written.
    expect((await t.request('GET', '/api/v1/leads/?email=new1@dry.test')).body.count).toBe(0);
    expect((await t.request('GET', '/api/v1/leads/?email=known@dry.test')).body.results[0].status).toBe('new');
  });

  it('imports the good rows, reports the bad ones, and the records are listed and searchable', async () => {
    const csv = [
      'email,first_name,last_name,company_name,tags,estimated_value',
      'ada@good.test,Ada,Lovelace,Zephyrcorp,"vip, enterprise",1200.5',
      'broken,Bad,Row,,,',
      'alan@good.test,Alan,Turing,Zephyrcorp,,x',
      'grace@good.test,Grace,Hopper,Zephyrcorp,,',
    ].join('\r\n');
    const res = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', model: 'lead', total_rows: 4 });
    const done = await waitForImport(res.body.id);
    expect(done).toMatchObject({ status: 'completed', processed: 4, created: 2, updated: 0, skipped: 2 });
    expect(done.errors).toEqual([
      { row: 2, fields: { email: ['Enter a valid email address.'] } },
      { row: 3, fields: { estimated_value: ['A valid number is required.'] } },
    ]);
    expect(done.finished_at).toBeTruthy();

    const found = await t.request('GET', '/api/v1/leads/?search=zephyrcorp&ordering=email');
    expect(found.body.results.map((l: any) => l.email)).toEqual(['ada@good.test', 'grace@good.test']);
    expect(found.body.results[0]).toMatchObject({ tags: ['enterprise', 'vip'], estimated_value: '1200.50', status: 'new' });
    const filtered = await t.request('GET', '/api/v1/leads/?tags=vip&company_name=Zephyrcorp');
    expect(filtered.body.count).toBe(1);

    // Created rows are written as batches: one audit entry per batch names the records it created.
    const audit = await t.request('GET', '/api/v1/audit-trail/?model=lead&origin=import&action=create');
    expect(audit.status).toBe(200);
    const batchEntry = audit.body.results.find((e: any) => e.new_values?.record_ids?.includes(found.body.results[0].id));
    expect(batchEntry).toMatchObject({ action: 'create', origin: 'import', object_id: null });
    expect(batchEntry.new_values.record_ids).toHaveLength(2);

    const mine = await t.request('GET', '/api/v1/imports/');
    expect(mine.status).toBe(200);
    expect(mine.body.results.map((i: any) => i.id)).toContain(res.body.id);
  });

  it('undo deletes what the import created and restores what it updated', async () => {
    const existing = await t.request('POST', '/api/v1/contacts/', {
      body: { last_name: 'Before', email: 'keep@undo.test', job_title: 'Engineer', tags: ['old'] },
    });
    const edited = await t.request('POST', '/api/v1/contacts/', { body: { last_name: 'Edited', email: 'edited@undo.test', job_title: 'Analyst' } });
    const csv = [
      'email,last_name,job_title,tags',
      'keep@undo.test,After,Director,new',
      'edited@undo.test,Edited,Manager,',
      'fresh@undo.test,Fresh,Intern,',
    ].join('\n');
    const started = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv, match_on: 'email' } });
    const done = await waitForImport(started.body.id);
    expect(done).toMatchObject({ status: 'completed', created: 1, updated: 2, skipped: 0 });
    const after = await t.request('GET', `/api/v1/contacts/${existing.body.id}/`);
    expect(after.body).toMatchObject({ last_name: 'After', job_title: 'Director', tags: ['new'] });
    // Someone edits a field the import wrote: the undo leaves that edit alone.
    await t.request('PATCH', `/api/v1/contacts/${edited.body.id}/`, { body: { job_title: 'Head of data' } });
    const fresh = (await t.request('GET', '/api/v1/contacts/?email=fresh@undo.test')).body.results[0];

    const undone = await t.request('POST', `/api/v1/imports/${started.body.id}/undo/`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ id: started.body.id, status: 'undone' });
    expect((await t.request('GET', `/api/v1/contacts/${existing.body.id}/`)).body).toMatchObject({ last_name: 'Before', job_title: 'Engineer', tags: ['old'] });
    expect((await t.request('GET', `/api/v1/contacts/${edited.body.id}/`)).body.job_title).toBe('Head of data');
    expect((await t.request('GET', `/api/v1/contacts/${fresh.id}/`)).status).toBe(404);
    const deleted = await t.request('GET', '/api/v1/contacts/?deleted_at__isnull=false&email=fresh@undo.test');
    expect(deleted.body.count).toBe(1);

    const history = await t.request('GET', `/api/v1/audit-trail/?object_id=${existing.body.id}&origin=import`);
    expect(history.status).toBe(200);
    expect(history.body.results.map((e: any) => e.action)).toEqual(['update', 'update']);
    const freshHistory = await t.request('GET', `/api/v1/audit-trail/?object_id=${fresh.id}&origin=import`);
    // Its creation is in the import's batch entry; the undo's delete is its own entry.
    expect(freshHistory.body.results.map((e: any) => e.action)).toEqual(['delete']);
    const batches = await t.request('GET', '/api/v1/audit-trail/?model=contact&origin=import&action=create');
    expect(batches.body.results.filter((e: any) => e.new_values?.record_ids?.includes(fresh.id))).toHaveLength(1);
    expect((await t.request('POST', `/api/v1/imports/${started.body.id}/undo/`)).status).toBe(409);
  });

  it('runs a 5,000-row file in batches to completed, answering other requests meanwhile', async () => {
    const lines = ['email,first_name,lead_source'];
    for (let i = 0; i < 5000; i++) lines.push(`bulk${i}@batch.test,Bulk${i},${i % 2 ? 'referral' : 'Cold Call'}`);
    const started = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv: lines.join('\n') } });
    expect(started.status).toBe(202);
    // The API answers while the import runs; an undo must wait for it.
    const during = await t.request('GET', `/api/v1/imports/${started.body.id}/`);
    expect(during.status).toBe(200);
    if (during.body.status === 'running') {
      expect(during.body.processed).toBeLessThan(5000);
      expect((await t.request('POST', `/api/v1/imports/${started.body.id}/undo/`)).status).toBe(409);
    }
    const done = await waitForImport(started.body.id);
    expect(done).toMatchObject({ status: 'completed', total_rows: 5000, processed: 5000, created: 5000, skipped: 0, errors: [] });
    expect((await t.request('GET', '/api/v1/leads/?email__endswith=@batch.test&lead_source=cold_call')).body.count).toBe(2500);
    // It ran in the background, so the importer is told when it ends.
    const inbox = await t.request('GET', '/api/v1/notifications/?type=system');
    expect(inbox.body.results[0]).toMatchObject({ type: 'system', title: 'Import of lead records finished', message: '5000 created, 0 updated, 0 skipped.' });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ model: 'widget', csv: 'email\na@b.test' }, 'model'],
      [{ model: 'user', csv: 'email\na@b.test' }, 'model'],
      [{ model: 'lead' }, 'csv'],
      [{ model: 'lead', csv: '' }, 'csv'],
      [{ model: 'lead', csv: '\n\n' }, 'csv'],
      [{ model: 'lead', csv: 'email\n"unclosed' }, 'csv'],
      [{ model: 'lead', csv: 'email,Email\na,b' }, 'csv'],
      [{ model: 'lead', csv: 'email\na@b.test', mapping: { email: 'nope' } }, 'mapping'],
      [{ model: 'lead', csv: 'email\na@b.test', mapping: { email: 'converted_at' } }, 'mapping'],
      [{ model: 'lead', csv: 'email\na@b.test', mapping: { missing: 'email' } }, 'mapping'],
      [{ model: 'lead', csv: 'nothing,known\n1,2' }, 'mapping'],
      [{ model: 'company', csv: 'name\nAcme', match_on: 'email' }, 'match_on'],
      [{ model: 'lead', csv: 'email\na@b.test', match_on: 'id' }, 'match_on'],
      [{ model: 'lead', csv: 'id,email\n1,a@b.test', mapping: { id: 'id', email: 'email' } }, 'mapping'],
      [{ model: 'lead', csv: 'email\na@b.test', dry_run: 'yes' }, 'dry_run'],
      [{ model: 'lead', csv: 'email\na@b.test', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('POST', '/api/v1/imports/', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.fields), JSON.stringify(body)).toContain(field);
    }
    const tooMany = `email\n${'a@b.test\n'.repeat(200_001)}`;
    const res = await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv: tooMany, dry_run: true } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.csv[0]).toMatch(/at most 200,000/);
    expect((await t.request('GET', '/api/v1/imports/nope/')).status).toBe(404);
  });

  it('takes files over 1 MiB, matches on id, resolves linked records by name, and keeps imports private', async () => {
    const company = await t.request('POST', '/api/v1/companies/', { body: { name: 'Linkco' } });
    const rep = await t.userWithRole('sales_rep', 'importer');
    const padding = 'x'.repeat(200);
    const lines = ['last_name,email,company,assigned_to,notes'];
    for (let i = 0; i < 6000; i++) lines.push(`Big${i},big${i}@size.test,Linkco,importer,${padding}`);
    const csv = lines.join('\n');
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const dry = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv, dry_run: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ create: 6000, skip: 0 });
    expect(dry.body.preview[0].values).toMatchObject({ company: company.body.id, assigned_to: rep.id });

    const own = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv }, token: rep.token });
    expect(own.status).toBe(202);
    const done = await waitForImport(own.body.id); // as the admin: admins see every import
    expect(done).toMatchObject({ status: 'completed', created: 6000 });
    const other = await t.userWithRole('sales_rep', 'outsider');
    expect((await t.request('GET', `/api/v1/imports/${own.body.id}/`, { token: other.token })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/imports/${own.body.id}/undo/`, { token: other.token })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/imports/', { token: rep.token })).body.results.map((i: any) => i.id)).toEqual([own.body.id]);
    const viewer = await t.userWithRole('viewer', 'onlooker');
    expect((await t.request('POST', '/api/v1/imports/', { body: { model: 'lead', csv: 'email\na@b.test' }, token: viewer.token })).status).toBe(403);

    // Round trip: rows matched on id update those records, an unknown id is a row error.
    const rows = (await t.request('GET', '/api/v1/contacts/?email__startswith=big1&ordering=email&page_size=2')).body.results;
    const update = ['id,job_title', `${rows[0].id},CTO`, `${rows[1].id},CFO`, '01900000-0000-7000-8000-000000000000,Nobody', ',Newbie'].join('\n');
    const byId = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv: update, match_on: 'id', dry_run: true } });
    expect(byId.body.mapping).toEqual({ id: 'id', job_title: 'job_title' });
    expect(byId.body).toMatchObject({ update: 2, create: 0, skip: 2 });
    expect(byId.body.errors).toEqual([
      { row: 3, fields: { id: ['No contact with id "01900000-0000-7000-8000-000000000000".'] } },
      { row: 4, fields: { last_name: ['This field is required.'], email: ['This field is required.'] } },
    ]);
    const real = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv: update, match_on: 'id' } });
    expect(await waitForImport(real.body.id)).toMatchObject({ updated: 2, skipped: 2 });
    expect((await t.request('GET', `/api/v1/contacts/${rows[1].id}/`)).body.job_title).toBe('CFO');
  });
});
