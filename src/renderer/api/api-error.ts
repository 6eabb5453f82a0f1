/** Mirrors the server's error envelope: `{"error": {"code", "message", "fields"?}}`. */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** On a 409 from a stale edit: the stored values of the fields that were changed meanwhile. */
  readonly current: Record<string, unknown>;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}, current: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.current = current;
  }

  /** The same error with some fields' messages dropped (the person fixed those values). */
  without(names: Iterable<string>): ApiError {
    const drop = new Set(names);
    const fields = Object.fromEntries(Object.entries(this.fields).filter(([f]) => !drop.has(f)));
    return new ApiError(this.status, this.code, this.message, fields, this.current);
  }

  fieldMessage(name: string): string | undefined {
    return this.fields[name]?.join(' ');
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseFields(raw: unknown): FieldErrors {
  if (!isRecord(raw)) return {};
  const out: FieldErrors = {};
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) out[name] = value.map(String);
    else if (typeof value === 'string') out[name] = [value];
  }
  return out;
}

/** Builds an ApiError from any response body, including non-JSON proxies and crashes. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error) {
    const code = typeof error.code === 'string' ? error.code : 'internal';
    const message = typeof error.message === 'string' ? error.message : `Request failed (${status})`;
    return new ApiError(status, code, message, parseFields(error.fields), isRecord(error.current) ? error.current : {});
  }
  return new ApiError(status, status === 0 ? 'network' : 'internal', `Request failed (${status || 'network error'})`);
}
