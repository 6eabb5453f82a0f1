/**
 * Electron entry. Thin on purpose: the engine and API run in `startLocalServer`, exactly as
 * in the headless entry; this file only adds the window, the preload bridge, the
 * single-instance lock and OS notifications.
 */
import { app, BrowserWindow, ipcMain, Notification, safeStorage, screen, session, shell } from 'electron';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNELS } from '../shared/ipc-channels';
import { startLocalServer } from './app/start-local-server';
import { electronSqliteBinding } from './window/native-binding';
import { parseNotifyPayload } from './window/notify-payload';
import { SessionVault } from './window/session-vault';
import { KeychainSecretStore } from './window/keychain-secret-store';
import { classifyNavigation, isExternalUrl, mainWindowOptions } from './window/window-options';
import { fitToDisplays, loadWindowState, saveWindowState } from './window/window-state';

/** Printed once the window loads; scripts/start.mjs waits for it before trusting Electron. */
const READY_MARKER = '[fieldcrm] desktop ready at';

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const rendererDir = join(here, '..', 'renderer');

type LocalServer = Awaited<ReturnType<typeof startLocalServer>>;

let server: LocalServer | undefined;
let serverOrigin = '';
let mainWindow: BrowserWindow | undefined;
let quitting = false;

function windowStateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function createWindow(url: string): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const state = fitToDisplays(loadWindowState(windowStateFile()), workAreas);
  const win = new BrowserWindow(mainWindowOptions(preloadPath, state.bounds));
  if (state.maximized) win.maximize();

  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-finish-load', () => console.log(`${READY_MARKER} ${url}`));
  win.on('close', () => {
    try {
      saveWindowState(windowStateFile(), { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      console.warn('[fieldcrm] could not save window state:', err);
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(url);
  return win;
}

function openExternal(url: string): void {
  if (isExternalUrl(url)) void shell.openExternal(url);
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      const verdict = classifyNavigation(url, serverOrigin);
      if (verdict === 'allow') return;
      event.preventDefault();
      if (verdict === 'external') openExternal(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (classifyNavigation(url, serverOrigin) !== 'allow') event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function listenForNotifications(): void {
  ipcMain.on(IPC_CHANNELS.notify, (event, ...args: unknown[]) => {
    // Only our own page, served by our own server, may raise notifications.
    const frameUrl = event.senderFrame?.url ?? '';
    if (classifyNavigation(frameUrl, serverOrigin) !== 'allow') return;
    const payload = parseNotifyPayload(args);
    if (!payload || !Notification.isSupported()) return;
    new Notification({ title: payload.title, body: payload.body, silent: false }).show();
  });
}

function keepSessions(): void {
  const vault = new SessionVault(join(app.getPath('userData'), 'session.bin'), safeStorage);
  // Only our own page may read or replace the kept sign-in.
  const fromOwnPage = (event: Electron.IpcMainInvokeEvent) => classifyNavigation(event.senderFrame?.url ?? '', serverOrigin) === 'allow';
  ipcMain.handle(IPC_CHANNELS.sessionLoad, (event) => (fromOwnPage(event) ? vault.load() : null));
  ipcMain.handle(IPC_CHANNELS.sessionSave, (event, value: unknown) => {
    if (fromOwnPage(event)) vault.save(value);
  });
}

async function start(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'data');
  mkdirSync(dataDir, { recursive: true });
  const binding = electronSqliteBinding();
  if (binding && !process.env.CRM_SQLITE_BINDING) process.env.CRM_SQLITE_BINDING = binding;

  const secrets = new KeychainSecretStore(join(app.getPath('userData'), 'secrets'), safeStorage);
  server = await startLocalServer({ dataDir, port: 0, rendererDir, secrets });
  serverOrigin = new URL(server.url).origin;
  denyAllPermissions();
  listenForNotifications();
  keepSessions();
  mainWindow = createWindow(server.url);
}

async function shutdown(): Promise<void> {
  const running = server;
  server = undefined;
  if (running) await running.close();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  hardenContents();

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      console.error('[fieldcrm] failed to start:', err);
      app.exit(1);
    });

  app.on('activate', () => {
    if (!mainWindow && server) mainWindow = createWindow(server.url);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // The server closes the SQLite file; quitting waits for it so the WAL is checkpointed.
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    shutdown()
      .catch((err: unknown) => console.error('[fieldcrm] error while closing the server:', err))
      .finally(() => app.quit());
  });
}
