import type { SessionUser } from '../../api/token-store';
import { asApiError } from '../../ui/as-api-error';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { TaskItem } from './TaskItem';
import { startOfToday, useMyDay } from './use-my-day';

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

/** What the salesperson has to do today, overdue first; one click completes a task. */
export function MyDayScreen({ user }: { user: SessionUser }) {
  const { tasks, count, error, reload, complete } = useMyDay(user.id);
  const toast = useToast();
  const today = startOfToday().toISOString();
  const overdue = tasks?.filter((t) => typeof t.due_date === 'string' && t.due_date < today) ?? [];
  const dueToday = tasks?.filter((t) => !overdue.includes(t)) ?? [];
  const done = (id: string, title: string) =>
    complete(id).then(
      () => toast(`Completed “${title}”`),
      (err: unknown) => toast(asApiError(err).message, { tone: 'error' }),
    );

  return (
    <div className="stack narrow">
      <section className="page-header">
        <div>
          <h2>My day</h2>
          <p className="muted">{dayFormat.format(new Date())} · {tasks ? `${count} open ${count === 1 ? 'task' : 'tasks'} due` : 'Loading…'}</p>
        </div>
        <a className="button ghost" href={`#/tasks?assigned_to=${user.id}&status__in=pending,in_progress&ordering=due_date`}>All my open tasks</a>
      </section>
      <ErrorBanner error={error} onRetry={reload} />
      {tasks && tasks.length === 0 && (
        <div className="card">
          <EmptyState title="Nothing due today" action={<a href="#/tasks">Browse all tasks</a>}>
            You are all caught up. New tasks assigned to you show here on the day they are due.
          </EmptyState>
        </div>
      )}
      {[
        { title: 'Overdue', items: overdue, late: true },
        { title: 'Today', items: dueToday, late: false },
      ]
        .filter((g) => g.items.length > 0)
        .map((g) => (
          <section key={g.title} className="card task-group" data-testid={`my-day-${g.title.toLowerCase()}`}>
            <h3 className={g.late ? 'overdue' : undefined}>
              {g.title} <span className="count-pill">{g.items.length}</span>
            </h3>
            <ul className="task-list">
              {g.items.map((t) => (
                <TaskItem key={t.id} task={t} overdue={g.late} onComplete={() => void done(t.id, String(t.title))} />
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
