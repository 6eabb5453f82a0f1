/**
 * Hash routes: `#/<screen>?<query>`. The list state (search, ordering, page) lives in the
 * hash query, so a view survives reloads and can be bookmarked or shared.
 */
export interface Route {
  screen: string;
  params: URLSearchParams;
}

export const DEFAULT_SCREEN = 'overview';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)).replace(/\/+$/, '');
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  return { screen: decodeURIComponent(path) || DEFAULT_SCREEN, params };
}

export function formatHash(screen: string, params: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `#/${encodeURIComponent(screen)}${query ? `?${query}` : ''}`;
}
