import { useCallback, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api/api-error';
import { asApiError } from './as-api-error';

/**
 * What every form does with a submit: busy while the API works, the error kept so each
 * message can show under its field, ready again afterwards. `action` may return early to
 * refuse (client-side checks).
 */
export function useSubmit(action: () => Promise<unknown> | unknown) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const latest = useRef(action);
  latest.current = action;
  const submit = useCallback(async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await latest.current();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }, []);
  // A message about a value goes away as soon as the person changes that value.
  const clearField = useCallback((name: string) => setError((prev) => (prev && name in prev.fields ? prev.without([name]) : prev)), []);
  return { busy, error, setError, submit, clearField };
}
