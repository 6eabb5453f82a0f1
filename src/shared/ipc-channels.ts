/**
 * The only IPC between the renderer and the Electron main process. Everything else goes
 * through the HTTP API, so the bridge stays small enough to audit at a glance.
 */
export const IPC_CHANNELS = {
  /** renderer -> main, `send(title, body)`: show an OS notification. */
  notify: 'crm:notify',
  /** renderer -> main, `invoke()`: the refresh token kept for this desktop user, or null. */
  sessionLoad: 'crm:session-load',
  /** renderer -> main, `invoke(refreshToken | null)`: keep (encrypted by the OS keychain) or forget it. */
  sessionSave: 'crm:session-save',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

export const IPC_CHANNEL_LIST: readonly IpcChannel[] = Object.values(IPC_CHANNELS);

/** Caps enforced on both sides of `crm:notify`; main re-checks, it never trusts the preload. */
export const NOTIFY_LIMITS = { title: 120, body: 1000 } as const;

/** Refresh tokens are base64url of 32 bytes; anything else is refused by main. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

/** What the preload exposes as `window.crmDesktop`. Absent when the UI runs in a browser. */
export interface CrmDesktopBridge {
  readonly platform: string;
  notify(title: string, body: string): void;
  /** Sign-in kept across launches, encrypted with the OS keychain (Electron safeStorage). */
  readonly session: {
    load(): Promise<string | null>;
    save(refreshToken: string | null): Promise<void>;
  };
}
