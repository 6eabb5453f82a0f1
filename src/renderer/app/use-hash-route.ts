import { useCallback, useSyncExternalStore } from 'react';
import { formatHash, parseHash, type HashParams, type Route } from './hash-route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = (): string => window.location.hash;

export type Navigate = (path: string, params?: HashParams, replace?: boolean) => void;

export function navigateTo(path: string, params: HashParams = {}, replace = false): void {
  const next = formatHash(path, params);
  if (next === window.location.hash) return;
  if (replace) {
    window.history.replaceState(null, '', next);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = next;
  }
}

export function useHashRoute(): { route: Route; navigate: Navigate } {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback<Navigate>((path, params, replace) => navigateTo(path, params, replace), []);
  return { route: parseHash(hash), navigate };
}
