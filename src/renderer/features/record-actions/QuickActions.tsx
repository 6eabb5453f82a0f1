import { useToast } from '../../ui/toast-context';
import { RecordFormDialog } from '../record-form/RecordFormDialog';
import { RESOURCES, type ResourceDef } from '../records/record-resources';
import type { ApiRecord } from '../records/record-title';
import { quickInitial, type QuickKind } from './quick-links';

const ACTIONS: { kind: QuickKind; label: string; done: string; key: string }[] = [
  { kind: 'call', label: 'Log call', done: 'Call logged', key: 'c' },
  { kind: 'meeting', label: 'Log meeting', done: 'Meeting logged', key: 'm' },
  { kind: 'note', label: 'Add note', done: 'Note added', key: 'n' },
  { kind: 'task', label: 'Add task', done: 'Task added', key: 't' },
];

interface Props {
  resource: ResourceDef;
  record: ApiRecord;
  /** Opened from outside (a keyboard shortcut, "plan the next step" after a task). */
  open?: QuickKind;
  onOpenChange: (kind: QuickKind | undefined) => void;
}

/** Log a call, a meeting or a note, or add a task, from the record: linked to it and to what it links to. */
export function QuickActions({ resource, record, open, onOpenChange }: Props) {
  const toast = useToast();
  const kind = open;
  const setKind = onOpenChange;
  const action = ACTIONS.find((a) => a.kind === kind);
  return (
    <div className="quick-actions" role="group" aria-label="Quick actions" data-testid="quick-actions">
      {ACTIONS.map((a) => (
        <button key={a.kind} type="button" className="button small ghost" onClick={() => setKind(a.kind)} data-testid={`quick-${a.kind}`}>
          {a.label}
        </button>
      ))}
      {action && kind && (
        <RecordFormDialog
          resource={kind === 'task' ? RESOURCES.tasks : RESOURCES.activities}
          initial={quickInitial(kind, resource, record)}
          title={action.label}
          onClose={() => setKind(undefined)}
          onSaved={() => {
            setKind(undefined);
            toast(action.done);
          }}
        />
      )}
    </div>
  );
}

export { ACTIONS as QUICK_ACTIONS };
