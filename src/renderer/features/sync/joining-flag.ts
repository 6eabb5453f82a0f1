const KEY = 'fieldcrm.joining-team';

/**
 * Set while a just-joined install receives the team's records, so the app opens on the
 * progress screen (also after a reload) instead of on half-filled lists.
 */
export function markJoining(on: boolean): void {
  try {
    if (on) window.sessionStorage.setItem(KEY, '1');
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the app simply opens without the progress screen
  }
}

export function isJoining(): boolean {
  try {
    return window.sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}
