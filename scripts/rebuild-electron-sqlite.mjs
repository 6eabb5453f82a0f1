#!/usr/bin/env node
/**
 * Second build of better-sqlite3, for Electron's ABI (`npm run rebuild:electron`).
 *
 * node_modules/better-sqlite3 stays built for Node (tests, headless, scripts). This copies
 * the module's sources to a scratch folder, compiles them with node-gyp against the headers
 * of the installed Electron version, and writes the result to
 *   build/native/electron/better_sqlite3.node
 * The Electron main process finds that file (src/main/window/native-binding.ts) and hands
 * it to the driver as `nativeBinding` via CRM_SQLITE_BINDING. Run it again after upgrading
 * electron or better-sqlite3.
 *
 * Needs a C++ toolchain (as for any node-gyp build) and, once per Electron version, network
 * access to Electron's headers site. Options:
 *   --dry-run      print what would run, build nothing
 *   --arch=<arch>  target architecture (default: this machine's)
 * Environment: ELECTRON_HEADERS_URL overrides the headers site (mirrors);
 *   ELECTRON_NODEDIR a folder holding Electron's unpacked headers, for offline builds;
 *   ELECTRON_GYP_DIR where headers are cached (default ~/.electron-gyp, shared with
 *   @electron/rebuild, and separate from node-gyp's cache of Node headers).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dryRun = process.argv.includes('--dry-run');
const archArg = process.argv.find((a) => a.startsWith('--arch='));
const arch = archArg ? archArg.slice('--arch='.length) : process.arch;

const HEADERS_URL = process.env.ELECTRON_HEADERS_URL || 'https://www.electronjs.org/headers';
const devDir = process.env.ELECTRON_GYP_DIR || join(homedir(), '.electron-gyp');
const outFile = join(root, 'build', 'native', 'electron', 'better_sqlite3.node');
const workDir = join(root, 'build', 'native', '.work', 'better-sqlite3');

function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}

function readVersion(name) {
  return JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;
}

/** node-gyp: the one npm passes to scripts, else a local install, else npm's bundled copy. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) {
    return [process.execPath, process.env.npm_config_node_gyp];
  }
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    const npmDirs = [
      process.env.npm_execpath ? dirname(dirname(process.env.npm_execpath)) : undefined,
      join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'),
      join(dirname(process.execPath), 'node_modules', 'npm'),
    ];
    for (const npmDir of npmDirs) {
      const bundled = npmDir && join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
      if (bundled && existsSync(bundled)) return [process.execPath, bundled];
    }
    return [process.platform === 'win32' ? 'npx.cmd' : 'npx', 'node-gyp'];
  }
}

function run(command, args, cwd) {
  console.log(`$ ${[command, ...args].join(' ')}${cwd ? `   (in ${relative(root, cwd) || '.'})` : ''}`);
  if (dryRun) return;
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\nrebuild-electron-sqlite: ${command} failed (${result.error?.message ?? `exit ${result.status}`}).`);
    process.exit(1);
  }
}

const electronVersion = readVersion('electron');
const sqliteDir = packageDir('better-sqlite3');
console.log(`better-sqlite3 ${readVersion('better-sqlite3')} for Electron ${electronVersion} (${arch})`);

if (!dryRun) {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  // Sources only: the Node build under build/ must not leak into (or be hit by) this one.
  for (const entry of ['binding.gyp', 'package.json', 'src', 'deps']) {
    cpSync(join(sqliteDir, entry), join(workDir, entry), { recursive: true });
  }
}

const [gypCommand, ...gypPrefix] = nodeGyp();
run(
  gypCommand,
  [
    ...gypPrefix,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    ...(process.env.ELECTRON_NODEDIR ? [`--nodedir=${process.env.ELECTRON_NODEDIR}`] : [`--dist-url=${HEADERS_URL}`, `--devdir=${devDir}`]),
  ],
  workDir,
);

const built = join(workDir, 'build', 'Release', 'better_sqlite3.node');
if (dryRun) {
  console.log(`would copy ${relative(root, built)} -> ${relative(root, outFile)}`);
} else {
  mkdirSync(dirname(outFile), { recursive: true });
  copyFileSync(built, outFile);
  rmSync(join(root, 'build', 'native', '.work'), { recursive: true, force: true });
  console.log(`\nwrote ${relative(root, outFile)}; the desktop app loads it as better-sqlite3's nativeBinding.`);
}
