import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import { taskEntity } from '../../../shared/entities/entities';
import type { NotificationDraft } from './notification-store';
import { recordTitle, recordUrl } from './notification-rules';

const CURSOR = 'reminders.checked_until';

interface DueTask {
  id: string;
  title: string | null;
  assigned_to: string;
  due_date: string | null;
  reminder_date: string | null;
}

export interface ReminderSchedulerDeps {
  db: Db;
  clock: Clock;
  cursor: { get(name: string): string | null; set(name: string, value: string): void };
  /** Stores drafts and runs `commit` in the same transaction; returns how many were new. */
  deliver(drafts: NotificationDraft[], commit: () => void): number;
}

/**
 * Task reminders at reminder_date and an alert when a task becomes overdue. It scans the
 * window (checked_until, now] and moves checked_until in the same transaction as the
 * notifications it stores: a restart catches up on what passed while the app was closed,
 * and a crash mid-tick re-scans a window whose notifications are already keyed, never
 * doubled. A date set in the past (before the last tick) does not fire.
 */
export class ReminderScheduler {
  private readonly sql;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ReminderSchedulerDeps) {
    const open = `deleted_at IS NULL AND status IN ('pending', 'in_progress') AND assigned_to IS NOT NULL`;
    this.sql = {
      reminders: deps.db.prepare(
        `SELECT id, title, assigned_to, due_date, reminder_date FROM tasks WHERE reminder_date > ? AND reminder_date <= ? AND ${open}`,
      ),
      overdue: deps.db.prepare(`SELECT id, title, assigned_to, due_date, reminder_date FROM tasks WHERE due_date > ? AND due_date <= ? AND ${open}`),
    };
    // First run on this store: nothing was missed yet.
    if (!deps.cursor.get(CURSOR)) deps.cursor.set(CURSOR, deps.clock.now().toISOString());
  }

  /** Sends what came due since the last tick; returns how many notifications were created. */
  tick(): number {
    const from = this.deps.cursor.get(CURSOR) ?? this.deps.clock.now().toISOString();
    const to = this.deps.clock.now().toISOString();
    if (to <= from) return 0;
    const drafts: NotificationDraft[] = [];
    for (const t of this.sql.reminders.all(from, to) as DueTask[]) {
      drafts.push(
        this.draft(
          t,
          'reminder',
          `reminder|${t.id}|${t.reminder_date}`,
          `Reminder: ${this.title(t)}`,
          t.due_date ? `Due ${t.due_date.slice(0, 16).replace('T', ' ')} UTC.` : 'You asked to be reminded of this task.',
        ),
      );
    }
    for (const t of this.sql.overdue.all(from, to) as DueTask[]) {
      drafts.push(
        this.draft(
          t,
          'reminder',
          `overdue|${t.id}|${t.due_date}`,
          `Overdue: ${this.title(t)}`,
          `This task was due ${String(t.due_date).slice(0, 16).replace('T', ' ')} UTC and is not done.`,
        ),
      );
    }
    return this.deps.deliver(drafts, () => this.deps.cursor.set(CURSOR, to));
  }

  start(intervalMs: number): void {
    if (this.timer) return;
    this.runSafely();
    this.timer = setInterval(() => this.runSafely(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private runSafely(): void {
    try {
      this.tick();
    } catch (error) {
      console.error('[notifications] reminder tick failed:', error);
    }
  }

  private title(t: DueTask): string {
    return recordTitle(taskEntity, { ...t });
  }

  private draft(t: DueTask, type: 'reminder', cause: string, title: string, message: string): NotificationDraft {
    return { cause, userId: t.assigned_to, type, title, message, url: recordUrl(taskEntity, t.id), entity: 'task', recordId: t.id, actorId: null };
  }
}
