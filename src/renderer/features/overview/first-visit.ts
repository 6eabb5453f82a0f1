/**
 * Whether the person has just created this install's owner account: the first overview then
 * says "Welcome", not "Welcome back". Kept for the browser session only.
 */
const KEY = 'fieldcrm.first-visit';

export function markFirstVisit(): void {
  try {
    sessionStorage.setItem(KEY, '1');
  } catch {
    // Storage can be unavailable (private mode); the greeting is then the usual one.
  }
}

export function isFirstVisit(): boolean {
  try {
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}
