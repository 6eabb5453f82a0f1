/**
 * The one error type of the product. Every failure that crosses a boundary (HTTP, WebSocket,
 * relay frame) is an AppError with a code from this closed list; the transport maps codes to
 * statuses through ERROR_STATUS and nowhere else.
 */
export const ERROR_CODES = [
  'validation_failed',
  'not_found',
  'conflict',
  'unauthenticated',
  'forbidden',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

/** Field name -> messages, the shape clients of the original system read. */
export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; retry_after?: number; [detail: string]: unknown };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldErrors,
    readonly retryAfterSeconds?: number,
    /** More the client can act on, e.g. a stale write's `current` values and `version`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { ...(this.details ?? {}), code: this.code, message: this.message };
    if (this.fields) error.fields = this.fields;
    if (this.retryAfterSeconds !== undefined) error.retry_after = this.retryAfterSeconds;
    return { error };
  }
}

export function validationError(fields: FieldErrors, message?: string): AppError {
  const names = Object.keys(fields);
  return new AppError('validation_failed', message ?? `Invalid input: ${names.join(', ')}`, fields);
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found`);
}
