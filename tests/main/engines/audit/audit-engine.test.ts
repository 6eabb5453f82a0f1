import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src/main/db/open-database';
import { RecordsEngine, RecordReader } from '../../../../src/main/engines/records';
import { AuditEngine } from '../../../../src/main/engines/audit';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

interface Peer {
  db: Db;
  clock: ManualClock;
  records: RecordsEngine;
  audit: AuditEngine;
  sent: number;
}

function peer(clientId: number): Peer {
  const { db } = tempStore();
  const clock = new ManualClock();
  const records = new RecordsEngine({ db, clock });
  const audit = new AuditEngine({ db, clock, records, reader: new RecordReader(db) });
  return { db, clock, records, audit, sent: 0 };
}

/** Delivers the outbox of `from` to `to`, as the relay would. */
function deliver(from: Peer, to: Peer): void {
  const items = from.records.outbox.since(0, 100_000);
  for (const item of items) to.records.applyRemoteUpdate(item.record_id, item.update);
  from.records.outbox.acknowledge(items);
}

const entries = (p: Peer, id: string) =>
  p.db
    .prepare('SELECT action, actor, actor_name, origin, changes, old_values, new_values FROM audit_entries WHERE object_id = ? ORDER BY rowid')
    .all(id) as Record<string, string | null>[];

describe('audit engine', () => {
  it('audits a remote change on the receiving install with origin remote and the remote author', () => {
    const a = peer(11);
    const b = peer(22);
    for (const p of [a, b]) {
      p.records.create(
        'user',
        { username: 'ann', email: 'ann@x.test', first_name: 'Ann' },
        { actor: null, origin: 'system' },
        '01900000-0000-7000-8000-0000000000aa',
      );
    }
    const author = '01900000-0000-7000-8000-0000000000aa';
    const lead = a.records.create('lead', { email: 'l@x.test', status: 'new' }, { actor: author, origin: 'api' });
    const id = String(lead.id);
    deliver(a, b);
    a.clock.advance(1_000);
    a.records.update('lead', id, { status: 'qualified' }, { actor: author, origin: 'ui' });
    deliver(a, b);
    const received = entries(b, id);
    expect(received.map((e) => [e.action, e.origin, e.actor])).toEqual([
      ['create', 'remote', author],
      ['update', 'remote', author],
    ]);
    expect(received[1]).toMatchObject({ actor_name: 'Ann', old_values: '{"status":"new"}', new_values: '{"status":"qualified"}' });
    expect(entries(a, id).map((e) => e.origin)).toEqual(['api', 'ui']);
    const history = b.db.prepare("SELECT old_value, new_value, actor FROM field_history WHERE object_id = ? AND field_name = 'status'").all(id);
    expect(history).toEqual([{ old_value: '"new"', new_value: '"qualified"', actor: author }]);
  });

  it('writes one entry per write and field history only for changed fields, in the write transaction', () => {
    const p = peer(5);
    const lead = p.records.create('lead', { email: 'x@x.test', notes: 'n'.repeat(5_000) }, { actor: null, origin: 'import' });
    const id = String(lead.id);
    expect(p.db.prepare('SELECT count(*) FROM field_history').pluck().get()).toBe(0);
    const [created] = entries(p, id);
    expect(created).toMatchObject({ action: 'create', origin: 'import', actor_name: 'System', old_values: null });
    // Long text is cut in the entry (the document keeps it whole).
    expect(JSON.parse(String(created.new_values)).notes.length).toBeLessThan(2_100);
    p.records.update('lead', id, { priority: 'high', lead_score: 40 }, { actor: null, origin: 'api' });
    expect(p.db.prepare('SELECT field_name FROM field_history WHERE object_id = ? ORDER BY field_name').pluck().all(id)).toEqual(['lead_score', 'priority']);
    // A failing write leaves no entry behind.
    const before = p.db.prepare('SELECT count(*) FROM audit_entries').pluck().get();
    expect(() =>
      p.records.transaction(() => {
        p.records.update('lead', id, { priority: 'low' }, { actor: null, origin: 'api' });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(p.db.prepare('SELECT count(*) FROM audit_entries').pluck().get()).toBe(before);
  });

  it('masks secret-looking custom values and keeps the as-of state exact', () => {
    const p = peer(6);
    p.records.setCustomValuesValidator((_e, values) => ({ values: values ?? {}, errors: {} }));
    const lead = p.records.create('lead', { email: 'c@x.test', custom_fields: { api_token: 'tok-123', tier: 'gold' } }, { actor: null, origin: 'api' });
    const id = String(lead.id);
    p.clock.advance(1_000);
    const mid = p.clock.now().toISOString();
    p.clock.advance(1_000);
    p.records.update('lead', id, { custom_fields: { api_token: 'tok-456', tier: 'silver' } }, { actor: null, origin: 'api' });
    const dump = JSON.stringify(p.db.prepare('SELECT * FROM audit_entries').all()) + JSON.stringify(p.db.prepare('SELECT * FROM field_history').all());
    expect(dump).not.toContain('tok-123');
    expect(dump).not.toContain('tok-456');
    const entity = p.audit.history.entity('lead');
    const past = p.audit.history.asOf(entity, id, { at: mid, afterAuditId: null });
    expect(past.values?.custom_fields).toEqual({ api_token: '***', tier: 'gold' });
  });
});
