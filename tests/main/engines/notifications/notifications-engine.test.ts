import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import type { RecordChange } from '../../../../src/main/engines/records';
import { mentionedNames } from '../../../../src/main/engines/notifications';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

const open: Engine[] = [];
afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

const tickOver = () => new Promise((r) => setImmediate(r));

function setup() {
  const clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z'));
  const engine = createEngine({ dataDir: tempDir(), clock, reminderIntervalMs: 3_600_000 });
  open.push(engine);
  const sys = { actor: null, origin: 'system' as const };
  const boss = String(engine.records.create('user', { username: 'boss', email: 'boss@x.test', first_name: 'Bo', last_name: 'Ss' }, sys).id);
  const rep = String(engine.records.create('user', { username: 'rep', email: 'rep@x.test' }, sys).id);
  const inbox = (user: string) => engine.notifications.store.list(user, { isRead: null, types: null, limit: 100, offset: 0 }).results;
  const created: { userId: string; desktop: boolean }[] = [];
  engine.notifications.events.on('notification.created', (e) => created.push({ userId: e.userId, desktop: e.desktop }));
  return { clock, engine, boss, rep, inbox, created, as: (actor: string) => ({ actor, origin: 'api' as const }) };
}

describe('notifications from record changes', () => {
  it('notifies an assignee other than the author, once per change', async () => {
    const { engine, boss, rep, inbox, as } = setup();
    let change: RecordChange | undefined;
    engine.records.events.on('record.changed', (c) => (change = c));
    const lead = engine.records.create('lead', { email: 'l@x.test', first_name: 'Lee', assigned_to: rep }, as(boss));
    engine.records.create('lead', { email: 'mine@x.test', assigned_to: boss }, as(boss));
    await tickOver();
    expect(inbox(rep)).toMatchObject([
      { type: 'assignment', seq: 1, title: 'New lead assigned: Lee', message: 'Bo Ss assigned the lead "Lee" to you.', actor: { id: boss, username: 'boss' } },
    ]);
    expect(inbox(boss)).toEqual([]);

    // The same change seen again (a replayed event, a re-applied remote update) adds nothing.
    const first = { ...change! };
    engine.records.events.emit('record.changed', { ...first, id: String(lead.id), changes: { assigned_to: { old: null, new: rep } } });
    await tickOver();
    expect(engine.notifications.store.unreadCount(rep)).toBe(1);
  });

  it('does not bring back a deleted notification when its cause is seen again', async () => {
    const { engine, boss, rep, inbox, as } = setup();
    let change: RecordChange | undefined;
    engine.records.events.on('record.changed', (c) => (change = c));
    engine.records.create('task', { title: 'Call', assigned_to: rep }, as(boss));
    await tickOver();
    const [n] = inbox(rep);
    expect(engine.notifications.store.remove(rep, n.id, '2025-03-01T09:00:00Z')).toBe(true);
    engine.records.events.emit('record.changed', change!);
    await tickOver();
    expect(inbox(rep)).toEqual([]);
  });

  it('stores the notifications of one big transaction together, with dense per-user seqs', async () => {
    const { engine, boss, rep, inbox, as } = setup();
    engine.records.transaction(() => {
      for (let i = 0; i < 300; i++) engine.records.create('lead', { email: `b${i}@x.test`, assigned_to: rep }, as(boss));
    });
    await tickOver();
    const all = engine.notifications.store.since(rep, 0, 1000);
    expect(all.map((n) => n.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(inbox(rep)).toHaveLength(100);
  });

  it('follows preferences: types off are not stored, quiet hours silence the desktop', async () => {
    const { clock, engine, boss, rep, inbox, created, as } = setup();
    engine.records.update(
      'user',
      rep,
      {
        timezone: 'Europe/Paris',
        notification_preferences: { types: { mention: { in_app: false, desktop: false } }, quiet_hours: { enabled: true, start: '22:00', end: '07:00' } },
      },
      as(rep),
    );
    const contact = engine.records.create('contact', { last_name: 'C', email: 'c@x.test', notes: 'hi @rep' }, as(boss));
    engine.records.update('contact', String(contact.id), { assigned_to: rep }, as(boss));
    await tickOver();
    expect(inbox(rep).map((n) => n.type)).toEqual(['assignment']);
    expect(created).toEqual([{ userId: rep, desktop: true }]);

    clock.set('2025-03-01T22:30:00Z'); // 23:30 in Paris
    engine.records.create('task', { title: 'Late', assigned_to: rep }, as(boss));
    await tickOver();
    expect(created[1]).toEqual({ userId: rep, desktop: false });
  });

  it('notifies nobody row by row for an import, but still feeds the activity stream', async () => {
    const { engine, boss, rep, inbox } = setup();
    const before = engine.notifications.feed.latestSeq;
    engine.records.create('lead', { email: 'imported@x.test', assigned_to: rep }, { actor: boss, origin: 'import' });
    await tickOver();
    expect(inbox(rep)).toEqual([]);
    const { frames, gap } = engine.notifications.feed.replay(before, engine.notifications.feed.stream);
    expect(gap).toBe(false);
    expect(frames.map((f) => JSON.parse(f))).toMatchObject([{ type: 'lead_update', seq: before + 1, action: 'create', origin: 'import', actor: boss }]);
  });

  it('reads @mentions, leaving out e-mail addresses and trailing punctuation', () => {
    expect(mentionedNames('ping @alice, @bob.smith. and mail x@corp.com (@carol)')).toEqual(['alice', 'bob.smith.', 'carol']);
    expect(mentionedNames(null)).toEqual([]);
  });
});
