import { describe, expect, it } from 'vitest';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempStore } from '../../../helpers/temp-store';
import { rawDocUpdate } from '../../../helpers/raw-doc';

/**
 * A remote value must arrive in the form the API would have stored: one the validator would
 * convert (a number as text) is refused, whole, before anything is written.
 */
function target() {
  const { db } = tempStore();
  return { db, records: new RecordsEngine({ db, clock: new ManualClock() }) };
}

describe('remote values in their stored form', () => {
  it('applies values as the API stores them', () => {
    const b = target();
    const lead = rawDocUpdate({ id: 'ok-1', entity: 'lead', values: { email: 'ok@x.test', lead_score: 5, status: 'new' } });
    expect(b.records.applyRemoteUpdate('ok-1', lead)).toMatchObject({ status: 'applied' });
    expect(b.db.prepare('SELECT lead_score, status FROM leads WHERE id = ?').get('ok-1')).toEqual({ lead_score: 5, status: 'new' });
    const contact = rawDocUpdate({ id: 'ok-2', entity: 'contact', values: { email: 'ok@x.test', last_name: 'Ok', email_opt_out: true } });
    expect(b.records.applyRemoteUpdate('ok-2', contact)).toMatchObject({ status: 'applied' });
    expect(b.db.prepare('SELECT email_opt_out FROM contacts WHERE id = ?').pluck().get('ok-2')).toBe(1);
  });

  it.each([
    ['a number sent as text', 'lead', { lead_score: '5' }],
    ['a boolean sent as a number', 'contact', { last_name: 'Bad', email_opt_out: 1 }],
  ])('refuses %s and writes nothing', (_what, entity, values) => {
    const b = target();
    const update = rawDocUpdate({ id: 'bad-1', entity, values: { email: 'bad@x.test', ...values } });
    const result = b.records.applyRemoteUpdate('bad-1', update);
    expect(result).toMatchObject({ status: 'refused', reason: 'invalid_value' });
    expect(b.db.prepare('SELECT count(*) FROM record_docs').pluck().get()).toBe(0);
    expect(b.db.prepare(`SELECT count(*) FROM ${entity}s`).pluck().get()).toBe(0);
  });
});
