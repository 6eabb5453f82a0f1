import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { Caller } from '../../../../src/main/core/handler';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

const admin: Caller = { id: 'u-admin', username: 'a', email: 'a@x.test', full_name: 'A', role: 'admin', via: 'jwt' };
const request = (body: unknown) => ({ body, caller: admin, params: {}, query: {}, origin: 'api' as const, clientKey: 't', baseUrl: 'http://t', path: '/' });
const sys = { actor: null, origin: 'api' as const };

function install(): Engine {
  const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
  return engine;
}

function send(from: Engine, to: Engine): void {
  const items = from.records.outbox.since(0, 10_000);
  to.records.applyRemoteBatch(items.map((i) => ({ record_id: i.record_id, update: i.update })));
  from.records.outbox.acknowledge(items);
}

describe('custom field definitions are synced documents', () => {
  it('a field defined on one install reaches the other, and values parked before it are applied when it arrives', () => {
    const a = install();
    const b = install();
    try {
      a.handlers['custom_fields.create'](request({ name: 'region', label: 'Region', field_type: 'select', content_type: 'lead', options: ['north', 'south'] }));
      a.handlers['custom_field_groups.create'](request({ name: 'Territory', content_type: 'lead' }));
      const lead = a.records.create('lead', { email: 'cf@x.test', custom_fields: { region: 'north' } }, sys);
      const items = a.records.outbox.since(0, 100);
      const leadItem = items.find((i) => i.record_id === lead.id)!;
      // The value arrives first: parked, not lost, not shown.
      expect(b.records.applyRemoteUpdate(leadItem.record_id, leadItem.update)).toMatchObject({ status: 'parked', reason: 'undefined_custom_field' });
      send(a, b);
      expect(b.customFields.engine.store.byName('lead', 'region')?.options).toEqual(a.customFields.engine.store.byName('lead', 'region')?.options);
      expect(b.customFields.engine.store.byName('lead', 'region')?.field_type).toBe('select');
      expect(b.customFields.engine.store.groups().map((g) => g.name)).toEqual(['Territory']);
      expect(JSON.parse(b.db.prepare('SELECT custom_fields FROM leads WHERE id = ?').pluck().get(lead.id) as string)).toEqual({ region: 'north' });
      // Deleting the field on B reaches A.
      const id = b.customFields.engine.store.byName('lead', 'region')!.id;
      b.handlers['custom_fields.destroy']({ ...request(undefined), params: { id } });
      send(b, a);
      expect(a.customFields.engine.store.byName('lead', 'region')?.deleted_at).toBeTruthy();
    } finally {
      a.close();
      b.close();
    }
  });
});
