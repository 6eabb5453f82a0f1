import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../../../../src/shared/record-doc/doc-format';
import { checkedRewrite, documentEntriesReading } from '../../../../src/shared/record-doc/schema3-reading';
import type { UpdateEnvelope } from '../../../../src/shared/sync/sync-protocol';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';
import { startCoreFixture, waitFor, type CoreFixture } from '../../../helpers/relay-fixtures';
import { tempStore } from '../../../helpers/temp-store';
import { drainOutbox } from '../../../helpers/outbox-envelopes';

let f: CoreFixture;
let admin: { access_token: string; account_id: string; team_id: string };
const ctx = { actor: null, origin: 'api' as const };

/** A schema-2 install's outbox, pushed as it would be: several updates per record, edits superseding entries. */
function schema2Pushes(writer: string): { envelopes: UpdateEnvelope[]; ids: string[] } {
  const clock = new ManualClock();
  const records = new RecordsEngine({ db: tempStore().db, clock });
  records.docVersion = DOC_SCHEMA_V2;
  const ids: string[] = [];
  const envelopes: UpdateEnvelope[] = [];
  const drain = () => drainOutbox(records, writer, DOC_SCHEMA_V2, envelopes);
  for (let i = 0; i < 6; i++)
    ids.push(String(records.create('lead', { email: `l${i}@x.test`, first_name: `Lead ${i}`, status: 'new', tags: ['vip'] }, ctx).id));
  drain();
  for (let round = 0; round < 3; round++) {
    clock.advance(60_000);
    for (const id of ids) records.update('lead', id, { first_name: `Edited ${round}`, lead_score: round, status: round === 2 ? 'contacted' : 'new' }, ctx);
    drain();
  }
  return { envelopes, ids };
}

async function logOf(recordId: string): Promise<Uint8Array[]> {
  const rows = await f.store.updates.since(admin.team_id, 0, 10_000);
  return rows.filter((r) => r.record_id === recordId).map((r) => r.update);
}

function readingOf(updates: Uint8Array[], id: string): string {
  const doc = new Y.Doc({ guid: id });
  for (const u of updates) Y.applyUpdate(doc, u);
  try {
    return documentEntriesReading(doc);
  } finally {
    doc.destroy();
  }
}

beforeAll(async () => {
  f = await startCoreFixture();
  admin = await f.identity.createTeam({ team_name: 'North', email: 'ada@north.test', password: 'password-1234', device_id: 'adm-1' });
});
afterAll(() => f.close());

