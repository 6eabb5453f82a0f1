import { validationError, type FieldErrors } from '../../../shared/errors';
import { isJsonObject } from '../../core/json-object';

export const MAX_RELAY_URLS = 8;
const PROTOCOLS: Record<string, string> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

/**
 * The body of PUT /api/v1/sync/relay/: `{relay_urls: [...]}`, 1-8 addresses of instances of the
 * team's relay. ws(s):// is accepted and kept as http(s):// (the sync client derives the socket
 * address); no credentials, query or fragment (an address is not a place for secrets).
 */
export function parseRelayUrls(body: unknown): string[] {
  if (!isJsonObject(body)) throw validationError({ body: ['Expected a JSON object.'] });
  const input = body;
  const errors: FieldErrors = {};
  for (const key of Object.keys(input)) if (key !== 'relay_urls') errors[key] = ['Unknown field.'];
  const raw = input.relay_urls;
  if (!Array.isArray(raw)) errors.relay_urls = ['A list of 1 to 8 relay addresses.'];
  else if (raw.length < 1 || raw.length > MAX_RELAY_URLS) errors.relay_urls = [`Between 1 and ${MAX_RELAY_URLS} addresses, got ${raw.length}.`];
  if (Object.keys(errors).length) throw validationError(errors);
  const urls: string[] = [];
  (raw as unknown[]).forEach((item, i) => {
    const field = `relay_urls.${i}`;
    const problem = urlProblem(item);
    if (problem) return void (errors[field] = [problem]);
    const url = normalise(item as string);
    if (urls.includes(url)) errors[field] = ['Listed twice.'];
    urls.push(url);
  });
  if (Object.keys(errors).length) throw validationError(errors);
  return urls;
}

function urlProblem(item: unknown): string | null {
  if (typeof item !== 'string' || item.trim() === '') return 'An http(s):// or ws(s):// address.';
  if (item.length > 2000) return 'Too long.';
  let url: URL;
  try {
    url = new URL(item.trim());
  } catch {
    return 'Not an address; e.g. https://relay-1.example.com';
  }
  if (!PROTOCOLS[url.protocol]) return 'An http(s):// or ws(s):// address.';
  if (url.username || url.password) return 'No user name or password in the address.';
  if (url.search || url.hash) return 'No query or fragment in the address.';
  return null;
}

function normalise(item: string): string {
  const url = new URL(item.trim());
  const path = url.pathname.replace(/\/+$/, '');
  return `${PROTOCOLS[url.protocol]}//${url.host}${path}`;
}
