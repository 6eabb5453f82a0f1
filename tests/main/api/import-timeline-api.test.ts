import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { createEngine } from '../../../src/main/app/create-engine';

/**
 * Records created on the bulk path (an import, a new device's bootstrap) have no audit entry
 * of their own; their timeline still starts with their creation.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function importContacts(csv: string): Promise<any> {
  const started = await t.request('POST', '/api/v1/imports/', { body: { model: 'contact', csv } });
  expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
  for (;;) {
    const res = await t.request('GET', `/api/v1/imports/${started.body.id}/`);
    if (res.body.status !== 'running') return res.body;
    await new Promise((r) => setTimeout(r, 30));
  }
}

const idOf = async (email: string) => (await t.request('GET', `/api/v1/contacts/?email=${email}`)).body.results[0].id as string;
const creations = (timeline: any[]) => timeline.filter((i) => i.type === 'audit' && i.action === 'create');

describe("an imported record's timeline", () => {
  it('starts with "imported by X in import Y", once, and keeps it after later edits', async () => {
    const done = await importContacts(['email,first_name,last_name', 'ivy@imp.test,Ivy,Import', 'ike@imp.test,Ike,Import'].join('\n'));
    expect(done).toMatchObject({ status: 'completed', created: 2 });
    const id = await idOf('ivy@imp.test');
    const res = await t.request('GET', `/api/v1/timeline/contact/${id}/`);
    expect(res.status).toBe(200);
    const created = creations(res.body.timeline);
    expect(created).toHaveLength(1);
    const admin = (await t.request('GET', '/api/v1/auth/me/')).body;
    expect(created[0]).toMatchObject({ entity_type: 'contact', entity_id: id, description: `Contact imported by ${admin.full_name} in import ${done.id}` });
    const contact = (await t.request('GET', `/api/v1/contacts/${id}/`)).body;
    expect(created[0].timestamp).toBe(contact.created_at);
    // The other imported record is not on this one's timeline.
    expect(res.body.timeline.every((i: any) => i.entity_id === id)).toBe(true);

    expect((await t.request('PATCH', `/api/v1/contacts/${id}/`, { body: { job_title: 'Buyer' } })).status).toBe(200);
    const after = (await t.request('GET', `/api/v1/timeline/contact/${id}/`)).body.timeline;
    expect(after.map((i: any) => i.action)).toEqual(['update', 'create']);
    // The same line in the unified timeline scoped to the record, and filtered by the importing user.
    const scoped = await t.request('GET', `/api/v1/timeline/?entity_type=contact&entity_id=${id}&activity_types=audit`);
    expect(creations(scoped.body.results).map((i: any) => i.description)).toEqual([`Contact imported by ${admin.full_name} in import ${done.id}`]);
    const byAdmin = await t.request('GET', `/api/v1/timeline/?entity_type=contact&entity_id=${id}&user_id=${admin.id}`);
    expect(creations(byAdmin.body.results)).toHaveLength(1);
  });

  it('a record created one at a time shows its own audit entry, not a second creation line', async () => {
    const made = (await t.request('POST', '/api/v1/contacts/', { body: { email: 'solo@imp.test', last_name: 'Solo' } })).body;
    const timeline = (await t.request('GET', `/api/v1/timeline/contact/${made.id}/`)).body.timeline;
    expect(creations(timeline)).toHaveLength(1);
    expect(creations(timeline)[0].id).toMatch(/^audit_/);
  });

  it('a record received in a bootstrap batch shows its creation by its author', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-import-timeline-peer-'));
    const peer = createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000 });
    try {
      const admin = (await t.request('GET', '/api/v1/auth/me/')).body;
      const made = peer.records.create('company', { name: 'Boot Co' }, { actor: admin.id, origin: 'api' });
      const items = peer.records.outbox.since(0, 10).filter((i) => i.record_id === made.id);
      const results = t.server.engine.records.applyRemoteBatch(items, { quiet: true });
      expect(results.map((r) => r.status)).toEqual(['applied']);
      const timeline = (await t.request('GET', `/api/v1/timeline/company/${String(made.id)}/`)).body.timeline;
      const created = creations(timeline);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ description: 'Company created', entity_id: made.id, timestamp: made.created_at });
    } finally {
      peer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
