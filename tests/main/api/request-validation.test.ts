import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';

/**
 * Issue 10: the contract's schemas validate every request before its handler runs. Unknown
 * keys are refused at every depth (convert's `opportunity` dropped them silently before), a
 * mistake is named by its dotted path, query strings carry only the parameters an operation
 * declares, and nothing is written when a request is refused.
 */
let t: TestServer;
let leadId = '';

beforeAll(async () => {
  t = await startTestServer();
  const lead = await t.request('POST', '/api/v1/leads/', { body: { email: 'valid@x.test', company_name: 'Valid Co' } });
  expect(lead.status).toBe(201);
  leadId = lead.body.id;
});

afterAll(async () => {
  await t.stop();
});

const fields = (res: { body: any }) => res.body.error.fields as Record<string, string[]>;

describe('requests checked against the contract', () => {
  it("refuses an unknown key nested in convert's opportunity, and converts nothing", async () => {
    const res = await t.request('POST', `/api/v1/leads/${leadId}/convert/`, {
      body: { create_opportunity: true, opportunity: { name: 'Pilot', colour: 'red' } },
    });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual({ 'opportunity.colour': ['Unknown field.'] });
    expect((await t.request('GET', `/api/v1/leads/${leadId}/`)).body.status).not.toBe('converted');
    expect((await t.request('GET', '/api/v1/contacts/')).body.count).toBe(0);
  });

  it('names a nested mistake by its path, with one wording per kind of mistake', async () => {
    const res = await t.request('POST', `/api/v1/leads/${leadId}/convert/`, { body: { create_company: 'yes', opportunity: { amount: 'lots' } } });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual({ create_company: ['Must be a valid boolean.'], 'opportunity.amount': ['A valid number is required.'] });
    const bulk = await t.request('POST', '/api/v1/leads/bulk/', { body: { action: 'archive', ids: 'x' } });
    expect(fields(bulk)).toEqual({ action: ['"archive" is not a valid choice. Choices: update, delete, restore.'], ids: ['Expected a list.'] });
  });

  it('refuses a hostile key at any depth with a 400, never a 500', async () => {
    const res = await t.request('POST', `/api/v1/leads/${leadId}/convert/`, {
      rawBody: '{"opportunity":{"constructor":{"prototype":1}}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('takes only the query parameters an operation declares, each once', async () => {
    const unknown = await t.request('GET', '/api/v1/auth/me/?colour=red');
    expect(unknown.status).toBe(400);
    expect(fields(unknown)).toEqual({ colour: ['Unknown parameter.'] });
    const twice = await t.request('GET', '/api/v1/leads/?search=a&search=b');
    expect(fields(twice)).toEqual({ search: ['Give this parameter once.'] });
    const paging = await t.request('GET', '/api/v1/notifications/?page=0&page_size=x');
    expect(fields(paging)).toEqual({ page: ['Ensure this value is greater than or equal to 1.'], page_size: ['A valid integer is required.'] });
    // A larger page asked for gets the largest page: clamped, not refused.
    expect((await t.request('GET', '/api/v1/notifications/?page_size=1000')).status).toBe(200);
  });

  it('refuses a body sent to an operation that takes none', async () => {
    const res = await t.request('POST', `/api/v1/leads/${leadId}/restore/`, { body: { force: true } });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual({ force: ['Unknown field.'] });
  });

  it("checks the caller before the shape: a viewer learns nothing of a write's body", async () => {
    const viewer = await t.userWithRole('viewer', 'shape-viewer');
    const res = await t.request('POST', '/api/v1/leads/', { token: viewer.token, body: { colour: 'red' } });
    expect(res.status).toBe(403);
  });
});
