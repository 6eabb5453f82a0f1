import { useCallback, useState, type ReactNode } from 'react';
import { ToastContext, type ShowToast, type ToastAction } from './toast-context';

interface Toast {
  id: number;
  message: string;
  action?: ToastAction;
  tone: 'info' | 'error';
}

const SHOW_MS = 6000;

/** Short confirmations ("3 leads deleted · Undo") in the corner; they leave on their own. */
export function ToastHost({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback<ShowToast>(
    (message, options = {}) => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all.slice(-3), { id, message, action: options.action, tone: options.tone ?? 'info' }]);
      window.setTimeout(() => dismiss(id), SHOW_MS);
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.tone}`} data-testid="toast">
            <span>{t.message}</span>
            {t.action && (
              <button
                type="button"
                className="toast-action"
                onClick={() => {
                  t.action?.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
