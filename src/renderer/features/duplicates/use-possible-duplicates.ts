import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDebouncedValue } from '../../app/use-debounced-value';
import type { DuplicateCandidate } from '../../../shared/contract/api-types';

export type { DuplicateCandidate };

const PROBE_FIELDS = ['email', 'first_name', 'last_name', 'name', 'domain'] as const;
const CHECKED_MODELS = new Set(['lead', 'contact', 'company']);
const DEBOUNCE_MS = 400;

/**
 * Existing records the one being created may duplicate, asked once the person stops typing
 * in the email, name or domain. Empty for other kinds of record or when nothing is typed.
 */
export function usePossibleDuplicates(model: string, values: Record<string, unknown>): DuplicateCandidate[] {
  const api = useApi();
  const probe = Object.fromEntries(PROBE_FIELDS.flatMap((f) => (typeof values[f] === 'string' && values[f].trim().length >= 2 ? [[f, values[f].trim()]] : [])));
  const key = useDebouncedValue(CHECKED_MODELS.has(model) ? JSON.stringify(probe) : '{}', DEBOUNCE_MS);
  const [found, setFound] = useState<DuplicateCandidate[]>([]);
  useEffect(() => {
    const query = JSON.parse(key) as Record<string, string>;
    if (Object.keys(query).length === 0) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    api
      .call('duplicates.find', { query: { model, ...query }, signal: controller.signal })
      .then((r) => setFound(r.results))
      .catch(() => !controller.signal.aborted && setFound([]));
    return () => controller.abort();
  }, [api, model, key]);
  return found;
}
