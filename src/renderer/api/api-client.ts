import { OPERATIONS } from '../../shared/contract/operations';
import type { CallArgs, CallInput, OperationId, Query, ResponseOf } from '../../shared/contract/signatures';
import { ApiError, apiErrorFrom } from './api-error';
import { TokenStore, type Session, type SessionStorageLike } from './token-store';

export type { Query, QueryValue } from '../../shared/contract/signatures';
export type { Page } from '../../shared/contract/api-types';

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Accept header; JSON unless a download asks for something else. */
  accept?: string;
  headers?: Record<string, string>;
}

/** Each operation's method and path template, from the one operation table. */
const ROUTES = new Map(OPERATIONS.map((o) => [o.id, { method: o.method, path: o.path }]));

/** `/api/v1/leads/{id}/` with `{ id: 'x' }` -> `/api/v1/leads/x/` (each value URL-encoded). */
function pathOf(id: OperationId, params: Record<string, string> | undefined): { method: string; path: string } {
  const route = ROUTES.get(id);
  if (!route) throw new Error(`Unknown operation ${id}`);
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === '') throw new Error(`${id}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  return { method: route.method, path };
}

type SessionListener = (session: Session | undefined) => void;

/**
 * One fetch wrapper for the whole UI, called by operation id (`api.call('leads.update',
 * { params: { id }, body })`): the path comes from the operation table, the types from the
 * signatures beside it, so no screen writes a path or re-declares an answer. Same origin as the API (the local server serves the
 * UI), so no CORS and no configuration. A 401 triggers one token refresh, shared by every
 * request waiting on it, then one retry; a failed refresh signs the user out.
 */
export class ApiClient {
  private readonly tokens: TokenStore;
  private session: Session | undefined;
  private refreshing: Promise<boolean> | undefined;
  private readonly listeners = new Set<SessionListener>();

  constructor(
    readonly baseUrl: string,
    storage: SessionStorageLike,
  ) {
    this.tokens = new TokenStore(storage);
    this.session = this.tokens.load();
  }

  get currentSession(): Session | undefined {
    return this.session;
  }

  /** The current access token, for the WebSocket `authenticate` message. */
  get accessToken(): string | undefined {
    return this.session?.access;
  }

  /** Renews the access token (a socket was refused with 4401); false when that failed. */
  renewSession(): Promise<boolean> {
    return this.refreshSession();
  }

  onSessionChange(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Absolute URL of an operation's call (shown to people who script the API). */
  urlOf<Id extends OperationId>(id: Id, ...[input]: CallArgs<Id>): string {
    const { params, query } = (input ?? {}) as CallInput<Id>;
    return this.url(pathOf(id, params).path, (query ?? {}) as Query);
  }

  /** Absolute URL of a server path with its query, empty values left out. */
  private url(path: string, query: Query = {}): string {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Signs in again from a refresh token kept by the desktop app; false if it no longer works. */
  async resume(refresh: string): Promise<boolean> {
    try {
      const session = await this.callAs('auth.refresh', { body: { refresh } }, false);
      this.setSession(session);
      return true;
    } catch {
      return false;
    }
  }

  async signIn(username: string, password: string): Promise<Session> {
    const session = await this.callAs('auth.token', { body: { username, password } }, false);
    this.setSession(session);
    return session;
  }

  /** Whether this install has no user yet (first run). */
  async needsSetup(): Promise<boolean> {
    const status = await this.callAs('auth.setup_status', {}, false);
    return status.needs_setup;
  }

  /** First run: creates the owner (admin) account and signs in as it. */
  async setupOwner(owner: Record<string, string>): Promise<Session> {
    const session = await this.callAs('auth.setup', { body: owner }, false);
    this.setSession(session);
    return session;
  }

  /** First run on a teammate's install: joins a team with an invite code, creates the account here and signs in as it. */
  async joinTeam(body: { relay_url: string; invite_code: string; email: string; password: string }): Promise<Session> {
    const session = await this.callAs('sync.join', { body }, false);
    this.setSession({ access: session.access, refresh: session.refresh, user: session.user });
    return session;
  }

  /** Keeps the session's user in step after a profile edit (names show in the top bar). */
  updateSessionUser(user: Partial<Session['user']>): void {
    if (this.session) this.setSession({ ...this.session, user: { ...this.session.user, ...user } });
  }

  signOut(): void {
    this.setSession(undefined);
  }

  /** Calls one operation of the contract, signed in. */
  call<Id extends OperationId>(id: Id, ...[input]: CallArgs<Id>): Promise<ResponseOf<Id>> {
    return this.callAs(id, (input ?? {}) as CallInput<Id>, true);
  }

  /** `call` with its input spelled out (for generic callers such as the query hooks). */
  callWith<Id extends OperationId>(id: Id, input: CallInput<Id>): Promise<ResponseOf<Id>> {
    return this.callAs(id, input, true);
  }

  /** A non-JSON answer (a CSV export) as a Blob, with the same auth and refresh as JSON calls. */
  async download<Id extends OperationId>(id: Id, input: CallInput<Id>, accept: string): Promise<{ blob: Blob; filename: string | undefined }> {
    const { path } = pathOf(id, input.params);
    const options: RequestOptions = { query: input.query as Query | undefined, accept };
    let response = await this.fetchOnce('GET', path, options, true);
    if (response.status === 401 && this.session && (await this.refreshSession())) {
      response = await this.fetchOnce('GET', path, options, true);
    }
    if (!response.ok) throw apiErrorFrom(response.status, await readBody(response));
    const disposition = response.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await response.blob(), filename };
  }

  private callAs<Id extends OperationId>(id: Id, input: CallInput<Id>, authenticated: boolean): Promise<ResponseOf<Id>> {
    const { method, path } = pathOf(id, input.params);
    const options: RequestOptions = { query: input.query as Query | undefined, body: input.body, signal: input.signal, headers: input.headers };
    return this.send<ResponseOf<Id>>(method, path, options, authenticated);
  }

  private async send<T>(method: string, path: string, options: RequestOptions, authenticated: boolean): Promise<T> {
    let response = await this.fetchOnce(method, path, options, authenticated);
    if (response.status === 401 && authenticated && this.session) {
      if (await this.refreshSession()) response = await this.fetchOnce(method, path, options, true);
    }
    const body: unknown = await readBody(response);
    if (!response.ok) {
      if (response.status === 401 && authenticated) this.setSession(undefined);
      throw apiErrorFrom(response.status, body);
    }
    return body as T;
  }

  private async fetchOnce(method: string, path: string, options: RequestOptions, authenticated: boolean): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers, Accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (authenticated && this.session) headers.Authorization = `Bearer ${this.session.access}`;
    try {
      return await fetch(this.url(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', 'Cannot reach the local CRM server. Is the app still running?');
    }
  }

  private refreshSession(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refresh = this.session?.refresh;
    if (!refresh) return false;
    try {
      const response = await this.fetchOnce('POST', pathOf('auth.refresh', undefined).path, { body: { refresh } }, false);
      if (!response.ok) {
        this.setSession(undefined);
        return false;
      }
      const next = (await response.json()) as Partial<Session>;
      const previous = this.session;
      if (typeof next.access !== 'string' || !previous) return false;
      this.setSession({ access: next.access, refresh: next.refresh ?? refresh, user: next.user ?? previous.user });
      return true;
    } catch {
      return false;
    }
  }

  private setSession(session: Session | undefined): void {
    this.session = session;
    if (session) this.tokens.save(session);
    else this.tokens.clear();
    for (const listener of this.listeners) listener(session);
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
