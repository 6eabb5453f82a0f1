import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../src/shared/contract/operations';
import type { Operation } from '../../../src/shared/contract/operation';
import { strictSchema } from '../../../src/shared/contract/input-schemas';
import { createEngine } from '../../../src/main/app/create-engine';
import { SEED_TIERS, SeedClock, seedStore, startOfUtcDay } from '../../../src/main/engines/seed';
import { startTestServer, type TestServer } from '../../helpers/test-server';

/**
 * Issue 10: every operation's real answer matches the response schema of its table entry.
 * A tiny seeded store (3 users, a few dozen records of each kind and their history) is walked
 * as the admin: reads first with real ids, then writes with bodies that succeed, deletes last.
 * Each 2xx JSON answer is checked against the entry's schema (nullable and types as the
 * OpenAPI document states them; extra properties allowed, the schema lists what is promised).
 */
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
let t: TestServer;
let dataDir: string;
const ids: Record<string, string> = {};

const FIRST_OF: Record<string, string> = {
  leads: 'leads',
  contacts: 'contacts',
  companies: 'companies',
  opportunities: 'opportunities',
  tasks: 'tasks',
  activities: 'activities',
  users: 'users',
  'custom-fields': 'custom-fields',
  'saved-views': 'saved-views',
  'email-templates': 'email-templates',
  'email-campaigns': 'email-campaigns',
  dashboards: 'dashboards',
  widgets: 'widgets',
  'audit-trail': 'audit-trail',
  notifications: 'notifications',
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crm-contract-'));
  const now = startOfUtcDay();
  const clock = new SeedClock(now.getTime());
  const engine = createEngine({ dataDir, clock });
  try {
    await seedStore({ ...engine, clock }, { counts: SEED_TIERS.tiny, seed: 7, now });
  } finally {
    engine.close();
  }
  t = await startTestServer({ dataDir });
  // A few kinds the seed does not make, so their reads have a real row to answer with.
  await t.request('POST', '/api/v1/saved-views/', { body: { name: 'Walk view', model: 'lead', query: 'ordering=-created_at' } });
  await t.request('POST', '/api/v1/custom-fields/', { body: { name: 'walk_score', label: 'Walk score', field_type: 'number', content_type: 'lead' } });
  await t.request('POST', '/api/v1/email-templates/', { body: { name: 'Walk', subject: 'Hi {{first_name}}', body_html: '<p>Hello</p>' } });
  for (const resource of Object.keys(FIRST_OF)) {
    const list = await t.request('GET', `/api/v1/${resource}/`);
    const first = list.body?.results?.[0];
    if (first?.id !== undefined) ids[resource] = String(first.id);
  }
}, 120_000);

afterAll(async () => {
  await t?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function pathFor(op: Operation): string {
  const resource = op.path.split('/')[3];
  return op.path
    .replace('{model}', 'lead')
    .replace('{entity_type}', 'lead')
    .replace('{entity_id}', ids.leads)
    .replace('{user_id}', ids.users)
    .replace('{id}', ids[resource] ?? ids.leads);
}

/** Bodies that succeed on the seeded store; other writes are sent an empty object. */
function bodyFor(op: Operation): unknown {
  const bodies: Record<string, unknown> = {
    'leads.create': { email: 'walk@x.test', company_name: 'Walk Co' },
    'leads.update': { first_name: 'Walked' },
    'contacts.update': { first_name: 'Walked' },
    'companies.update': { industry: 'Walking' },
    'tasks.update': { title: 'Walked task' },
    'opportunities.update': { name: 'Walked deal' },
    'tasks.complete': {},
    'leads.convert': { create_opportunity: false },
    'auth.update_me': { first_name: 'Ada' },
    'api_tokens.create': { name: 'walk' },
    'saved_views.create': { name: 'Second view', model: 'contact', query: '' },
    'leads.bulk': { action: 'update', ids: [ids.leads], changes: { first_name: 'Bulk' } },
  };
  if (op.id in bodies) return bodies[op.id];
  return op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
}

describe('the answers of the operation table match their response schemas', () => {
  it('walks every operation on a seeded store; no 5xx, every 2xx answer matches its schema', async () => {
    const order = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 } as const;
    const ops = [...OPERATIONS]
      .filter((op) => !['auth.logout', 'auth.change_password', 'auth.setup'].includes(op.id))
      .sort((a, b) => order[a.method] - order[b.method]);
    const mismatches: string[] = [];
    const checked: string[] = [];
    const noSchema: string[] = [];
    for (const op of ops) {
      const body = bodyFor(op);
      const res = await t.request(op.method, pathFor(op), body === undefined ? {} : { body });
      expect(res.status, `${op.id}: ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
      if (res.status >= 300 || res.status === 204 || typeof res.body !== 'object' || res.body === null) continue;
      if (!op.response) {
        noSchema.push(op.id);
        continue;
      }
      const validate = ajv.compile(strictSchema(op.response, { closeObjects: false }));
      if (validate(res.body)) checked.push(op.id);
      else mismatches.push(`${op.id}: ${ajv.errorsText(validate.errors)}`);
    }
    console.log(`response schemas: ${checked.length} operations checked against real answers; 2xx JSON without a schema: ${noSchema.join(', ') || 'none'}`);
    expect(mismatches).toEqual([]);
    // The walk reaches most of the table with real answers (a floor, so a broken walk fails).
    expect(checked.length).toBeGreaterThanOrEqual(55);
  }, 180_000);
});
