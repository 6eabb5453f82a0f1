/**
 * Turns what a person typed into an FTS5 query: every word must match, the last one as a
 * prefix (search as you type). Words are quoted, so FTS syntax in input is just text.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 16);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}
