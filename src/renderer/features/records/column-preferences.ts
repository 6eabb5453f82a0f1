/**
 * Each person's column choice per list, kept on this computer under their user id, so a
 * list opened without `columns` in its link shows what that person chose last time.
 */
const PREFIX = 'fieldcrm.columns';

function key(userId: string, resource: string): string {
  return `${PREFIX}.${userId}.${resource}`;
}

export function preferredColumns(userId: string | undefined, resource: string): string[] | undefined {
  if (!userId) return undefined;
  try {
    const raw = localStorage.getItem(key(userId, resource));
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function rememberColumns(userId: string | undefined, resource: string, columns: string[]): void {
  if (!userId) return;
  try {
    localStorage.setItem(key(userId, resource), JSON.stringify(columns));
  } catch {
    // Storage full or unavailable: the choice then lasts for this view only.
  }
}
