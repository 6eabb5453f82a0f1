import type { ApiClient } from '../api/api-client';
import { desktopBridge } from './desktop-bridge';

/**
 * In the desktop app the sign-in outlives the window: the refresh token is handed to the
 * main process, which keeps it encrypted by the OS keychain, and the next launch resumes
 * from it. In a browser (headless mode) there is no bridge and nothing is kept.
 */
export async function keepDesktopSession(api: ApiClient): Promise<void> {
  const bridge = desktopBridge();
  if (!bridge) return;
  if (!api.currentSession) {
    const refresh = await bridge.session.load().catch(() => null);
    if (refresh && !(await api.resume(refresh))) await bridge.session.save(null).catch(() => undefined);
  }
  api.onSessionChange((session) => void bridge.session.save(session?.refresh ?? null).catch(() => undefined));
  if (api.currentSession) await bridge.session.save(api.currentSession.refresh).catch(() => undefined);
}
