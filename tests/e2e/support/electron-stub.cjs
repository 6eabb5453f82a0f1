/**
 * Stands in for the `electron` module so the desktop main process bundle can run under plain
 * Node where no Electron binary exists (desktop-bundle.spec.ts): `node -r THIS out/main/launcher.cjs`.
 * The app's data goes to CRM_STUB_USER_DATA; the window only prints the URL it would load.
 */
const Module = require('node:module');
const { tmpdir } = require('node:os');

const noop = () => {};
const userData = process.env.CRM_STUB_USER_DATA || tmpdir();

class BrowserWindow {
  constructor() {
    this.webContents = { once: noop };
  }
  once() {}
  on() {}
  maximize() {}
  loadURL(url) {
    console.log(`[electron-stub] window loads ${url}`);
    return Promise.resolve();
  }
}

const electron = {
  app: {
    getPath: () => userData,
    requestSingleInstanceLock: () => true,
    on: noop,
    quit: noop,
    exit: (code) => process.exit(code),
    whenReady: () => Promise.resolve(),
  },
  BrowserWindow,
  ipcMain: { on: noop, handle: noop },
  Notification: class {
    static isSupported() {
      return false;
    }
  },
  safeStorage: { isEncryptionAvailable: () => false, encryptString: (s) => Buffer.from(s), decryptString: (b) => String(b) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1280, height: 800 } }] },
  session: { defaultSession: { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop } },
  shell: { openExternal: noop },
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? __filename : resolveFilename.call(this, request, ...rest);
};
module.exports = electron;
