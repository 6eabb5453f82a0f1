import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { StageHistory } from '../../../../src/main/engines/analytics/stage-history';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';
import { RelayLog } from '../../../helpers/relay-log';

interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
}

function peer(clock = new ManualClock()): Peer {
  const { db } = tempStore();
  const records = new RecordsEngine({ db, clock });
  new StageHistory(db).attach(records);
  return { db, clock, records };
}

const relay = new RelayLog();

/** Delivers `from`'s new changes to `to` twice over, as a relay may after a lost acknowledgement. */
function deliverTwice(from: Peer, to: Peer): void {
  const seen = relay.entries.length;
  relay.deliver(from.records, to.records);
  for (const e of relay.entries.slice(seen)) to.records.applyRemoteUpdate(e.record_id, e.update);
}

const ctx = { actor: 'u1', origin: 'api' as const };
const history = (p: Peer) =>
  p.db.prepare('SELECT record_id, entity, from_stage, to_stage, actor, close_date FROM stage_transitions ORDER BY at, to_stage').all();

describe('stage history', () => {
  it('records the first stage and every change, with the authored time and expected close date', () => {
    const a = peer();
    const contact = a.records.create('contact', { last_name: 'C', email: 'c@example.com' }, ctx);
    const deal = a.records.create('opportunity', { name: 'D', contact: contact.id, amount: 10, close_date: '2025-04-01', stage: 'qualification' }, ctx);
    a.clock.advance(86_400_000);
    a.records.update('opportunity', String(deal.id), { close_date: '2025-05-01' }, ctx);
    a.records.update('opportunity', String(deal.id), { stage: 'closed_won' }, ctx);
    const lead = a.records.create('lead', { email: 'l@example.com' }, ctx);
    a.records.update('lead', String(lead.id), { status: 'qualified' }, ctx);
    expect(history(a)).toEqual([
      { record_id: deal.id, entity: 'opportunity', from_stage: null, to_stage: 'qualification', actor: 'u1', close_date: '2025-04-01' },
      { record_id: deal.id, entity: 'opportunity', from_stage: 'qualification', to_stage: 'closed_won', actor: 'u1', close_date: '2025-05-01' },
      { record_id: lead.id, entity: 'lead', from_stage: null, to_stage: 'new', actor: 'u1', close_date: null },
      { record_id: lead.id, entity: 'lead', from_stage: 'new', to_stage: 'qualified', actor: 'u1', close_date: null },
    ]);
    const at = a.db.prepare("SELECT at FROM stage_transitions WHERE to_stage = 'closed_won'").pluck().get();
    expect(at).toBe(a.clock.now().toISOString());
  });

  it('records remote changes once however often they arrive', () => {
    const a = peer();
    // The other install's clock is a day ahead: the history keeps the authored times, not arrival.
    const b = peer(new ManualClock(Date.parse('2025-03-02T09:00:00Z')));
    const contact = a.records.create('contact', { last_name: 'C', email: 'c@example.com' }, ctx);
    const deal = a.records.create('opportunity', { name: 'D', contact: contact.id, amount: 10, close_date: '2025-04-01' }, ctx);
    // Online installs push each change as it is made (changes made offline reach peers merged:
    // a peer then sees the net stage change only).
    deliverTwice(a, b);
    a.clock.advance(3_600_000);
    a.records.update('opportunity', String(deal.id), { stage: 'proposal' }, ctx);
    deliverTwice(a, b);
    const stages = (p: Peer) => p.db.prepare('SELECT to_stage FROM stage_transitions ORDER BY at, to_stage').pluck().all() as string[];
    expect(stages(b).sort()).toEqual(['proposal', 'prospecting']);
    expect(stages(a).sort()).toEqual(['proposal', 'prospecting']);
    const ats = (p: Peer) => p.db.prepare('SELECT record_id, to_stage, at FROM stage_transitions ORDER BY at, to_stage').all();
    expect(ats(b)).toEqual(ats(a));
  });
  it('a local edit writes only its own move; a remote update writes the whole history it brings', () => {
    const a = peer();
    const b = peer();
    const relay = new RelayLog();
    const stages = (p: Peer) => (history(p) as { to_stage: string }[]).map((r) => r.to_stage).sort();
    const lead = a.records.create('lead', { email: 'l@example.com' }, ctx);
    const id = String(lead.id);
    a.records.update('lead', id, { status: 'contacted' }, ctx);
    relay.deliver(a.records, b.records);
    // Rows are a projection: one lost on A (a restored backup, say) is not rewritten by every later edit ...
    a.db.prepare("DELETE FROM stage_transitions WHERE to_stage = 'new'").run();
    a.records.update('lead', id, { lead_score: 10 }, ctx);
    a.records.update('lead', id, { status: 'qualified' }, ctx);
    expect(stages(a)).toEqual(['contacted', 'qualified']);
    // ... and a peer's update, which may carry any steps, brings it back.
    b.records.update('lead', id, { notes: 'called' }, ctx);
    relay.deliver(b.records, a.records);
    expect(stages(a)).toEqual(['contacted', 'new', 'qualified']);
    relay.deliver(a.records, b.records);
    expect(history(b)).toEqual(history(a));
  });
});
