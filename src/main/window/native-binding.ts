import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * better-sqlite3 in node_modules is built for Node's ABI (tests, headless). The desktop app
 * loads a second build made for Electron's ABI by `npm run rebuild:electron`, passed to the
 * driver as `nativeBinding` through `CRM_SQLITE_BINDING`. Neither build replaces the other.
 */
export const ELECTRON_BINDING_RELATIVE_PATH = join('build', 'native', 'electron', 'better_sqlite3.node');

/**
 * `appRoot` defaults to the nearest folder holding a package.json above this module, which
 * is the project root both from the bundle (`out/main/index.cjs`) and from source. Inside an asar archive the file is read from the
 * unpacked copy, since a native module cannot be loaded from the archive itself.
 */
export function electronSqliteBinding(appRoot: string = defaultAppRoot()): string | undefined {
  const candidate = join(appRoot, ELECTRON_BINDING_RELATIVE_PATH).replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
  return existsSync(candidate) ? candidate : undefined;
}

function defaultAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = resolve(dir, '..');
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
