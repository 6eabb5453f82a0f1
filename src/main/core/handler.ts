import type { UserRole } from '../../shared/entities/enums';
import type { QueryParams } from '../engines/query';
import type { Origin } from '../engines/records';

export interface Caller {
  id: string;
  username: string;
  email: string;
  full_name: string;
  role: UserRole;
  via: 'jwt' | 'api_token';
}

/** What a handler gets from the transport; it never sees HTTP objects. */
export interface HandlerRequest {
  params: Record<string, string>;
  query: QueryParams;
  body: unknown;
  /** Null only on public operations. */
  caller: Caller | null;
  /** `ui` when the request comes from the app's own pages, else `api`. */
  origin: Origin;
  /** For rate limits keyed by client. */
  clientKey: string;
  /** `http://127.0.0.1:PORT`, for absolute `next` / `previous` links. */
  baseUrl: string;
  path: string;
  /** The record version a write was based on (`If-Match`), for stale-write checks. */
  ifMatch?: string;
}

/**
 * A reply the transport sends as is, not as JSON: a file download (CSV export), or an answer
 * whose status depends on the input (a dry run answers 200 where the real run answers 202).
 */
export class RawResponse {
  constructor(
    readonly contentType: string,
    readonly body: string | Buffer,
    readonly headers: Record<string, string> = {},
    readonly status?: number,
  ) {}

  static json(status: number, value: unknown): RawResponse {
    return new RawResponse('application/json; charset=utf-8', JSON.stringify(value), {}, status);
  }
}

/** Returns the response body (or a RawResponse); `undefined` for operations answering 204. */
export type Handler = (req: HandlerRequest) => unknown;

export type HandlerMap = Record<string, Handler>;

export function requireCaller(req: HandlerRequest): Caller {
  if (!req.caller) throw new Error('handler of a protected operation called without a caller');
  return req.caller;
}
