import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { StageHistory } from '../../../../src/main/engines/analytics/stage-history';
import { inspectUpdate, isProblem } from '../../../../src/shared/record-doc/validate-update';
import { writerKey } from '../../../../src/shared/record-doc/doc-format';
import { HISTORY, MAX_HISTORY_PER_UPDATE, historyKey } from '../../../../src/shared/record-doc/stage-log';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

/**
 * The stage history travels in the record documents: installs that receive the same updates
 * in any order, merged or one by one, hold the same transitions, including moves a peer
 * only ever saw merged into one update (made offline).
 */
interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
}

function peer(start: string): Peer {
  const { db } = tempStore();
  const clock = new ManualClock(Date.parse(start));
  const records = new RecordsEngine({ db, clock });
  new StageHistory(db).attach(records);
  return { db, clock, records };
}

/** What a peer has not pushed yet, as the relay would receive it, then acknowledged. */
function push(p: Peer): { record_id: string; update: Uint8Array }[] {
  const items = p.records.outbox.since(0, 1_000_000);
  p.records.outbox.acknowledge(items);
  return items.map((i) => ({ record_id: i.record_id, update: i.update }));
}

const rows = (p: Peer) => p.db.prepare('SELECT key, record_id, entity, from_stage, to_stage, at, actor, close_date FROM stage_transitions ORDER BY key').all();
const ctx = (actor: string) => ({ actor, origin: 'api' as const });

describe('stage history carried by the documents', () => {
  it('three installs end with identical transitions whatever the order, offline moves included', () => {
    const a = peer('2025-03-01T09:00:00Z');
    const b = peer('2025-03-01T09:00:02Z');
    const c = peer('2025-03-01T09:00:01Z');
    const contact = a.records.create('contact', { last_name: 'C', email: 'c@example.com' }, ctx('u1'));
    const deal = String(
      a.records.create('opportunity', { name: 'D', contact: contact.id, amount: 10, close_date: '2025-04-01', stage: 'prospecting' }, ctx('u1')).id,
    );
    const lead = String(a.records.create('lead', { email: 'l@example.com' }, ctx('u1')).id);
    const first = push(a);
    for (const i of first) b.records.applyRemoteUpdate(i.record_id, i.update);
    // A works offline: three moves of the deal reach the others as one merged update.
    a.clock.advance(60_000);
    a.records.update('opportunity', deal, { stage: 'qualification' }, ctx('u1'));
    a.clock.advance(60_000);
    a.records.update('opportunity', deal, { stage: 'proposal', close_date: '2025-05-01' }, ctx('u1'));
    a.clock.advance(60_000);
    a.records.update('opportunity', deal, { stage: 'negotiation' }, ctx('u1'));
    a.records.update('lead', lead, { status: 'contacted' }, ctx('u1'));
    const offline = push(a);
    // Meanwhile B moves the same deal (a concurrent move: both are history) and the lead.
    b.clock.advance(300_000);
    b.records.update('opportunity', deal, { stage: 'closed_lost' }, ctx('u2'));
    b.records.update('lead', lead, { status: 'qualified' }, ctx('u2'));
    const fromB = push(b);
    // C receives everything, newest first; B and A receive each other's.
    for (const i of [...fromB, ...offline, ...first].reverse()) c.records.applyRemoteUpdate(i.record_id, i.update);
    for (const i of offline) b.records.applyRemoteUpdate(i.record_id, i.update);
    for (const i of fromB) a.records.applyRemoteUpdate(i.record_id, i.update);
    expect(rows(b)).toEqual(rows(a));
    expect(rows(c)).toEqual(rows(a));
    // A device joining later gets each record whole (read without a Y.Doc): the same history.
    const d = peer('2025-03-02T09:00:00Z');
    const docs = a.db.prepare('SELECT id, state FROM record_docs').all() as { id: string; state: Buffer }[];
    d.records.applyRemoteBatch(
      docs.map((r) => ({ record_id: r.id, update: new Uint8Array(r.state) })),
      { quiet: true },
    );
    expect(rows(d)).toEqual(rows(a));
    const moves = a.db.prepare("SELECT from_stage, to_stage, actor, close_date FROM stage_transitions WHERE entity = 'opportunity' ORDER BY at").all();
    expect(moves).toEqual([
      { from_stage: null, to_stage: 'prospecting', actor: 'u1', close_date: '2025-04-01' },
      { from_stage: 'prospecting', to_stage: 'qualification', actor: 'u1', close_date: '2025-04-01' },
      { from_stage: 'qualification', to_stage: 'proposal', actor: 'u1', close_date: '2025-05-01' },
      { from_stage: 'proposal', to_stage: 'negotiation', actor: 'u1', close_date: '2025-05-01' },
      { from_stage: 'prospecting', to_stage: 'closed_lost', actor: 'u2', close_date: '2025-04-01' },
    ]);
    // Authored times, not arrival: the offline moves are a minute apart on every install.
    const ats = c.db.prepare("SELECT at FROM stage_transitions WHERE entity = 'opportunity' AND actor = 'u1' ORDER BY at").pluck().all() as string[];
    expect(ats.map((t) => Date.parse(t) - Date.parse(ats[0]))).toEqual([0, 60_000, 120_000, 180_000]);
  });

  it('a record created on the bulk path (import, bootstrap) starts its history as on the single path', () => {
    const a = peer('2025-03-01T09:00:00Z');
    const lead = a.records.inBulk(ctx('u1'), () => String(a.records.create('lead', { email: 'bulk@example.com', status: 'contacted' }, ctx('u1')).id));
    expect(rows(a)).toMatchObject([{ record_id: lead, entity: 'lead', from_stage: null, to_stage: 'contacted', actor: 'u1' }]);
    const b = peer('2025-03-01T09:00:00Z');
    for (const i of push(a)) b.records.applyRemoteUpdate(i.record_id, i.update);
    expect(rows(b)).toEqual(rows(a));
  });

  it('a write of the stage a record already has is not a move', () => {
    const a = peer('2025-03-01T09:00:00Z');
    const lead = String(a.records.create('lead', { email: 'l@example.com', status: 'contacted' }, ctx('u1')).id);
    a.records.update('lead', lead, { status: 'contacted', first_name: 'Lee' }, ctx('u1'));
    expect(a.db.prepare('SELECT count(*) FROM stage_transitions').pluck().get()).toBe(1);
  });

  it('a move whose stage entry arrives already superseded still becomes its transition', () => {
    // Seed 461 of the convergence property: A moves a lead, B (who saw it) moves it on, and C
    // receives B's move first. A's status entry then lands already deleted, so the update
    // brings no live field value: only its history entry is new.
    const a = peer('2025-03-01T09:00:00Z');
    const b = peer('2025-03-01T09:00:01Z');
    const c = peer('2025-03-01T09:00:02Z');
    const lead = String(a.records.create('lead', { email: 'l@example.com' }, ctx('u1')).id);
    const created = push(a);
    for (const i of created) for (const p of [b, c]) p.records.applyRemoteUpdate(i.record_id, i.update);
    a.clock.advance(1_000);
    a.records.update('lead', lead, { status: 'qualified' }, ctx('u1'));
    const moveA = push(a);
    for (const i of moveA) b.records.applyRemoteUpdate(i.record_id, i.update);
    b.clock.advance(1_000);
    b.records.update('lead', lead, { status: 'contacted' }, ctx('u2'));
    // What the relay forwards of B's push: only B's own part (A's move it already has).
    const seen = Y.encodeStateVectorFromUpdate(Y.mergeUpdates([...created, ...moveA].map((i) => i.update)));
    const moveB = push(b).map((i) => ({ record_id: i.record_id, update: Y.diffUpdate(i.update, seen) }));
    for (const i of [...moveB, ...moveA]) c.records.applyRemoteUpdate(i.record_id, i.update);
    for (const i of moveB) a.records.applyRemoteUpdate(i.record_id, i.update);
    const moves = (p: Peer) => (rows(p) as { to_stage: string }[]).map((r) => r.to_stage).sort();
    expect(moves(c)).toEqual(['contacted', 'new', 'qualified']);
    expect(rows(c)).toEqual(rows(a));
    expect(rows(b)).toEqual(rows(a));
  });
});

