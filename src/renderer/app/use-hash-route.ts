import { useCallback, useSyncExternalStore } from 'react';
import { formatHash, parseHash, type Route } from './hash-route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => window.location.hash;

export function useHashRoute(): {
  route: Route;
  navigate: (screen: string, params?: Record<string, string | number | undefined>, replace?: boolean) => void;
} {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback(
    (screen: string, params: Record<string, string | number | undefined> = {}, replace = false) => {
      const next = formatHash(screen, params);
      if (next === window.location.hash) return;
      if (replace) {
        window.history.replaceState(null, '', next);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } else {
        window.location.hash = next;
      }
    },
    [],
  );
  return { route: parseHash(hash), navigate };
}
