import { ApiError } from '../api/api-error';

/** Any thrown value as an ApiError, so every screen reports failures the same way. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'internal', err instanceof Error ? err.message : String(err));
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
