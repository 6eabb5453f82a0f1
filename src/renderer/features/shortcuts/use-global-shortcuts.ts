import { useEffect, useRef } from 'react';
import { isPlainShortcut } from './plain-key';

interface Actions {
  search: () => void;
  help: () => void;
}

/** Keys that work on every screen: / searches, ? lists the keys, N starts a new record, G then D/P goes places. */
export function useGlobalShortcuts(actions: Actions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    let awaitingGo = false;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        latest.current.search();
        return;
      }
      if (!isPlainShortcut(e)) return;
      const key = e.key.toLowerCase();
      if (awaitingGo) {
        awaitingGo = false;
        const to = key === 'd' ? '#/my-day' : key === 'p' ? '#/pipeline' : key === 'o' ? '#/overview' : undefined;
        if (to) {
          e.preventDefault();
          window.location.hash = to;
        }
        return;
      }
      if (e.key === '?') latest.current.help();
      else if (key === '/') latest.current.search();
      else if (key === 'n') document.querySelector<HTMLButtonElement>('[data-testid="new-record"]')?.click();
      else if (key === 'g') awaitingGo = true;
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
