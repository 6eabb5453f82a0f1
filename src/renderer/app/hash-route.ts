/**
 * Hash routes: `#/<screen>[/<id>]?<query>`. A list's state (search, filters, ordering,
 * columns) lives in the hash query, so a view survives reloads and can be bookmarked.
 */
export interface Route {
  screen: string;
  /** Second path segment: a record id, or `new`. */
  id: string | undefined;
  params: URLSearchParams;
}

export const DEFAULT_SCREEN = 'overview';

export type HashParams = Record<string, string | number | undefined>;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)).replace(/\/+$/, '');
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const [screen, id] = path.split('/').map((s) => decodeURIComponent(s));
  return { screen: screen || DEFAULT_SCREEN, id: id || undefined, params };
}

export function formatHash(path: string, params: HashParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `#/${encoded}${query ? `?${query}` : ''}`;
}

/** Hash link of one record's page. */
export function recordHref(resource: string, id: string): string {
  return formatHash(`${resource}/${id}`);
}
