import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../src/main/engines/records';
import { ManualClock } from '../../helpers/manual-clock';
import { tempStore } from '../../helpers/temp-store';
import { startTestServer, type TestServer } from '../../helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

/** Copies every outbox update of the server's store into a peer engine, as the relay would. */
function pullFromServer(peer: RecordsEngine): void {
  for (const item of t.server.engine.records.outbox.since(0, 100_000)) peer.applyRemoteUpdate(item.record_id, item.update);
}

/** A lead edited on this install and, concurrently and earlier, on a teammate's. */
async function conflictedLead(email: string): Promise<{ id: string; peer: RecordsEngine }> {
  const lead = await t.request('POST', '/api/v1/leads/', { body: { email, status: 'new' } });
  const { db } = tempStore();
  const peer = new RecordsEngine({ db, clock: new ManualClock(Date.now() - 60_000) });
  pullFromServer(peer);
  // The teammate's edit is older; this install's later edit wins, the teammate's is kept.
  peer.update('lead', lead.body.id, { status: 'contacted' }, { actor: null, origin: 'ui' });
  await t.request('PATCH', `/api/v1/leads/${lead.body.id}/`, { body: { status: 'qualified' } });
  for (const item of peer.outbox.since(0, 100_000)) t.server.engine.records.applyRemoteUpdate(item.record_id, item.update);
  return { id: lead.body.id, peer };
}

describe('conflicts API', () => {
  it('lists the losing value of a concurrent edit and restores it through the write path', async () => {
    const { id } = await conflictedLead('conflict-a@x.test');
    expect((await t.request('GET', `/api/v1/leads/${id}/`)).body.status).toBe('qualified');
    const list = await t.request('GET', `/api/v1/conflicts/?model=lead&object_id=${id}`);
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(1);
    const conflict = list.body.results[0];
    expect(conflict).toMatchObject({
      field: 'status',
      field_label: 'Status',
      losing_value: 'contacted',
      winning_value: 'qualified',
      current_value: 'qualified',
      resolved_at: null,
    });

    const restored = await t.request('POST', `/api/v1/conflicts/${conflict.id}/restore/`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ resolution: 'restored', current_value: 'contacted' });
    expect((await t.request('GET', `/api/v1/leads/${id}/`)).body.status).toBe('contacted');
    const trail = await t.request('GET', `/api/v1/audit-trail/?model=lead&object_id=${id}&action=update`);
    expect(trail.body.results[0].new_values).toMatchObject({ status: 'contacted' });
    expect((await t.request('GET', `/api/v1/conflicts/?object_id=${id}`)).body.count).toBe(0);
    expect((await t.request('GET', `/api/v1/conflicts/?object_id=${id}&status=resolved`)).body.count).toBe(1);
    expect((await t.request('POST', `/api/v1/conflicts/${conflict.id}/restore/`)).status).toBe(409);
  });

  it('dismisses a conflict, keeping the current value; a viewer may read but not settle', async () => {
    const { id } = await conflictedLead('conflict-b@x.test');
    const conflict = (await t.request('GET', `/api/v1/conflicts/?object_id=${id}`)).body.results[0];
    const viewer = await t.userWithRole('viewer', 'conflict-viewer');
    expect((await t.request('GET', `/api/v1/conflicts/${conflict.id}/`, { token: viewer.token })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/conflicts/${conflict.id}/dismiss/`, { token: viewer.token })).status).toBe(403);
    const dismissed = await t.request('POST', `/api/v1/conflicts/${conflict.id}/dismiss/`);
    expect(dismissed.body).toMatchObject({ resolution: 'dismissed', current_value: 'qualified' });
  });

  it('names bad parameters and unknown conflicts', async () => {
    const bad = await t.request('GET', '/api/v1/conflicts/?model=spaceship&status=maybe&colour=red');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['colour', 'model', 'status']);
    expect((await t.request('POST', '/api/v1/conflicts/nope/restore/')).status).toBe(404);
  });
});
