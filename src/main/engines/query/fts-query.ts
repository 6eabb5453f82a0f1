import { validationError } from '../../../shared/errors';

/** More words than this is refused, never silently cut (words after the 16th were dropped). */
export const MAX_SEARCH_WORDS = 32;

/**
 * Turns what a person typed into an FTS5 query: every word must match, the last one as a
 * prefix (search as you type). Words are quoted, so FTS syntax in input is just text.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  if (words.length > MAX_SEARCH_WORDS) throw validationError({ search: [`Search for at most ${MAX_SEARCH_WORDS} words.`] });
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}
