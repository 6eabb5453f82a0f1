import { keepPreviousData } from '@tanstack/react-query';
import { useApiQuery } from '../../api/use-api-query';
import { useDebouncedValue } from '../../app/use-debounced-value';
import type { DuplicateCandidate } from '../../../shared/contract/api-types';

export type { DuplicateCandidate };

const PROBE_FIELDS = ['email', 'first_name', 'last_name', 'name', 'domain'] as const;
const CHECKED_MODELS = new Set(['lead', 'contact', 'company']);
const DEBOUNCE_MS = 400;
const NONE: DuplicateCandidate[] = [];

/**
 * Existing records the one being created may duplicate, asked once the person stops typing
 * in the email, name or domain. Empty for other kinds of record or when nothing is typed.
 */
export function usePossibleDuplicates(model: string, values: Record<string, unknown>): DuplicateCandidate[] {
  const probe = Object.fromEntries(PROBE_FIELDS.flatMap((f) => (typeof values[f] === 'string' && values[f].trim().length >= 2 ? [[f, values[f].trim()]] : [])));
  const key = useDebouncedValue(CHECKED_MODELS.has(model) ? JSON.stringify(probe) : '{}', DEBOUNCE_MS);
  const query = JSON.parse(key) as Record<string, string>;
  const { data, isError } = useApiQuery(
    'duplicates.find',
    { query: { model, ...query } },
    {
      enabled: Object.keys(query).length > 0,
      // The candidates found so far stay while the next keystrokes are checked.
      placeholderData: keepPreviousData,
    },
  );
  const found = Object.keys(query).length === 0 || isError ? NONE : (data?.results ?? NONE);
  return found;
}
