import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { startTestServer, type TestServer } from '../../../helpers/test-server';
import { docClient, synced, type DocClient } from '../../../helpers/doc-client';
import { encodeDocRelayFrame } from '../../../../src/shared/sync/doc-relay-frames';

/**
 * What another install sends through the relay is input: frames injected where the sync
 * client hands them to the engine (a hostile peer cannot be made to send these through a real
 * relay, which refuses most of them first). The room must drop them and go on.
 */
let t: TestServer;
let leadId: string;
const clients: DocClient[] = [];

function fromRelay(message: Uint8Array, recordId = leadId): void {
  t.server.engine.sync.events.emit('doc.frame', encodeDocRelayFrame({ from_device: 'dev-x', entity: 'lead', record_id: recordId, message }));
}

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

beforeAll(async () => {
  t = await startTestServer();
  const res = await t.request('POST', '/api/v1/leads/', { body: { last_name: 'Hostile', email: 'h@acme.example', notes: 'Keep me.' } });
  leadId = res.body.id;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await t.stop();
});

describe('co-editing frames from other installs', () => {
  it('drops unreadable frames, updates outside the notes and unreadable awareness, and keeps the room', async () => {
    const page = docClient(t.url, 'lead', leadId, t.adminToken);
    clients.push(page);
    await synced(page);
    const evil = new Y.Doc();
    evil.getMap('other').set('k', 'v');
    fromRelay(new Uint8Array([0xff, 0x01]));
    fromRelay(syncUpdate(Y.encodeStateAsUpdate(evil)));
    fromRelay(syncUpdate(new Uint8Array([1, 2, 3, 4, 5])));
    fromRelay(new Uint8Array([1, 3, 1, 2, 3]));
    t.server.engine.sync.events.emit('doc.frame', new Uint8Array([48, 1]));
    // A well-formed update from another install is taken.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(page.doc));
    peer.getText('notes').insert(0, 'Remote: ');
    fromRelay(syncUpdate(Y.encodeStateAsUpdate(peer, Y.encodeStateVector(page.doc))));
    await new Promise((r) => setTimeout(r, 300));
    expect(page.text.toString()).toBe('Remote: Keep me.');
    expect(t.server.engine.coEditing.openRooms()).toEqual([`lead/${leadId}`]);
    const health = await t.request('GET', `/api/v1/leads/${leadId}/`);
    expect(health.status).toBe(200);
  });

  it('ignores frames for records nobody has open here', async () => {
    fromRelay(syncUpdate(new Uint8Array([0, 0])), 'not-open-here');
    expect(t.server.engine.coEditing.openRooms()).not.toContain('lead/not-open-here');
  });
});
