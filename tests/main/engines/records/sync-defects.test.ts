import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src/main/db/open-database';
import { RecordsEngine } from '../../../../src/main/engines/records';
import { createEngine } from '../../../../src/main/app/create-engine';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir, tempStore } from '../../../helpers/temp-store';
import { rawDocUpdate } from '../../../helpers/raw-doc';

/** Each defect found when the engine was tried as a relay would use it, kept as a regression test. */

const sys = { actor: null, origin: 'api' as const };

function peer(clock = new ManualClock()) {
  const { db, file } = tempStore();
  return { db, file, clock, records: new RecordsEngine({ db, clock }) };
}

/** The update of everything written since the last call, as the relay would receive it. */
function takeUpdates(records: RecordsEngine): { record_id: string; update: Uint8Array }[] {
  const items = records.outbox.since(0, 1_000_000);
  records.outbox.acknowledge(items);
  return items.map((i) => ({ record_id: i.record_id, update: i.update }));
}

const row = (db: Db, id: string) =>
  db.prepare('SELECT status, notes, priority, tags, first_name FROM leads WHERE id = ?').get(id) as Record<string, unknown> | undefined;

describe('1. out-of-order updates are kept, not dropped', () => {
  it('stores an update whose predecessors are missing as pending and applies it when they arrive', () => {
    const a = peer();
    const b = peer();
    const id = String(a.records.create('lead', { email: 'o@x.test' }, sys).id);
    const [create] = takeUpdates(a.records);
    a.records.update('lead', id, { tags: ['vip'] }, sys);
    const [tags] = takeUpdates(a.records);
    a.records.update('lead', id, { notes: 'call back' }, sys);
    const [notes] = takeUpdates(a.records);

    const first = b.records.applyRemoteUpdate(id, notes.update);
    expect(first.status).toBe('pending');
    expect(b.records.applyRemoteUpdate(id, tags.update).status).toBe('pending');
    expect(row(b.db, id)).toBeUndefined();
    expect(b.records.applyRemoteUpdate(id, create.update).status).toBe('applied');
    expect(row(b.db, id)).toEqual(row(a.db, id));
    expect(row(b.db, id)).toMatchObject({ notes: 'call back', tags: '["vip"]' });
    expect(b.records.applyRemoteUpdate(id, notes.update)).toEqual({ status: 'duplicate' });
  });
});

describe('2. the clock is persisted with each write', () => {
  it('an edit after a restart still beats a value written by a peer whose clock runs ahead', () => {
    const a = peer();
    const ahead = peer(new ManualClock(Date.parse('2025-03-01T09:05:00Z')));
    const id = String(a.records.create('lead', { email: 'c@x.test' }, sys).id);
    for (const u of takeUpdates(a.records)) ahead.records.applyRemoteUpdate(u.record_id, u.update);
    ahead.records.update('lead', id, { status: 'lost' }, sys);
    for (const u of takeUpdates(ahead.records)) a.records.applyRemoteUpdate(u.record_id, u.update);
    a.records.update('lead', id, { status: 'qualified' }, sys);
    // Restart A: a new engine on the same file, its clock still 09:00.
    const restarted = new RecordsEngine({ db: a.db, clock: a.clock });
    restarted.update('lead', id, { status: 'contacted' }, sys);
    for (const u of takeUpdates(restarted)) ahead.records.applyRemoteUpdate(u.record_id, u.update);
    expect(row(ahead.db, id)?.status).toBe('contacted');
    expect(row(a.db, id)?.status).toBe('contacted');
  });
});

describe('3. stamps are bounded', () => {
  it('parks a stamp from far ahead without moving the clock, applies it when its time comes, refuses the year 4000', () => {
    const b = peer();
    const created = Date.parse('2025-03-01T09:00:00Z');
    const tomorrow = (created + 86_400_000) * 1000;
    const update = rawDocUpdate({
      id: 'far',
      entity: 'lead',
      values: { email: 'f@x.test', status: 'lost' },
      createdMs: created,
      stamp: tomorrow - created * 1000,
    });
    expect(b.records.applyRemoteUpdate('far', update)).toMatchObject({ status: 'parked', reason: 'future' });
    expect(b.records.hlc.next()).toBeLessThan(tomorrow);
    expect(row(b.db, 'far')).toBeUndefined();
    b.clock.advance(86_400_000);
    expect(b.records.retryParked()).toBe(1);
    expect(row(b.db, 'far')?.status).toBe('lost');
    // Beyond the year 2255 a stamp is no safe integer: the year 4000 is refused outright.
    const year4000 = rawDocUpdate({
      id: 'y4k',
      entity: 'lead',
      values: { email: 'y@x.test' },
      createdMs: created,
      stamp: Date.UTC(4000, 0, 1) * 1000 - created * 1000,
    });
    expect(b.records.applyRemoteUpdate('y4k', year4000)).toMatchObject({ status: 'refused', reason: 'malformed' });
  });

  it('refuses a stamp that is no stamp', () => {
    const b = peer();
    const update = rawDocUpdate({ id: 'neg', entity: 'lead', values: { email: 'n@x.test' }, stamp: -Date.parse('2025-03-01T09:00:00Z') * 1000 });
    expect(b.records.applyRemoteUpdate('neg', update)).toMatchObject({ status: 'refused', reason: 'malformed' });
  });

  it('never overflows: thousands of stamps in one millisecond keep increasing', () => {
    const b = peer();
    let last = 0;
    for (let i = 0; i < 5000; i++) {
      const s = b.records.hlc.next();
      expect(s).toBeGreaterThan(last);
      last = s;
    }
  });
});

