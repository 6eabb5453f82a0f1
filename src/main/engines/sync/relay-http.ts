import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';

/** A token pair from the relay (`sync-server/README.md`, HTTP endpoints). */
export interface RelayTokens {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  team_id: string;
  account_id: string;
  role: string;
}

export interface RelayMember {
  account_id: string;
  email: string;
  display_name: string;
  role: string;
  joined_at: string;
}

const TIMEOUT_MS = 10_000;

/**
 * The relay's HTTP endpoints, for the sync client. Errors keep the relay's code (a wrong
 * password stays `unauthenticated`, a used invite `conflict`) and say it came from the relay;
 * an unreachable relay is `relay_unreachable` in the message of a 400 naming `relay_url`.
 */
export class RelayHttp {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new AppError('validation_failed', `The relay at ${this.baseUrl} cannot be reached.`, { relay_url: ['No relay answered at this address.'] });
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (res.ok && parsed !== null) return parsed as T;
    const err = (parsed as { error?: { code?: string; message?: string; fields?: Record<string, string[]> } } | null)?.error;
    const code: ErrorCode =
      err?.code && (ERROR_CODES as readonly string[]).includes(err.code) && err.code !== 'internal' ? (err.code as ErrorCode) : 'validation_failed';
    throw new AppError(
      code,
      `Relay: ${err?.message ?? `answered ${res.status}`}`,
      err?.fields ?? (code === 'validation_failed' ? { relay_url: [`The relay answered ${res.status}.`] } : undefined),
    );
  }

  createTeam(body: { team_name: string; email: string; password: string; device_id: string; display_name: string; account_id: string }): Promise<RelayTokens> {
    return this.call('POST', '/v1/teams', body);
  }

  join(body: { invite_code: string; email: string; password: string; device_id: string; display_name?: string }): Promise<RelayTokens> {
    return this.call('POST', '/v1/join', body);
  }

  refresh(refreshToken: string): Promise<RelayTokens> {
    return this.call('POST', '/v1/token/refresh', { refresh_token: refreshToken });
  }

  invite(
    token: string,
    body: { email: string; role: string; account_id?: string },
  ): Promise<{ code: string; expires_at: string; email: string; role: string }> {
    return this.call('POST', '/v1/invites', body, token);
  }

  members(token: string): Promise<{ team: { id: string; name: string }; members: RelayMember[] }> {
    return this.call('GET', '/v1/members', undefined, token);
  }

  removeMember(token: string, accountId: string): Promise<void> {
    return this.call('DELETE', `/v1/members/${encodeURIComponent(accountId)}`, undefined, token);
  }

  /** The team's tracking key and the public base URL of its email links (members). */
  trackingKey(token: string): Promise<{ key: string; tracking_base_url: string }> {
    return this.call('GET', '/v1/tracking/key', undefined, token);
  }

  trackingEvents(token: string, since: number): Promise<{ events: RelayTrackingEvent[]; cursor: number; has_more: boolean }> {
    return this.call('GET', `/v1/tracking/events?since=${since}`, undefined, token);
  }

  suppressions(token: string, since: number): Promise<{ suppressions: RelaySuppression[]; cursor: number; has_more: boolean }> {
    return this.call('GET', `/v1/suppressions?since=${since}`, undefined, token);
  }

  checkSuppressions(token: string, hashes: string[]): Promise<{ suppressed: string[] }> {
    return this.call('POST', '/v1/suppressions/check', { hashes }, token);
  }

  /** The team's compaction epoch, its state and figures. */
  compaction(token: string): Promise<RelayCompaction> {
    return this.call('GET', '/v1/compaction', undefined, token);
  }

  /** Starts the team-wide compaction (team admins; 409 while one runs). */
  startCompaction(token: string): Promise<RelayCompaction> {
    return this.call('POST', '/v1/compaction', undefined, token);
  }

  /**
   * The histories these records had before the team's last compaction, for re-authoring unsent
   * edits. Only rows of the records asked for, in the shape asked for: anything else is left out
   * (those records' edits are re-authored by the approximation, epoch-swap.ts).
   */
  async previousLogs(token: string, recordIds: string[]): Promise<{ record_id: string; update: Uint8Array }[]> {
    const answer = await this.call<{ records?: unknown }>('POST', '/v1/compaction/previous', { record_ids: recordIds }, token);
    const asked = new Set(recordIds);
    const rows = (Array.isArray(answer?.records) ? answer.records : []) as { record_id?: unknown; update?: unknown }[];
    return rows
      .filter((r): r is { record_id: string; update: string } => typeof r?.record_id === 'string' && asked.has(r.record_id) && typeof r.update === 'string')
      .map((r) => ({ record_id: r.record_id, update: new Uint8Array(Buffer.from(r.update, 'base64')) }));
  }
}

/** A team's compaction as the relay keeps it (GET /v1/compaction). */
export interface RelayCompaction {
  epoch: number;
  state: 'compacting' | 'ready';
  stats: Record<string, unknown>;
}

export interface RelayTrackingEvent {
  id: number;
  token: string;
  event: 'open' | 'click' | 'unsubscribe';
  at: string;
  url: string | null;
  machine: boolean;
}

export interface RelaySuppression {
  id: number;
  email_hash: string;
  token: string | null;
  at: string;
}
