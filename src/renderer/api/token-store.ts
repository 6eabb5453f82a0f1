import type { SessionUser, TokenPair } from '../../shared/contract/api-types';

export type { SessionUser };
/** The tokens and user the auth endpoints answer with, kept for the window's life. */
export type Session = TokenPair;

const KEY = 'fieldcrm.session';

/** The part of `Storage` the tokens need (sessionStorage in the app, a map in tests). */
export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Tokens live in sessionStorage: they survive a reload but not the window, so a closed
 * desktop window is a signed-out one.
 */
export class TokenStore {
  constructor(private readonly storage: SessionStorageLike) {}

  load(): Session | undefined {
    try {
      const raw = this.storage.getItem(KEY);
      if (!raw) return undefined;
      const parsed = JSON.parse(raw) as Partial<Session>;
      if (typeof parsed.access !== 'string' || typeof parsed.refresh !== 'string' || !parsed.user) {
        return undefined;
      }
      return parsed as Session;
    } catch {
      return undefined;
    }
  }

  save(session: Session): void {
    this.storage.setItem(KEY, JSON.stringify(session));
  }

  clear(): void {
    this.storage.removeItem(KEY);
  }
}
