import { useEffect, useRef } from 'react';
import { isPlainShortcut } from './plain-key';

/** A record page's keys: E edits, L logs a call. Off while `enabled` is false (a dialog is open, the record is deleted). */
export function useRecordShortcuts(enabled: boolean, actions: { edit: () => void; log: () => void }): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isPlainShortcut(e)) return;
      const key = e.key.toLowerCase();
      if (key === 'e') latest.current.edit();
      else if (key === 'l') latest.current.log();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
