import type { FuzzTarget } from './api-fuzzer';

type Api = (method: string, path: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;

function client(url: string): Api {
  return async (method, path, body, token) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * What the fuzzer needs on a fresh server: a user of each role with a token, one live
 * record of each kind, a role-restricted custom field, a saved view and a notification.
 */
export async function prepareTarget(url: string, admin: { username: string; password: string }): Promise<FuzzTarget> {
  const api = client(url);
  const signIn = async (username: string, password: string) => {
    const res = await api('POST', '/api/v1/auth/token/', { username, password });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status}`);
    return res.body.access as string;
  };
  const adminToken = await signIn(admin.username, admin.password);
  const tokens: Record<string, string> = { admin: adminToken };
  const ids: Record<string, string> = {};
  for (const role of ['manager', 'sales_rep', 'viewer']) {
    const password = `${role}-fuzz-password`;
    const res = await api('POST', '/api/v1/users/', { username: `fuzz_${role}`, email: `${role}@fuzz.test`, password, role }, adminToken);
    ids.users = res.body.id;
    tokens[role] = await signIn(`fuzz_${role}`, password);
  }
  const create = async (resource: string, body: unknown) => {
    const res = await api('POST', `/api/v1/${resource}/`, body, adminToken);
    if (res.status !== 201) throw new Error(`${resource}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[resource] = res.body.id;
    return res.body.id as string;
  };
  await create('custom-fields', {
    name: 'region',
    label: 'Region',
    field_type: 'text',
    content_type: 'lead',
    visible_to_roles: ['manager'],
    regex_pattern: '^[A-Z]{2}$',
  });
  const company = await create('companies', { name: 'Fuzz Co' });
  const contact = await create('contacts', { last_name: 'Fuzz', email: 'contact@fuzz.test', company });
  await create('leads', { email: 'lead@fuzz.test', company_name: 'Fuzz Co', custom_fields: { region: 'EU' } });
  await create('opportunities', { name: 'Fuzz deal', contact, amount: 10, close_date: '2030-01-01' });
  await create('tasks', { title: 'Fuzz task' });
  await create('saved-views', { name: 'Fuzz view', model: 'lead', filters: {} }).catch(() => undefined);
  const history = await api('GET', '/api/v1/audit-trail/?page_size=1', undefined, adminToken);
  if (history.body?.results?.[0]) ids['audit-trail'] = history.body.results[0].id;
  ids.records = ids.leads;
  return { url, tokens, ids };
}
