import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { RecordChange } from '../../../../src/main/engines/records';
import { AppError } from '../../../../src/shared/errors';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

const ctx = { actor: null, origin: 'import' as const };
const IDS = Array.from({ length: 30 }, (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`);

function engineAt(): Engine {
  const engine = createEngine({ dataDir: tempDir(), clock: new ManualClock(), reminderIntervalMs: 3_600_000 });
  return engine;
}

/** The same small set on two stores: companies, then leads and contacts linked to them, with tags. */
function writeSet(engine: Engine, create: (entity: string, body: Record<string, unknown>, id: string) => void): void {
  create('company', { name: 'Acme', industry: 'technology' }, IDS[0]);
  create('company', { name: 'Globex' }, IDS[1]);
  for (let i = 2; i < 16; i++) {
    create(
      'contact',
      { email: `c${i}@set.test`, first_name: `C${i}`, last_name: 'Person', company: IDS[i % 2], job_title: 'Buyer', tags: [`t${i % 3}`, 'imported'] },
      IDS[i],
    );
  }
  for (let i = 16; i < 30; i++) {
    create(
      'lead',
      { email: `l${i}@set.test`, first_name: `L${i}`, company_name: 'Acme', status: i % 2 ? 'qualified' : 'new', lead_score: i, tags: ['lead'] },
      IDS[i],
    );
  }
}

function dump(engine: Engine, sql: string): unknown[] {
  return engine.db.prepare(sql).all();
}

describe('bulk write path', () => {
  it('writes exactly the rows, tags, search entries, documents and stage history of the single path, with one audit entry and one event', () => {
    const single = engineAt();
    const bulk = engineAt();
    try {
      const singleEvents: RecordChange[] = [];
      single.records.events.on('record.changed', (c) => singleEvents.push(c));
      single.records.transaction(() => writeSet(single, (e, body, id) => single.records.create(e, body, ctx, id)));

      const changed: RecordChange[] = [];
      const arrived: unknown[] = [];
      bulk.records.events.on('record.changed', (c) => changed.push(c));
      bulk.records.events.on('records.arrived', (a) => arrived.push(a));
      bulk.records.inBulk(ctx, () => writeSet(bulk, (e, body, id) => bulk.records.create(e, body, ctx, id)));

      for (const table of ['companies', 'contacts', 'leads']) {
        expect(dump(bulk, `SELECT * FROM ${table} ORDER BY id`), table).toEqual(dump(single, `SELECT * FROM ${table} ORDER BY id`));
      }
      expect(dump(bulk, 'SELECT entity, tag, record_id FROM record_tags ORDER BY record_id, tag')).toEqual(
        dump(single, 'SELECT entity, tag, record_id FROM record_tags ORDER BY record_id, tag'),
      );
      for (const [fts, term] of [
        ['contacts_fts', 'buyer'],
        ['leads_fts', 'acme'],
        ['contacts_fts', 'imported'],
      ]) {
        const q = `SELECT rowid FROM ${fts} WHERE ${fts} MATCH '${term}' ORDER BY rowid`;
        expect(dump(bulk, q).length, `${fts} ${term}`).toBeGreaterThan(0);
        expect(dump(bulk, q)).toEqual(dump(single, q));
      }
      expect(dump(bulk, 'SELECT record_id, entity FROM sync_outbox ORDER BY record_id')).toEqual(
        dump(single, 'SELECT record_id, entity FROM sync_outbox ORDER BY record_id'),
      );
      expect(bulk.records.outbox.pendingCount()).toBe(30);
      // Documents differ only by the writer's (random, per process) client id: values and stamps are equal.
      for (const id of IDS) {
        const entity = bulk.db.prepare('SELECT entity FROM record_docs WHERE id = ?').pluck().get(id) as string;
        expect(bulk.records.currentValues(bulk.records.entity(entity), id)).toEqual(single.records.currentValues(single.records.entity(entity), id));
      }
      expect(dump(bulk, 'SELECT record_id, to_stage, at FROM stage_transitions ORDER BY record_id')).toEqual(
        dump(single, 'SELECT record_id, to_stage, at FROM stage_transitions ORDER BY record_id'),
      );

      // The single path: one audit entry and one event per record. The bulk path: one of each for the batch.
      expect(dump(single, "SELECT count(*) AS n FROM audit_entries WHERE origin = 'import'")).toEqual([{ n: 30 }]);
      expect(singleEvents).toHaveLength(30);
      const entries = dump(bulk, "SELECT action, model, object_id, new_values FROM audit_entries WHERE origin = 'import'") as { new_values: string }[];
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'create', model: 'system', object_id: null });
      expect(JSON.parse(entries[0].new_values).record_ids).toEqual(IDS);
      expect(changed).toHaveLength(0);
      expect(arrived).toEqual([{ count: 30, byEntity: { company: 2, contact: 14, lead: 14 }, quiet: true, at: expect.any(String), origin: 'import' }]);
    } finally {
      single.close();
      bulk.close();
    }
  });

  it("refuses a bad record with the single path's error, writing nothing of it, and keeps the batch going", () => {
    const single = engineAt();
    const bulk = engineAt();
    try {
      const bad = { email: 'not-an-email', last_name: 'X', company: 'no-such-company' };
      const refusal = (e: Engine) => {
        try {
          e.records.create('contact', bad, ctx);
        } catch (error) {
          return error as AppError;
        }
        throw new Error('accepted');
      };
      const expected = single.records.transaction(() => refusal(single));
      const changes = bulk.db.prepare('SELECT total_changes()').pluck();
      bulk.records.inBulk(ctx, () => {
        const before = changes.get();
        const got = refusal(bulk);
        expect(got).toBeInstanceOf(AppError);
        expect(got.fields).toEqual(expected.fields);
        expect(changes.get()).toBe(before);
        bulk.records.create('contact', { email: 'ok@set.test', last_name: 'Fine' }, ctx);
        // An id that exists is a conflict, as on the single path.
        expect(() => bulk.records.create('contact', { email: 'again@set.test', last_name: 'Twice' }, ctx, IDS[0])).not.toThrow();
        expect(() => bulk.records.create('contact', { email: 'third@set.test', last_name: 'Twice' }, ctx, IDS[0])).toThrow(/already exists/);
      });
      expect(dump(bulk, 'SELECT email FROM contacts ORDER BY email')).toEqual([{ email: 'again@set.test' }, { email: 'ok@set.test' }]);
    } finally {
      single.close();
      bulk.close();
    }
  });

  it('rolls a failed batch back whole: no rows, documents, outbox rows, audit entry or event', () => {
    const engine = engineAt();
    try {
      const arrived: unknown[] = [];
      engine.records.events.on('records.arrived', (a) => arrived.push(a));
      expect(() =>
        engine.records.inBulk(ctx, () => {
          for (let i = 0; i < 5; i++) engine.records.create('contact', { email: `r${i}@set.test`, last_name: 'Rolled' }, ctx);
          throw new Error('killed midway');
        }),
      ).toThrow('killed midway');
      for (const table of ['contacts', 'record_docs', 'sync_outbox', 'record_tags', 'audit_entries']) {
        expect(dump(engine, `SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
      }
      expect(engine.records.outbox.pendingCount()).toBe(0);
      expect(arrived).toEqual([]);
      // The clock persisted by the next write is still above every stamp it issued.
      engine.records.inBulk(ctx, () => engine.records.create('contact', { email: 'after@set.test', last_name: 'Fine' }, ctx));
      expect(dump(engine, 'SELECT count(*) AS n FROM contacts')).toEqual([{ n: 1 }]);
    } finally {
      engine.close();
    }
  });

  it('applies a bootstrap batch as one bulk batch: rows as the single path, one summary, no per-record events', () => {
    const source = engineAt();
    const target = engineAt();
    try {
      source.records.transaction(() => writeSet(source, (e, body, id) => source.records.create(e, body, { actor: null, origin: 'api' }, id)));
      const items = source.records.outbox.since(0, 100);
      const changed: RecordChange[] = [];
      const arrived: unknown[] = [];
      target.records.events.on('record.changed', (c) => changed.push(c));
      target.records.events.on('records.arrived', (a) => arrived.push(a));
      const results = target.records.applyRemoteBatch(items, { quiet: true });
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      for (const table of ['companies', 'contacts', 'leads']) {
        expect(dump(target, `SELECT * FROM ${table} ORDER BY id`), table).toEqual(dump(source, `SELECT * FROM ${table} ORDER BY id`));
      }
      expect(changed).toHaveLength(0);
      expect(arrived).toEqual([{ count: 30, byEntity: { company: 2, contact: 14, lead: 14 }, quiet: true, at: expect.any(String), origin: 'remote' }]);
      expect(dump(target, "SELECT description FROM audit_entries WHERE origin = 'remote'")).toEqual([
        { description: 'Received 30 records from the team (2 company, 14 contact, 14 lead)' },
      ]);
    } finally {
      source.close();
      target.close();
    }
  });
});
