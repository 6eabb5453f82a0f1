import { Dialog } from '../../ui/Dialog';
import { SHORTCUTS } from './plain-key';

/** The `?` overlay: every keyboard shortcut in one list. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-help">
      <table className="shortcuts-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.what + s.keys.join()}>
              <td>
                {s.keys.map((k, i) =>
                  k === 'then' ? (
                    <span key={i} className="muted">
                      {' '}
                      then{' '}
                    </span>
                  ) : (
                    <kbd key={i}>{k}</kbd>
                  ),
                )}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
