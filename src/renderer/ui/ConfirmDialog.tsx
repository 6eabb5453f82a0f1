import type { ReactNode } from 'react';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  /** The confirm button's words: the action itself ("Remove", "Leave the team"), not "OK". */
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  /** A destructive action: its button is filled red. */
  danger?: boolean;
  /** The action cannot be confirmed yet (it is running, or a typed check is not met). */
  disabled?: boolean;
  testId: string;
  confirmTestId: string;
  /** What the action does, and what it does not. */
  children: ReactNode;
}

/** "Are you sure?" before an action: Cancel, and the action named on its own button. */
export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, danger, disabled, testId, confirmTestId, children }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId={testId}
      footer={
        <>
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={danger ? 'button danger' : 'button primary'} disabled={disabled} onClick={onConfirm} data-testid={confirmTestId}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