describe('4. remote input is validated like API input', () => {
  it("refuses a key written in another writer's name", () => {
    const b = peer();
    const update = rawDocUpdate({ id: 'forged', entity: 'lead', values: { email: 'x@x.test' }, clientId: 5, writerName: 'abc' });
    expect(b.records.applyRemoteUpdate('forged', update)).toMatchObject({ status: 'refused', reason: 'forged_writer' });
  });

  it('refuses a privilege change its author may not make, and an admin created by a non-admin', () => {
    const b = peer();
    // A team's owner creates their own account (self-authored), so peers can check it against the team's roles.
    const adminId = '01900000-0000-7000-8000-00000000ad01';
    const admin = b.records.create('user', { username: 'adm', email: 'adm@x.test', role: 'admin' }, { actor: adminId, origin: 'api' }, adminId);
    const byAdmin = { actor: String(admin.id), origin: 'api' as const };
    const rep = b.records.create('user', { username: 'rep', email: 'rep@x.test', role: 'sales_rep' }, byAdmin);
    const target = b.records.create('user', { username: 'tgt', email: 'tgt@x.test', role: 'viewer' }, byAdmin);
    const a = peer();
    // Roles a peer trusts come from the team (the relay's member list); here, the admin.
    a.records.setTrustedRoles((userId) => (userId === admin.id ? 'admin' : null));
    for (const u of takeUpdates(b.records)) a.records.applyRemoteUpdate(u.record_id, u.update);
    expect(a.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(3);
    a.records.update('user', String(target.id), { role: 'admin' }, { actor: String(rep.id), origin: 'api' });
    const [promote] = takeUpdates(a.records);
    expect(b.records.applyRemoteUpdate(promote.record_id, promote.update)).toMatchObject({ status: 'refused', reason: 'privilege' });
    expect(b.db.prepare('SELECT role FROM users WHERE id = ?').pluck().get(target.id)).toBe('viewer');
    const fresh = rawDocUpdate({
      id: 'new-admin',
      entity: 'user',
      user: String(rep.id),
      values: { username: 'evil', email: 'e@x.test', role: 'admin', is_active: true },
    });
    expect(b.records.applyRemoteUpdate('new-admin', fresh)).toMatchObject({ status: 'refused', reason: 'privilege' });
  });

  it('refuses over-long and oversized values and writes nothing', () => {
    const b = peer();
    const long = rawDocUpdate({ id: 'long', entity: 'lead', values: { email: 'l@x.test', first_name: 'x'.repeat(50_000) } });
    expect(b.records.applyRemoteUpdate('long', long)).toMatchObject({ status: 'refused', reason: 'invalid_value' });
    const huge = rawDocUpdate({ id: 'huge', entity: 'lead', values: { email: 'h@x.test', notes: 'x'.repeat(20 * 1024 * 1024) } });
    expect(b.records.applyRemoteUpdate('huge', huge)).toMatchObject({ status: 'refused', reason: 'too_large' });
    expect(b.db.prepare('SELECT count(*) FROM record_docs').pluck().get()).toBe(0);
  });

  it('refuses a second entity for one id', () => {
    const b = peer();
    b.records.applyRemoteUpdate('twice', rawDocUpdate({ id: 'twice', entity: 'company', clientId: 8, values: { name: 'Acme' } }));
    const rogue = rawDocUpdate({ id: 'twice', entity: 'lead', clientId: 9, values: { email: 'r@x.test' } });
    expect(b.records.applyRemoteUpdate('twice', rogue)).toMatchObject({ status: 'refused', reason: 'entity_changed' });
    expect(b.db.prepare('SELECT entity FROM record_docs WHERE id = ?').pluck().get('twice')).toBe('company');
  });

  it('parks a value for a custom field this install does not define, and does not project it', () => {
    const dir = tempDir();
    const engine = createEngine({ dataDir: dir });
    try {
      const update = rawDocUpdate({ id: 'cf', entity: 'lead', values: { email: 'c@x.test', 'custom_fields.secret_score': 5 } });
      expect(engine.records.applyRemoteUpdate('cf', update)).toMatchObject({ status: 'parked', reason: 'undefined_custom_field' });
      expect(engine.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(0);
    } finally {
      engine.close();
    }
  });
});

describe('5. a restored backup keeps syncing', () => {
  it('edits made after restoring a copy of the store reach the peers', () => {
    const a = peer();
    const b = peer();
    const id = String(a.records.create('lead', { email: 'b@x.test' }, sys).id);
    for (const u of takeUpdates(a.records)) b.records.applyRemoteUpdate(u.record_id, u.update);
    a.db.pragma('wal_checkpoint(TRUNCATE)');
    const backup = join(tempDir(), 'backup.sqlite');
    copyFileSync(a.file, backup);
    a.records.update('lead', id, { status: 'contacted' }, sys);
    for (const u of takeUpdates(a.records)) b.records.applyRemoteUpdate(u.record_id, u.update);
    const restoredDb = openDatabase(backup);
    try {
      const restored = new RecordsEngine({ db: restoredDb, clock: a.clock });
      a.clock.advance(1000);
      restored.update('lead', id, { priority: 'high' }, sys);
      for (const u of restored.outbox.since(0, 1000)) expect(b.records.applyRemoteUpdate(u.record_id, u.update).status).toBe('applied');
      expect(row(b.db, id)).toMatchObject({ status: 'contacted', priority: 'high' });
    } finally {
      restoredDb.close();
    }
  });
});

describe('6. remote side effects carry the authored time; a bootstrap is quiet', () => {
  it('dates the audit entry of a remote change by when it was made, and a quiet batch writes one summary', () => {
    const dirA = tempDir();
    const dirB = tempDir();
    const a = createEngine({ dataDir: dirA, clock: new ManualClock(Date.parse('2025-03-01T09:00:00Z')) });
    const b = createEngine({ dataDir: dirB, clock: new ManualClock(Date.parse('2025-03-01T12:00:00Z')) });
    try {
      const id = String(a.records.create('lead', { email: 'at@x.test' }, sys).id);
      for (const u of takeUpdates(a.records)) b.records.applyRemoteUpdate(u.record_id, u.update);
      const at = b.db.prepare("SELECT at FROM audit_entries WHERE object_id = ? AND origin = 'remote'").pluck().get(id) as string;
      expect(at.startsWith('2025-03-01T09:00')).toBe(true);

      for (let i = 0; i < 50; i++) a.records.create('lead', { email: `bulk${i}@x.test` }, sys);
      const c = createEngine({ dataDir: tempDir(), clock: new ManualClock(Date.parse('2025-03-01T12:00:00Z')) });
      try {
        const all = a.records.outbox.since(0, 1000).map((i) => ({ record_id: i.record_id, update: i.update }));
        const results = c.records.applyRemoteBatch(all, { quiet: true });
        expect(results.every((r) => r.status === 'applied')).toBe(true);
        expect(c.db.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(50);
        expect(c.db.prepare("SELECT count(*) FROM audit_entries WHERE origin = 'remote'").pluck().get()).toBe(1);
        expect(c.db.prepare('SELECT count(*) FROM notifications').pluck().get()).toBe(0);
      } finally {
        c.close();
      }
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('7. conflicts, tags and custom values are the same on every peer', () => {
  it('merges concurrent tag additions, and concurrent deletes are no conflict', () => {
    const a = peer();
    const b = peer();
    const id = String(a.records.create('lead', { email: 't@x.test', tags: ['base'] }, sys).id);
    for (const u of takeUpdates(a.records)) b.records.applyRemoteUpdate(u.record_id, u.update);
    a.records.update('lead', id, { tags: ['base', 'vip'] }, sys);
    b.records.update('lead', id, { tags: ['base', 'q3'] }, sys);
    b.clock.advance(500);
    a.records.remove('lead', id, sys);
    b.records.remove('lead', id, sys);
    const fromA = takeUpdates(a.records);
    const fromB = takeUpdates(b.records);
    for (const u of fromA) b.records.applyRemoteUpdate(u.record_id, u.update);
    for (const u of fromB) a.records.applyRemoteUpdate(u.record_id, u.update);
    expect(row(a.db, id)?.tags).toBe('["base","q3","vip"]');
    expect(row(b.db, id)).toEqual(row(a.db, id));
    expect(a.db.prepare('SELECT count(*) FROM record_conflicts').pluck().get()).toBe(0);
    // The digest tells two installs holding the same record apart from two that differ.
    expect(a.records.digest(id)).toBe(b.records.digest(id));
    a.records.restore('lead', id, sys);
    expect(a.records.digest(id)).not.toBe(b.records.digest(id));
  });

  it('a peer that first sees an edit superseding two concurrent ones lists the same (no) conflict as the others', () => {
    const [a, b, c] = [peer(), peer(), peer()];
    const id = String(a.records.create('lead', { email: 's@x.test' }, sys).id);
    const create = takeUpdates(a.records);
    for (const p of [b, c]) for (const u of create) p.records.applyRemoteUpdate(u.record_id, u.update);
    a.records.update('lead', id, { status: 'contacted' }, sys);
    b.records.update('lead', id, { status: 'lost' }, sys);
    const ua = takeUpdates(a.records);
    const ub = takeUpdates(b.records);
    for (const u of ub) a.records.applyRemoteUpdate(u.record_id, u.update);
    expect(a.db.prepare('SELECT count(*) FROM record_conflicts WHERE resolved_at IS NULL').pluck().get()).toBe(1);
    a.clock.advance(1000);
    a.records.update('lead', id, { status: 'qualified' }, sys);
    const settle = takeUpdates(a.records);
    for (const u of [...settle, ...ua, ...ub]) c.records.applyRemoteUpdate(u.record_id, u.update);
    for (const u of [...ua, ...settle]) b.records.applyRemoteUpdate(u.record_id, u.update);
    for (const p of [a, b, c]) {
      expect(row(p.db, id)?.status).toBe('qualified');
      expect(p.db.prepare('SELECT count(*) FROM record_conflicts WHERE resolved_at IS NULL').pluck().get()).toBe(0);
    }
  });
});

describe('7b. a conflict that comes back is listed again', () => {
  it("reopens a conflict whose winner took the loser's value for a while, as on an install that saw only the end", () => {
    const [a, b, c, d] = [peer(), peer(), peer(), peer()];
    const id = String(a.records.create('lead', { email: 'r@x.test' }, sys).id);
    const create = takeUpdates(a.records);
    for (const p of [b, c, d]) for (const u of create) p.records.applyRemoteUpdate(u.record_id, u.update);
    b.records.update('lead', id, { status: 'qualified' }, sys);
    const fromB = takeUpdates(b.records);
    // A edits three times without seeing B: its value passes through B's and moves on.
    const fromA = ['lost', 'qualified', 'contacted'].map((status) => {
      a.clock.advance(1000);
      a.records.update('lead', id, { status }, sys);
      return takeUpdates(a.records);
    });
    const open = (db: Db) => db.prepare('SELECT losing_value, winning_value FROM record_conflicts WHERE record_id = ? AND resolved_at IS NULL').all(id);
    // C sees every step: open (lost beats qualified), closed (both qualified), open again.
    for (const u of fromB) c.records.applyRemoteUpdate(u.record_id, u.update);
    for (const [step, expected] of [
      [0, [{ losing_value: '"qualified"', winning_value: '"lost"' }]],
      [1, []],
      [2, [{ losing_value: '"qualified"', winning_value: '"contacted"' }]],
    ] as const) {
      for (const u of fromA[step]) c.records.applyRemoteUpdate(u.record_id, u.update);
      expect(open(c.db)).toEqual(expected);
    }
    // D sees only the end; A sees B's edit after its own three.
    for (const u of [...fromB, ...fromA[2], ...fromA[0], ...fromA[1]]) d.records.applyRemoteUpdate(u.record_id, u.update);
    for (const u of fromB) a.records.applyRemoteUpdate(u.record_id, u.update);
    for (const p of [a, c, d]) expect(open(p.db)).toEqual([{ losing_value: '"qualified"', winning_value: '"contacted"' }]);
  });
});

describe('8. device-local fields are not synced', () => {
  it('a sign-in writes last_login on this install only', async () => {
    const engine = createEngine({ dataDir: tempDir() });
    try {
      const user = engine.records.create('user', { username: 'u1', email: 'u1@x.test', role: 'admin' }, sys);
      await engine.auth.setPassword(String(user.id), 'password-long-1');
      const before = engine.records.outbox.pendingCount();
      const docBefore = engine.db.prepare('SELECT state FROM record_docs WHERE id = ?').pluck().get(user.id) as Buffer;
      await engine.auth.login({ username: 'u1', password: 'password-long-1' }, 'test');
      expect(engine.db.prepare('SELECT last_login FROM users WHERE id = ?').pluck().get(user.id)).toBeTruthy();
      expect(engine.records.outbox.pendingCount()).toBe(before);
      expect(Y.encodeStateVectorFromUpdate(engine.db.prepare('SELECT state FROM record_docs WHERE id = ?').pluck().get(user.id) as Buffer)).toEqual(
        Y.encodeStateVectorFromUpdate(docBefore),
      );
    } finally {
      engine.close();
    }
  });
});
