import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION, FIELDS, META, WRITERS, fieldKey, readEntries, winnersOf, writerKey } from '../../src/shared/record-doc/doc-format';
import { decodeRelayFrame, encodeFrame } from '../../src/shared/sync/frame-codec';
import { SYNC_PROTOCOL_VERSION, type ClientFrame, type RelayFrame } from '../../src/shared/sync/sync-protocol';
import { RelayCore } from '../../sync-server/src/core/relay-core';
import { silentLogger } from '../../sync-server/src/core/relay-logger';
import { createAccessTokens } from '../../sync-server/src/identity/access-tokens';
import { createIdentityService, type IdentityService } from '../../sync-server/src/identity/identity-service';
import { openPgliteRelayStore, type RelayStore } from '../../sync-server/src/store/relay-store';

/**
 * A record-document update in the shared format (schema 2): meta, this writer's entry naming
 * `userId` (null: a system write), and `<field>@<writer>` entries.
 */
export function recordUpdate(fields: Record<string, string>, clientId?: number, opts: { userId?: string | null; entity?: string } = {}): Uint8Array {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const writer = writerKey(doc.clientID);
  const created = Date.parse('2026-03-01T09:00:00Z');
  doc.transact(() => {
    const meta = doc.getMap(META);
    meta.set('e', opts.entity ?? 'lead');
    meta.set('t', created);
    meta.set('v', DOC_SCHEMA_V2);
    doc.getMap(WRITERS).set(writer, [opts.userId ?? null]);
    let counter = 0;
    for (const [k, v] of Object.entries(fields)) doc.getMap(FIELDS).set(fieldKey(k, writer), [v, counter++]);
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Field -> winning value of the document the updates build. */
export function fieldsOf(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  const out: Record<string, unknown> = {};
  for (const [field, entry] of winnersOf(readEntries(doc))) out[field] = entry.value;
  return out;
}

/** A socket-like object recording what the core sends; no network involved. */
export class FakeSocket {
  frames: RelayFrame[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(bytes: Uint8Array): void {
    const res = decodeRelayFrame(bytes);
    if (!res.ok) throw new Error(`relay sent an undecodable frame: ${res.message}`);
    this.frames.push(res.frame);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  of<T extends RelayFrame['type']>(type: T): Extract<RelayFrame, { type: T }>[] {
    return this.frames.filter((f): f is Extract<RelayFrame, { type: T }> => f.type === type);
  }
}

export interface CoreFixture {
  core: RelayCore;
  store: RelayStore;
  identity: IdentityService;
  clock: { now: Date };
  connect(token: string, deviceId: string): Promise<{ socket: FakeSocket; send(frame: ClientFrame): Promise<void>; close(): void }>;
  close(): Promise<void>;
}

/** The relay core over a real PGlite directory, driven by fake sockets. */
export async function startCoreFixture(): Promise<CoreFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-core-'));
  const store = await openPgliteRelayStore(dir);
  const tokens = createAccessTokens(new TextEncoder().encode('test-key-not-secret-0123456789abcdef'));
  const clock = { now: new Date('2026-03-01T10:00:00Z') };
  const now = () => clock.now;
  const core = new RelayCore({ store, tokens, log: silentLogger, now });
  const identity = createIdentityService({
    store: store.identity,
    tokens,
    now,
    onMemberRemoved: (t, a) => core.memberRemoved(t, a),
    onRoleChanged: (t, a, r) => core.roleChanged(t, a, r),
  });
  const fixture: CoreFixture = {
    core,
    store,
    identity,
    clock,
    async connect(token, deviceId) {
      const socket = new FakeSocket();
      const conn = core.handleConnection(socket, 'test');
      const send = async (frame: ClientFrame) => {
        conn.receive(encodeFrame(frame));
        await conn.session.queue;
      };
      await send({ type: 'hello', protocol_version: SYNC_PROTOCOL_VERSION, schema_version: DOC_SCHEMA_VERSION, device_id: deviceId, access_token: token });
      return { socket, send, close: () => conn.closed() };
    },
    async close() {
      await core.drain();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Polls until `check` holds; for events that arrive through the core's async fan-out. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
