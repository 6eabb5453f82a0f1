/**
 * This computer's copy of each person's column choice per list (the API keeps the real one,
 * see use-column-preference.ts), under their user id, so a list paints its columns at once.
 */
const PREFIX = 'fieldcrm.columns';

function key(userId: string, entity: string): string {
  return `${PREFIX}.${userId}.${entity}`;
}

export function preferredColumns(userId: string | undefined, entity: string): string[] | undefined {
  if (!userId) return undefined;
  try {
    const raw = localStorage.getItem(key(userId, entity));
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `null` forgets the copy (the person has no choice: the list's defaults). */
export function rememberColumns(userId: string | undefined, entity: string, columns: string[] | null): void {
  if (!userId) return;
  try {
    if (columns === null) localStorage.removeItem(key(userId, entity));
    else localStorage.setItem(key(userId, entity), JSON.stringify(columns));
  } catch {
    // Storage full or unavailable: the API's answer still comes on each visit.
  }
}
