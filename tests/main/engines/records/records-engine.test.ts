import { describe, expect, it } from 'vitest';
import { RecordsEngine, RecordReader, type RecordChange } from '../../../../src/main/engines/records';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';

const api = { actor: null, origin: 'api' as const };

function setup(clientId = 1) {
  const { db } = tempStore();
  const clock = new ManualClock();
  const records = new RecordsEngine({ db, clock });
  const reader = new RecordReader(db);
  return { db, clock, records, reader };
}

describe('records engine write path', () => {
  it('keeps the outbox count right through acks, repeated edits and rolled-back writes', () => {
    const { db, records } = setup();
    const count = () => db.prepare('SELECT count(*) FROM sync_outbox').pluck().get();
    const a = records.create('lead', { email: 'a@x.test' }, api);
    expect(records.outbox.pendingCount()).toBe(1);
    records.update('lead', String(a.id), { status: 'lost' }, api);
    expect(records.outbox.pendingCount()).toBe(1);
    expect(() =>
      records.transaction(() => {
        records.create('lead', { email: 'b@x.test' }, api);
        throw new AppError('conflict', 'rolled back');
      }),
    ).toThrow('rolled back');
    expect(records.outbox.pendingCount()).toBe(count());
    records.outbox.acknowledge(records.outbox.since(0, 10));
    expect(records.outbox.pendingCount()).toBe(0);
    expect(count()).toBe(0);
  });

  it('creates a record: document, outbox, row, search index and one event after commit', () => {
    const { db, records } = setup();
    const events: RecordChange[] = [];
    records.events.on('record.changed', (e) => events.push(e));
    const lead = records.create('lead', { email: 'ada@acme.test', first_name: 'Ada', company_name: 'Acme' }, api);
    expect(lead.status).toBe('new');
    expect(lead.priority).toBe('medium');
    expect(db.prepare('SELECT count(*) n FROM record_docs').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) n FROM sync_outbox').get()).toEqual({ n: 1 });
    const hit = db.prepare(`SELECT l.id FROM leads_fts f JOIN leads l ON l.rowid = f.rowid WHERE leads_fts MATCH 'acm*'`).all();
    expect(hit).toEqual([{ id: lead.id }]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entity: 'lead', action: 'create', origin: 'api' });
    expect(events[0].changes.email).toEqual({ old: null, new: 'ada@acme.test' });
  });

  it('rejects bad input naming each field and writes nothing', () => {
    const { db, records } = setup();
    let error: AppError | undefined;
    try {
      records.create('lead', { email: 'nope', status: 'bogus', lead_score: 101, colour: 'red' }, api);
    } catch (e) {
      error = e as AppError;
    }
    expect(error?.code).toBe('validation_failed');
    expect(Object.keys(error?.fields ?? {}).sort()).toEqual(['colour', 'email', 'lead_score', 'status']);
    expect(db.prepare('SELECT count(*) n FROM leads').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) n FROM sync_outbox').get()).toEqual({ n: 0 });
  });

  it('updates, deletes with a tombstone and restores', () => {
    const { records, reader } = setup();
    const entity = records.entity('lead');
    const lead = records.create('lead', { email: 'b@x.test' }, api);
    const id = String(lead.id);
    records.update('lead', id, { status: 'qualified' }, api);
    expect(reader.get(entity, id).status).toBe('qualified');
    records.remove('lead', id, api);
    expect(() => reader.get(entity, id)).toThrow(AppError);
    expect(reader.get(entity, id, { includeDeleted: true }).deleted_at).toBeTruthy();
    records.restore('lead', id, api);
    expect(reader.get(entity, id).deleted_at).toBeNull();
    expect(reader.get(entity, id).status).toBe('qualified');
  });

  it('applies stage rules to opportunities', () => {
    const { records, clock } = setup();
    const contact = records.create('contact', { last_name: 'Lovelace', email: 'ada@x.test' }, api);
    const opp = records.create('opportunity', { name: 'Deal', contact: contact.id, amount: '1000', close_date: '2025-06-01' }, api);
    expect(opp.probability).toBe(10);
    expect(opp.weighted_amount).toBe(100);
    clock.advance(1000);
    const won = records.update('opportunity', String(opp.id), { stage: 'closed_won' }, api);
    expect(won.probability).toBe(100);
    expect(won.actual_close_date).toBe('2025-03-01');
  });
});

describe('group commit', () => {
  it('commits writes of one event-loop turn together; a failing one is rolled back alone', async () => {
    const { db, records } = setup();
    const events: string[] = [];
    records.events.on('record.changed', (e) => events.push(String(e.after.email)));
    const ok1 = records.batched(() => records.create('lead', { email: 'one@x.test' }, api));
    const bad = records.batched(() => {
      records.create('lead', { email: 'half@x.test' }, api);
      return records.create('lead', { email: 'not an email' }, api);
    });
    const ok2 = records.batched(() => records.create('lead', { email: 'two@x.test' }, api));
    await expect(ok1).resolves.toMatchObject({ email: 'one@x.test' });
    await expect(bad).rejects.toThrow(AppError);
    await expect(ok2).resolves.toMatchObject({ email: 'two@x.test' });
    // The half-done write of the failing call left nothing: no row, no outbox entry, no event.
    expect(db.prepare('SELECT email FROM leads ORDER BY email').pluck().all()).toEqual(['one@x.test', 'two@x.test']);
    expect(db.prepare('SELECT count(*) FROM sync_outbox').pluck().get()).toBe(2);
    expect(events.sort()).toEqual(['one@x.test', 'two@x.test']);
  });
});
