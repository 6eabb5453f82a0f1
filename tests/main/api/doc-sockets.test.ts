import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/test-server';
import { docClient, rawDocSocket, synced, type DocClient } from '../../helpers/doc-client';
import { eventually } from '../../helpers/team-installs';
import { DOC_CLOSE, MAX_DOC_MESSAGE_BYTES } from '../../../src/shared/co-editing/doc-channel';

let t: TestServer;
let rep: { id: string; token: string };
let viewer: { id: string; token: string };
let leadId: string;
const clients: DocClient[] = [];

function open(token: string | null, id = leadId, entity = 'lead', claim = {}) {
  const c = docClient(t.url, entity, id, token, claim);
  clients.push(c);
  return c;
}

async function notes(): Promise<string> {
  const res = await t.request('GET', `/api/v1/leads/${leadId}/`);
  return res.body.notes ?? '';
}

beforeAll(async () => {
  t = await startTestServer();
  rep = await t.userWithRole('sales_rep', 'rep1');
  viewer = await t.userWithRole('viewer', 'viewer1');
  const res = await t.request('POST', '/api/v1/leads/', {
    body: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@acme.example', notes: 'Met at the fair.' },
  });
  leadId = res.body.id;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await t.stop();
});

describe('doc socket: who may open a room', () => {
  it('closes without a token, or with a bad one (4401), and sends nothing of the record', async () => {
    for (const token of [null, 'not-a-token']) {
      const c = open(token);
      const closed = await c.closed;
      expect(closed.code).toBe(DOC_CLOSE.unauthenticated);
      expect(c.text.toString()).toBe('');
    }
  });

  it('refuses an entity without co-edited notes, a malformed id and an unknown record', async () => {
    expect((await open(t.adminToken, leadId, 'company').closed).code).toBe(DOC_CLOSE.malformed);
    expect((await open(t.adminToken, 'bad%20id!', 'lead').closed).code).toBe(DOC_CLOSE.malformed);
    const missing = await open(t.adminToken, '0190aaaa-0000-7000-8000-000000000000').closed;
    expect(missing.code).toBe(DOC_CLOSE.notFound);
    expect(missing.reason).toMatch(/No lead/);
  });
});

describe('doc socket: bad frames', () => {
  it('closes a socket that sends a malformed frame with a typed reason; the room goes on', async () => {
    const { ws, closed } = await rawDocSocket(t.url, `/ws/docs/lead/${leadId}/?token=${t.adminToken}`);
    ws.send(Buffer.from([0x00, 0x09, 0xff, 0xff, 0xff]));
    const c = await closed;
    expect(c.code).toBe(DOC_CLOSE.malformed);
    expect(c.reason.length).toBeGreaterThan(0);
    const healthy = open(t.adminToken);
    await synced(healthy);
    expect(healthy.text.toString()).toBe('Met at the fair.');
  });

  it('closes on an update that writes outside the notes text', async () => {
    const { ws, closed } = await rawDocSocket(t.url, `/ws/docs/lead/${leadId}/?token=${t.adminToken}`);
    const Y = await import('yjs');
    const other = new Y.Doc();
    other.getMap('evil').set('x', 1);
    const update = Y.encodeStateAsUpdate(other);
    ws.send(Buffer.concat([Buffer.from([0x00, 0x02]), Buffer.from(encodeLength(update.length)), Buffer.from(update)]));
    const c = await closed;
    expect(c.code).toBe(DOC_CLOSE.malformed);
    expect(c.reason).toMatch(/evil/);
  });

  it('closes a socket that floods the room with frames (4429)', async () => {
    const { ws, closed } = await rawDocSocket(t.url, `/ws/docs/lead/${leadId}/?token=${t.adminToken}`);
    // A query-awareness message is valid; 600 of them at once is not typing.
    for (let i = 0; i < 600; i++) ws.send(Buffer.from([3]));
    expect((await closed).code).toBe(DOC_CLOSE.rateLimited);
  });

  it('closes on a frame over the size limit', async () => {
    const { ws, closed } = await rawDocSocket(t.url, `/ws/docs/lead/${leadId}/?token=${t.adminToken}`);
    ws.send(Buffer.alloc(MAX_DOC_MESSAGE_BYTES + 10));
    expect((await closed).code).toBe(DOC_CLOSE.tooLarge);
  });
});

describe('doc socket: presence and co-edited notes', () => {
  it('shows each page the others with the identity of their token, not the one they claim', async () => {
    const a = open(t.adminToken);
    const b = open(rep.token, leadId, 'lead', { id: 'admin-impostor', name: 'Not me' });
    await Promise.all([synced(a), synced(b)]);
    const seen = await eventually(
      async () => a.others(),
      (o) => o.some((u) => u.id === rep.id),
      'presence of rep1',
    );
    const repState = seen.find((u) => u.id === rep.id)!;
    expect(repState.name).toBe('rep1');
    expect(seen.some((u) => u.id === 'admin-impostor')).toBe(false);
    b.destroy();
    await eventually(
      async () => a.others(),
      (o) => !o.some((u) => u.id === rep.id),
      'rep1 leaving',
    );
  });

  it('merges two people typing at once, character by character, and projects the text into the record', async () => {
    const a = open(t.adminToken);
    const b = open(rep.token);
    await Promise.all([synced(a), synced(b)]);
    // Both edit before seeing the other's change.
    a.text.insert(0, 'Admin: call back. ');
    b.text.insert(b.text.length, ' Rep: send pricing.');
    const merged = 'Admin: call back. Met at the fair. Rep: send pricing.';
    await eventually(
      async () => [a.text.toString(), b.text.toString()],
      ([x, y]) => x === merged && y === merged,
      'both pages merged',
    );
    await eventually(notes, (n) => n === merged, 'notes field projected');
  });

  it('takes no edits from a viewer, who still sees the text', async () => {
    const v = open(viewer.token);
    await synced(v);
    const before = await notes();
    expect(v.text.toString()).toBe(before);
    v.text.insert(0, 'VIEWER WAS HERE ');
    const a = open(t.adminToken);
    await synced(a);
    // Longer than the typing pause after which a taken edit would reach the field.
    await new Promise((r) => setTimeout(r, 1600));
    expect(a.text.toString()).toBe(before);
    expect(await notes()).toBe(before);
  });

  it('follows a notes change made through the API while the room is open', async () => {
    const a = open(t.adminToken);
    await synced(a);
    const res = await t.request('PATCH', `/api/v1/leads/${leadId}/`, { body: { notes: 'Rewritten by a script.' } });
    expect(res.status).toBe(200);
    await eventually(
      async () => a.text.toString(),
      (s) => s === 'Rewritten by a script.',
      'text following the field',
    );
  });
});

function encodeLength(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('doc socket: a deleted record', () => {
  it("closes the room's sockets with 4404 when the record is deleted, and refuses new ones", async () => {
    const created = await t.request('POST', '/api/v1/leads/', { body: { last_name: 'Gone', email: 'gone@acme.example', notes: 'x' } });
    const id = created.body.id as string;
    const a = open(t.adminToken, id);
    await synced(a);
    expect((await t.request('DELETE', `/api/v1/leads/${id}/`)).status).toBe(204);
    expect((await a.closed).code).toBe(DOC_CLOSE.notFound);
    expect((await open(t.adminToken, id).closed).code).toBe(DOC_CLOSE.notFound);
  });
});
