import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * Window security settings, kept free of Electron imports so tests assert them without a
 * display. Anything the renderer needs goes through the HTTP API or the named IPC channels
 * of the preload, never through Node.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

export function mainWindowOptions(preloadPath: string, bounds: { x?: number; y?: number; width: number; height: number }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 880,
    minHeight: 560,
    title: 'FieldCRM',
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export type NavigationVerdict = 'allow' | 'external' | 'deny';

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Origins compare exactly (scheme, host, port): `127.0.0.1` and `localhost` differ. */
export function isAllowedNavigation(url: string, origin: string): boolean {
  const target = parseUrl(url);
  const allowed = parseUrl(origin);
  if (!target || !allowed) return false;
  return target.origin !== 'null' && target.origin === allowed.origin;
}

/** Schemes the OS opens in its own app: web pages, and the mail and phone apps for mailto/tel values. */
const EXTERNAL_PROTOCOLS = new Set(['https:', 'http:', 'mailto:', 'tel:']);

export function isExternalUrl(url: string): boolean {
  const target = parseUrl(url);
  return target !== undefined && EXTERNAL_PROTOCOLS.has(target.protocol);
}

/**
 * In-window navigation stays on the local server; web, mailto and tel links leave for the OS;
 * every other scheme (file:, javascript:, custom protocols) is refused.
 */
export function classifyNavigation(url: string, origin: string): NavigationVerdict {
  if (isAllowedNavigation(url, origin)) return 'allow';
  if (isExternalUrl(url)) return 'external';
  return 'deny';
}