describe('team compaction on the relay', () => {
  it('rewrites each record log as one schema-3 row that reads the same, refuses old-epoch pushes, and takes them after a confirm', async () => {
    const a = await f.connect(admin.access_token, 'adm-1');
    expect(a.socket.of('epoch')).toEqual([]);
    const { envelopes, ids } = schema2Pushes(admin.account_id);
    for (let i = 0; i < envelopes.length; i += 100) await a.send({ type: 'push', envelopes: envelopes.slice(i, i + 100) });
    await a.send({ type: 'pull', since: 0, limit: 1000 });
    const before = new Map<string, { reading: string; bytes: number; merged: Uint8Array }>();
    for (const id of ids) {
      const log = await logOf(id);
      expect(log.length).toBe(4);
      const merged = Y.mergeUpdates(log);
      before.set(id, { reading: readingOf(log, id), bytes: merged.length, merged });
    }

    const started = await f.core.compaction.start(admin.team_id);
    expect(started).toMatchObject({ epoch: 1, state: 'compacting' });
    await expect(f.core.compaction.start(admin.team_id)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.status === 409);
    await f.core.compaction.idle();
    // Told live: compacting, then ready.
    expect(a.socket.of('epoch')).toEqual([
      { type: 'epoch', epoch: 1, state: 'compacting' },
      { type: 'epoch', epoch: 1, state: 'ready' },
    ]);
    const state = await f.store.epochs.get(admin.team_id);
    expect(state).toMatchObject({ epoch: 1, state: 'ready', stats: { records: ids.length, rewritten: ids.length, kept: 0 } });
    expect(state.stats.bytes_after!).toBeLessThan(state.stats.bytes_before!);

    for (const id of ids) {
      const log = await logOf(id);
      expect(log.length).toBe(1);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, log[0]);
      expect(doc.getMap('m').get('v')).toBe(DOC_SCHEMA_VERSION);
      expect(readingOf(log, id)).toBe(before.get(id)!.reading);
      expect(log[0].length).toBeLessThan(before.get(id)!.bytes);
      // The same bytes any relay instance computes from the same log.
      const again = checkedRewrite(id, before.get(id)!.merged);
      expect(again.rewritten && Buffer.compare(Buffer.from(again.state), Buffer.from(log[0]))).toBe(0);
    }
    // The epoch-0 histories stay readable for devices with unsent edits.
    const previous = await f.store.epochs.previous(admin.team_id, ids);
    expect(previous.map((p) => [p.record_id, p.epoch])).toEqual([...ids].sort().map((id) => [id, 0]));
    expect(readingOf([previous[0].update], previous[0].record_id)).toBe(before.get(previous[0].record_id)!.reading);

    // The connected device is of epoch 0: its push and pull are refused, nothing stored.
    const head = await f.store.updates.headSeq(admin.team_id);
    const late = { ...envelopes[envelopes.length - 1], client_seq: 10_000 };
    await a.send({ type: 'push', envelopes: [late] });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'rebootstrap', client_seq: 10_000 });
    await a.send({ type: 'pull', since: 0, limit: 10 });
    expect(a.socket.of('error').at(-1)).toMatchObject({ code: 'rebootstrap' });
    expect(await f.store.updates.headSeq(admin.team_id)).toBe(head);
    a.close();

    // A device reconnecting is told the epoch before its welcome; once it confirms, it pushes.
    const b = await f.connect(admin.access_token, 'adm-1');
    expect(b.socket.frames.slice(0, 2).map((x) => x.type)).toEqual(['epoch', 'welcome']);
    await b.send({ type: 'epoch_confirm', epoch: 2 });
    expect(b.socket.of('error').at(-1)).toMatchObject({ code: 'rebootstrap' });
    await b.send({ type: 'bootstrap', cursor: null });
    const page = b.socket.of('bootstrap_page')[0];
    expect(page.records.filter((r) => ids.includes(r.record_id)).every((r) => r.schema_version === DOC_SCHEMA_VERSION)).toBe(true);
    await b.send({ type: 'epoch_confirm', epoch: 1 });
    await b.send({ type: 'push', envelopes: [late] });
    await waitFor(() => b.socket.of('ack').length > 0, 'ack after confirm');
    expect(await f.store.updates.headSeq(admin.team_id)).toBe(head + 1);
    b.close();
  });

  it('refuses, under the team lock, an append made against an epoch the team has left', async () => {
    const { envelopes } = schema2Pushes(admin.account_id);
    await expect(f.store.updates.append(admin.team_id, 'adm-9', envelopes.slice(0, 1), 0)).rejects.toThrow(/re-bootstrap/);
    const ok = await f.store.updates.append(admin.team_id, 'adm-9', envelopes.slice(0, 1), 1);
    expect(ok.rows.length).toBe(1);
  });

  it('drops the previous histories once every device of the team holds the new epoch, not before', async () => {
    const north = await f.identity.createTeam({ team_name: 'North', email: 'nora@north.test', password: 'password-1234', device_id: 'nora-laptop' });
    const phone = await f.identity.token({ email: 'nora@north.test', password: 'password-1234', device_id: 'nora-phone' });
    const { envelopes, ids } = schema2Pushes(north.account_id);
    await f.store.updates.append(north.team_id, 'nora-laptop', envelopes);
    await f.core.compaction.start(north.team_id);
    await f.core.compaction.idle();
    const kept = () => f.store.epochs.previous(north.team_id, ids).then((rows) => rows.length);
    expect(await kept()).toBe(ids.length);
    // The laptop holds epoch 1; the phone still holds epoch 0 and may have unsent edits.
    const laptop = await f.connect(north.access_token, 'nora-laptop');
    await laptop.send({ type: 'epoch_confirm', epoch: 1 });
    expect(laptop.socket.of('error')).toEqual([]);
    expect(await kept()).toBe(ids.length);
    const onPhone = await f.connect(phone.access_token, 'nora-phone');
    await onPhone.send({ type: 'epoch_confirm', epoch: 1 });
    expect(onPhone.socket.of('error')).toEqual([]);
    expect(await kept()).toBe(0);
    laptop.close();
    onPhone.close();
  });

  it('drops previous histories kept past the grace period (a device that never came back)', async () => {
    const south = await f.identity.createTeam({ team_name: 'South', email: 'sam@south.test', password: 'password-1234', device_id: 'sam-1' });
    const { envelopes, ids } = schema2Pushes(south.account_id);
    await f.store.updates.append(south.team_id, 'sam-1', envelopes);
    await f.core.compaction.start(south.team_id);
    await f.core.compaction.idle();
    const kept = () => f.store.epochs.previous(south.team_id, ids).then((rows) => rows.length);
    expect(await f.store.epochs.dropOldPrevious(30 * 86_400_000)).toBe(0);
    expect(await kept()).toBe(ids.length);
    // Kept since before now: a grace period of zero drops them (with every other team's left).
    expect(await f.store.epochs.dropOldPrevious(0)).toBeGreaterThanOrEqual(ids.length);
    expect(await kept()).toBe(0);
  });

  it('resumes a rewrite a stopped relay left half done, at start', async () => {
    const other = await f.identity.createTeam({ team_name: 'West', email: 'wes@west.test', password: 'password-1234', device_id: 'wes-1' });
    const { envelopes, ids } = schema2Pushes(other.account_id);
    await f.store.updates.append(other.team_id, 'wes-1', envelopes);
    // The relay stopped right after the epoch moved and one page was rewritten.
    const begun = await f.store.epochs.begin(other.team_id, new Date().toISOString());
    await f.store.epochs.rewritePage(other.team_id, begun!.epoch, '', 2);
    await f.core.compaction.resume();
    await f.core.compaction.idle();
    const state = await f.store.epochs.get(other.team_id);
    expect(state).toMatchObject({ epoch: 1, state: 'ready', stats: { records: ids.length } });
    // The two rewritten before the stop are schema 3 now and pass through as they are.
    expect(state.stats.unchanged).toBe(2);
    expect(state.stats.rewritten! + state.stats.kept!).toBe(ids.length - 2);
    const rows = await f.store.updates.since(other.team_id, 0, 10_000);
    expect(new Set(rows.map((r) => r.record_id)).size).toBe(rows.length);
  });
});
