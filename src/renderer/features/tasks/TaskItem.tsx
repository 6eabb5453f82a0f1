import { recordHref } from '../../app/hash-route';
import { Icon } from '../../app/Icon';
import { formatDateTime } from '../records/format-value';
import { briefId, briefLabel, type ApiRecord } from '../records/record-title';
import { StatusBadge } from '../records/StatusBadge';
import { RescheduleMenu } from './RescheduleMenu';

const LINKS = [
  ['contact', 'contacts'],
  ['opportunity', 'opportunities'],
  ['company', 'companies'],
  ['lead', 'leads'],
] as const;

interface TaskItemProps {
  task: ApiRecord;
  overdue: boolean;
  onComplete: () => void;
  onReschedule: (dueIso: string) => void;
}

export function TaskItem({ task, overdue, onComplete, onReschedule }: TaskItemProps) {
  const due = typeof task.due_date === 'string' ? task.due_date : undefined;
  const link = LINKS.find(([field]) => briefId(task[field]));
  return (
    <li className="task-item" data-testid="my-day-task" data-id={task.id}>
      <button
        type="button"
        className="complete-button"
        onClick={onComplete}
        aria-label={`Complete “${String(task.title)}”`}
        title="Mark complete"
        data-testid="complete-task"
      >
        <Icon name="check" size={14} />
      </button>
      <div className="task-main">
        <a href={recordHref('tasks', task.id)} className="task-title">
          {String(task.title)}
        </a>
        <div className="task-meta muted small">
          {typeof task.task_type === 'string' && <span>{task.task_type.replace(/_/g, ' ')}</span>}
          {link && <a href={recordHref(link[1], briefId(task[link[0]]) ?? '')}>{briefLabel(task[link[0]])}</a>}
        </div>
      </div>
      {typeof task.priority === 'string' && <StatusBadge value={task.priority} />}
      <span className={overdue ? 'task-due overdue' : 'task-due'}>{due ? formatDateTime(due) : 'No date'}</span>
      <RescheduleMenu title={String(task.title)} onPick={onReschedule} />
    </li>
  );
}