describe('validation of carried stage history', () => {
  const history = (client: number, entries: [string, unknown][]) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    doc.transact(() => {
      for (const [key, value] of entries) doc.getMap(HISTORY).set(key, value);
    });
    return Y.encodeStateAsUpdate(doc);
  };
  const w = writerKey(4242);

  it("accepts a writer's own moves of the right shape", () => {
    const facts = inspectUpdate(
      history(4242, [
        [historyKey(5, w), [null, 'new']],
        [historyKey(90, w), ['new', 'proposal', '2025-04-01']],
      ]),
    );
    expect(isProblem(facts)).toBe(false);
  });

  it.each([
    ["another writer's key", [[historyKey(5, writerKey(99)), [null, 'new']]], 'forged_writer'],
    ['a key that is not <stamp>@<writer>', [[`x.y@${w}`, [null, 'new']]], 'malformed'],
    ['no stage to move to', [[historyKey(5, w), ['new', null]]], 'malformed'],
    ['a stage name past 64 characters', [[historyKey(5, w), [null, 'x'.repeat(65)]]], 'malformed'],
    ['a close date that is not a date', [[historyKey(5, w), [null, 'new', 'soon']]], 'malformed'],
    ['extra values', [[historyKey(5, w), [null, 'new', null, 'more']]], 'malformed'],
    ['too many moves', Array.from({ length: MAX_HISTORY_PER_UPDATE + 1 }, (_, i) => [historyKey(i, w), [null, 'new']]), 'too_large'],
  ] as [string, [string, unknown][], string][])('refuses %s', (_name, entries, reason) => {
    const facts = inspectUpdate(history(4242, entries));
    expect(isProblem(facts) && facts.reason).toBe(reason);
  });
});
