import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { Caller } from '../../../../src/main/core/handler';
import { scopedDocId } from '../../../../src/shared/record-doc/scoped-doc';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

/**
 * The engine side of role-restricted values (records/scoped-docs.ts), two engines exchanging
 * outbox updates directly: restricted values never enter the record's own document, the row is
 * projected from both documents whichever arrives first, and a scoped document that carries
 * anything but custom values is refused.
 */
const admin: Caller = { id: 'u-admin', username: 'a', email: 'a@x.test', full_name: 'A', role: 'admin', via: 'jwt' };
const request = (body: unknown) => ({ body, caller: admin, params: {}, query: {}, origin: 'api' as const, clientKey: 't', baseUrl: 'http://t', path: '/' });
const sys = { actor: null, origin: 'api' as const };
const SECRET = 'secret-margin-7731';

function install(): Engine {
  return createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
}

function defineFields(e: Engine): void {
  e.handlers['custom_fields.create'](request({ name: 'margin', label: 'Margin', field_type: 'text', content_type: 'lead', visible_to_roles: ['manager'] }));
  e.handlers['custom_fields.create'](request({ name: 'region', label: 'Region', field_type: 'text', content_type: 'lead' }));
}

const row = (e: Engine, id: string) => JSON.parse(e.db.prepare('SELECT custom_fields FROM leads WHERE id = ?').pluck().get(id) as string);

describe('role-restricted values in scoped documents', () => {
  it("keeps them out of the record's document on the bulk path too (imports, seeding)", () => {
    const a = install();
    try {
      defineFields(a);
      const lead = a.records.inBulk(sys, () => a.records.create('lead', { email: 'bulk@x.test', custom_fields: { margin: SECRET, region: 'north' } }, sys));
      const id = String(lead.id);
      expect(row(a, id)).toEqual({ margin: SECRET, region: 'north' });
      const items = a.records.outbox.since(0, 100).filter((i) => i.record_id.startsWith(id));
      expect(items.map((i) => i.record_id).sort()).toEqual([id, scopedDocId(id, ['manager'])].sort());
      expect(Buffer.from(items.find((i) => i.record_id === id)!.update).includes(Buffer.from(SECRET))).toBe(false);
      expect(a.db.prepare('SELECT count(*) FROM record_conflicts WHERE record_id = ?').pluck().get(id)).toBe(0);
    } finally {
      a.close();
    }
  });

  it("keeps them out of the record's document and outbox row, and projects both documents in any order", () => {
    const a = install();
    const b = install();
    try {
      defineFields(a);
      const defs = a.records.outbox.since(0, 100);
      b.records.applyRemoteBatch(defs.map((i) => ({ record_id: i.record_id, update: i.update })));
      a.records.outbox.acknowledge(defs);

      const lead = a.records.create('lead', { email: 'r@x.test', custom_fields: { margin: SECRET, region: 'north' } }, sys);
      const id = String(lead.id);
      const docId = scopedDocId(id, ['manager']);
      expect(row(a, id)).toEqual({ margin: SECRET, region: 'north' });
      const items = a.records.outbox.since(0, 100);
      expect(items.map((i) => i.record_id).sort()).toEqual([id, docId].sort());
      const main = items.find((i) => i.record_id === id)!;
      const scoped = items.find((i) => i.record_id === docId)!;
      expect(Buffer.from(main.update).includes(Buffer.from(SECRET))).toBe(false);
      expect(Buffer.from(scoped.update).includes(Buffer.from(SECRET))).toBe(true);

      // The scoped document first: kept, shown once the record arrives.
      expect(b.records.applyRemoteUpdate(docId, scoped.update).status).toBe('applied');
      expect(b.db.prepare('SELECT count(*) FROM leads WHERE id = ?').pluck().get(id)).toBe(0);
      expect(b.records.applyRemoteUpdate(id, main.update).status).toBe('applied');
      expect(row(b, id)).toEqual({ margin: SECRET, region: 'north' });
      a.records.outbox.acknowledge(items);

      // An edit of the restricted value alone re-projects the row on the other engine.
      a.records.update('lead', id, { custom_fields: { margin: 'second' } }, sys);
      const next = a.records.outbox.since(0, 100);
      expect(next.some((i) => i.record_id === docId)).toBe(true);
      b.records.applyRemoteBatch(next.map((i) => ({ record_id: i.record_id, update: i.update })));
      expect(row(b, id)).toEqual({ margin: 'second', region: 'north' });
      expect(b.db.prepare('SELECT count(*) FROM record_conflicts WHERE record_id = ?').pluck().get(id)).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses a scoped document carrying a built-in field, and writes nothing of it', () => {
    const a = install();
    try {
      defineFields(a);
      const lead = a.records.create('lead', { email: 'x@x.test', status: 'new' }, sys);
      const id = String(lead.id);
      const doc = new Y.Doc();
      doc.clientID = 12345;
      doc.transact(() => {
        doc.getMap('m').set('e', 'lead');
        doc.getMap('m').set('t', Date.now());
        doc.getMap('m').set('v', 2);
        doc.getMap('w').set((12345).toString(36), [null]);
        doc.getMap('f').set(`status@${(12345).toString(36)}`, ['lost', 1]);
      });
      const docId = scopedDocId(id, ['manager']);
      expect(a.records.applyRemoteUpdate(docId, Y.encodeStateAsUpdate(doc))).toMatchObject({ status: 'refused', reason: 'unknown_field' });
      expect(a.db.prepare('SELECT count(*) FROM record_docs WHERE id = ?').pluck().get(docId)).toBe(0);
      expect(a.db.prepare('SELECT status FROM leads WHERE id = ?').pluck().get(id)).toBe('new');
    } finally {
      a.close();
    }
  });
});
