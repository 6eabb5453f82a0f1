import type { SessionUser } from '../../api/token-store';
import { asApiError } from '../../ui/as-api-error';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TaskItem } from './TaskItem';
import { endOfToday, startOfToday, useMyDay } from './use-my-day';
import { formatDateTime } from '../records/format-value';
import type { ApiRecord } from '../records/record-title';

const dueLabel = (n: number) => `${n} open ${n === 1 ? 'task' : 'tasks'} due today or overdue`;

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

/** What the salesperson has to do today, overdue first; one click completes a task. */
export function MyDayScreen({ user }: { user: SessionUser }) {
  const { tasks, error, reload, complete, reopen, reschedule } = useMyDay(user.id);
  const toast = useToast();
  const today = startOfToday().toISOString();
  const tonight = endOfToday().toISOString();
  const overdue = tasks?.filter((t) => typeof t.due_date === 'string' && t.due_date < today) ?? [];
  const upcoming = tasks?.filter((t) => typeof t.due_date === 'string' && t.due_date > tonight) ?? [];
  const dueToday = tasks?.filter((t) => !overdue.includes(t) && !upcoming.includes(t)) ?? [];
  const failed = (err: unknown) => toast(asApiError(err).message, { tone: 'error' });
  const done = (task: ApiRecord) =>
    complete(task.id).then(
      () =>
        toast(`Completed “${String(task.title)}”`, {
          action: { label: 'Undo', run: () => void reopen(task.id, String(task.status ?? 'pending')).catch(failed) },
        }),
      failed,
    );
  const move = (task: ApiRecord, due: string) => {
    const before = typeof task.due_date === 'string' ? task.due_date : null;
    reschedule(task.id, due).then(
      () =>
        toast(`“${String(task.title)}” moved to ${formatDateTime(due)}`, {
          action: { label: 'Undo', run: () => void reschedule(task.id, before).catch(failed) },
        }),
      failed,
    );
  };

  return (
    <div className="stack narrow">
      <section className="page-header">
        <div>
          <h2>My day</h2>
          <p className="muted">
            {dayFormat.format(new Date())} · {tasks ? `${dueLabel(overdue.length + dueToday.length)} · ${upcoming.length} coming up this week` : 'Loading…'}
          </p>
        </div>
        <a className="button ghost" href={`#/tasks?assigned_to=${user.id}&status__in=pending,in_progress&ordering=due_date`}>
          All my open tasks
        </a>
      </section>
      <ErrorBanner error={error} onRetry={reload} />
      {tasks && tasks.length === 0 && (
        <div className="card">
          <EmptyState title="Nothing due today" action={<a href="#/tasks">Browse all tasks</a>}>
            You are all caught up. Tasks assigned to you show here from a week before they are due.
          </EmptyState>
        </div>
      )}
      {[
        { title: 'Overdue', items: overdue, late: true },
        { title: 'Today', items: dueToday, late: false },
        { title: 'Upcoming', items: upcoming, late: false },
      ]
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.title} className="card task-group" data-testid={`my-day-${g.title.toLowerCase()}`}>
            <h3 className={g.late ? 'overdue' : undefined}>
              {g.title} <span className="count-pill">{g.items.length}</span>
            </h3>
            <ul className="task-list">
              {g.items.map((t) => (
                <TaskItem key={t.id} task={t} overdue={g.late} onComplete={() => void done(t)} onReschedule={(due) => move(t, due)} />
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
