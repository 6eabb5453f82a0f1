import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function finished(id: string): Promise<any> {
  for (;;) {
    const res = await t.request('GET', `/api/v1/imports/${id}/`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A batch asks for its rows' e-mails at once (records/batch-lookups.ts): the answers must be the per-row probe's.
describe('import of contacts with e-mails taken in the store or earlier in the file', () => {
  const csv = [
    'email,first_name,last_name',
    'taken@uniq.test,A,One', // a live contact has it
    'TAKEN@Uniq.test,B,Two', // the same, in another case
    'fresh@uniq.test,C,Three', // created
    'Fresh@uniq.test,D,Four', // taken by the row above, in the same batch
    'freed@uniq.test,E,Five', // its holder was deleted: free
    'fresh2@uniq.test,F,Six',
  ].join('\n');
  const refused = [
    { row: 1, fields: { email: ['Contact with this email already exists.'] } },
    { row: 2, fields: { email: ['Contact with this email already exists.'] } },
    { row: 4, fields: { email: ['Contact with this email already exists.'] } },
  ];

  it('refuses the same rows in a dry run and in the real run', async () => {
    expect((await t.request('POST', '/api/v1/contacts/', { body: { email: 'Taken@uniq.test', first_name: 'T', last_name: 'T' } })).status).toBe(201);
    const freed = await t.request('POST', '/api/v1/contacts/', { body: { email: 'freed@uniq.test', first_name: 'F', last_name: 'F' } });
    expect((await t.request('DELETE', `/api/v1/contacts/${freed.body.id}/`)).status).toBe(204);

    const dry = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv, dry_run: true } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ create: 3, skip: 3, errors: refused });

    const started = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv } });
    expect(started.status).toBe(202);
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ status: 'completed', created: 3, skipped: 3, errors: refused });
    const listed = await t.request('GET', '/api/v1/contacts/?email__iendswith=uniq.test&page_size=100');
    expect(listed.body.results.map((c: any) => c.email).sort()).toEqual(['Taken@uniq.test', 'freed@uniq.test', 'fresh2@uniq.test', 'fresh@uniq.test']);
  });
});
