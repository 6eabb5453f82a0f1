import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../../src/main/app/create-engine';
import { ManualClock } from '../../../helpers/manual-clock';
import { tempDir } from '../../../helpers/temp-store';

const SYSTEM = { actor: null, origin: 'system' as const };
const open: Engine[] = [];

function start(dataDir: string, clock: ManualClock): Engine {
  const engine = createEngine({ dataDir, clock, reminderIntervalMs: 3_600_000 });
  open.push(engine);
  return engine;
}

afterEach(() => {
  for (const e of open.splice(0)) e.close();
});

function setup() {
  const dir = tempDir();
  const clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z'));
  const engine = start(dir, clock);
  const rep = engine.records.create('user', { username: 'rep', email: 'rep@x.test' }, SYSTEM);
  // Tasks created by the system also notify the assignee (type assignment); these tests look at reminders.
  const list = (e: Engine) => e.notifications.store.list(String(rep.id), { isRead: null, types: ['reminder'], limit: 100, offset: 0 }).results;
  return { dir, clock, engine, repId: String(rep.id), list };
}

describe('reminder scheduler', () => {
  it('sends a reminder at reminder_date and an overdue alert at due_date, each once', () => {
    const { clock, engine, repId, list } = setup();
    const task = engine.records.create(
      'task',
      {
        title: 'Call Acme',
        assigned_to: repId,
        reminder_date: '2025-03-01T10:00:00Z',
        due_date: '2025-03-01T12:00:00Z',
      },
      SYSTEM,
    );
    expect(engine.notifications.scheduler.tick()).toBe(0);

    clock.set('2025-03-01T10:00:30Z');
    expect(engine.notifications.scheduler.tick()).toBe(1);
    expect(engine.notifications.scheduler.tick()).toBe(0);
    expect(list(engine)).toMatchObject([{ type: 'reminder', title: 'Reminder: Call Acme', url: `/tasks/${task.id}`, record_id: task.id, actor: null }]);

    clock.set('2025-03-01T12:05:00Z');
    expect(engine.notifications.scheduler.tick()).toBe(1);
    clock.advance(60_000);
    expect(engine.notifications.scheduler.tick()).toBe(0);
    expect(list(engine).map((n) => n.title)).toEqual(['Overdue: Call Acme', 'Reminder: Call Acme']);
  });

  it('catches up once on what passed while the app was closed', () => {
    const { dir, clock, engine, repId, list } = setup();
    engine.records.create('task', { title: 'Renewal', assigned_to: repId, reminder_date: '2025-03-02T08:00:00Z', due_date: '2025-03-03T08:00:00Z' }, SYSTEM);
    engine.records.create('task', { title: 'Done already', assigned_to: repId, status: 'completed', due_date: '2025-03-02T08:00:00Z' }, SYSTEM);
    engine.records.create('task', { title: 'Not yet', assigned_to: repId, due_date: '2025-03-09T08:00:00Z' }, SYSTEM);
    engine.close();

    clock.set('2025-03-05T09:00:00Z');
    // Starting the engine runs the first tick: the catch-up.
    const reopened = start(dir, clock);
    expect(
      list(reopened)
        .map((n) => n.title)
        .sort(),
    ).toEqual(['Overdue: Renewal', 'Reminder: Renewal']);
    expect(reopened.notifications.scheduler.tick()).toBe(0);
    reopened.close();

    const again = start(dir, clock);
    expect(list(again)).toHaveLength(2);
  });

  it('does not duplicate when a window is scanned twice (a crash before the cursor moved)', () => {
    const { clock, engine, repId, list } = setup();
    engine.records.create('task', { title: 'Twice', assigned_to: repId, reminder_date: '2025-03-01T09:30:00Z' }, SYSTEM);
    clock.set('2025-03-01T10:00:00Z');
    expect(engine.notifications.scheduler.tick()).toBe(1);
    engine.notifications.store.setCursor('reminders.checked_until', '2025-03-01T09:00:00.000Z');
    expect(engine.notifications.scheduler.tick()).toBe(0);
    expect(list(engine)).toHaveLength(1);
  });

  it('fires again when a reminder is moved to a new time', () => {
    const { clock, engine, repId, list } = setup();
    const task = engine.records.create('task', { title: 'Snooze', assigned_to: repId, reminder_date: '2025-03-01T09:30:00Z' }, SYSTEM);
    clock.set('2025-03-01T09:31:00Z');
    engine.notifications.scheduler.tick();
    engine.records.update('task', String(task.id), { reminder_date: '2025-03-01T10:00:00Z' }, SYSTEM);
    clock.set('2025-03-01T10:01:00Z');
    expect(engine.notifications.scheduler.tick()).toBe(1);
    expect(list(engine)).toHaveLength(2);
  });
});
