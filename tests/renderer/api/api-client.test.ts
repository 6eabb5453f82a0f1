import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/renderer/api/api-client';
import { ApiError } from '../../../src/renderer/api/api-error';
import { ADMIN, startTestServer, type TestServer } from '../../helpers/test-server';

/** sessionStorage's part the client uses, in memory. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('the renderer client, called by operation id against a real server', () => {
  let ts: TestServer;
  let api: ApiClient;

  beforeAll(async () => {
    ts = await startTestServer();
    api = new ApiClient(ts.url, new MemoryStorage());
    await api.signIn(ADMIN.username, ADMIN.password);
  });
  afterAll(() => ts.stop());

  it('builds paths from the operation table: params in the path, query in the URL, bodies as JSON', async () => {
    const lead = await api.call('leads.create', { body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', company_name: 'Acme' } });
    const updated = await api.call('leads.update', { params: { id: lead.id }, body: { status: 'contacted' } });
    expect(updated).toMatchObject({ id: lead.id, status: 'contacted' });
    const page = await api.call('leads.list', { query: { search: 'lovelace', page_size: 5, empty: '' } });
    expect(page.results.map((r) => r.id)).toEqual([lead.id]);
    expect(api.urlOf('leads.list', { query: { search: 'a b', page: 1, none: undefined } })).toBe(`${ts.url}/api/v1/leads/?search=a+b&page=1`);
    const timeline = await api.call('timeline.entity', { params: { entity_type: 'lead', entity_id: lead.id }, query: { limit: 5 } });
    expect(timeline.entity_id).toBe(lead.id);
  });

  it('encodes path parameters and answers a refusal with the API error', async () => {
    expect(api.urlOf('leads.retrieve', { params: { id: 'a/b?c' } })).toBe(`${ts.url}/api/v1/leads/a%2Fb%3Fc/`);
    const refused = await api.call('leads.update', { params: { id: 'not-a-lead' }, body: {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(404);
  });

  it('downloads an export through the same operation table', async () => {
    const { blob } = await api.download('leads.export', { query: { fields: 'id,last_name' } }, 'text/csv');
    expect((await blob.text()).split(/\r?\n/)[0]).toBe('id,last_name');
  });

  it('renews an expired access token once and retries the call', async () => {
    const session = api.currentSession;
    if (!session) throw new Error('signed in above');
    // A stored session whose access token the server no longer accepts, and a refresh token it does.
    const storage = new MemoryStorage();
    storage.setItem('fieldcrm.session', JSON.stringify({ ...session, access: 'expired' }));
    const stale = new ApiClient(ts.url, storage);
    const me = await stale.call('auth.me');
    expect(me.username).toBe(ADMIN.username);
    expect(stale.accessToken).not.toBe('expired');
  });
});
