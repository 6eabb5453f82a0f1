#!/usr/bin/env node
/**
 * `npm start` after the build: open the desktop app, or run the same engine headless when
 * Electron cannot start (no binary, no display, sandbox refused...). Arguments and
 * environment pass through to whichever runs.
 *
 * Electron counts as started once its main process prints the ready marker (see
 * src/main/index.ts). Exiting or staying silent before that, within
 * CRM_ELECTRON_START_TIMEOUT_MS (default 10 s), means it could not start.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const READY_MARKER = '[fieldcrm] desktop ready at';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const startTimeoutMs = Number(process.env.CRM_ELECTRON_START_TIMEOUT_MS) || 10_000;

/** The child that currently owns the terminal; signals are forwarded to it. */
let child;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(130);
  });
}

/**
 * Same lookup as `require('electron')`, minus its side effect: since Electron 45.4 that call
 * downloads the binary when it is missing, which hangs or fails offline.
 */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { error: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return { path: join(override, relative || 'electron') };
  if (!relative) return { error: 'the Electron binary is not downloaded (run `npx install-electron`)' };
  const full = join(pkgDir, 'dist', relative);
  return existsSync(full) ? { path: full } : { error: `the Electron binary is missing at ${full}` };
}

function tryElectron(binary) {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const electron = spawn(binary, [root, ...args], {
      cwd: root,
      env: process.env,
      stdio: ['inherit', 'pipe', 'pipe'],
    });
    child = electron;
    const stderrTail = [];
    const timer = setTimeout(() => {
      electron.kill('SIGTERM');
      settle({ started: false, reason: `no window after ${startTimeoutMs / 1000} s` });
    }, startTimeoutMs);

    electron.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes(READY_MARKER)) settle({ started: true, process: electron });
    });
    electron.stderr.on('data', (chunk) => {
      // Startup errors stay quiet unless Electron turns out to work; then they pass through.
      if (settled) process.stderr.write(chunk);
      else stderrTail.push(chunk.toString());
    });
    electron.on('error', (err) => settle({ started: false, reason: err.message }));
    electron.on('exit', (code, signal) => {
      if (code === 0) return settle({ started: false, handedOff: true });
      const detail = stderrTail.join('').trim().split('\n').filter(Boolean).pop();
      settle({
        started: false,
        reason: `Electron exited (${signal ?? `code ${code}`})${detail ? `: ${detail.slice(0, 200)}` : ''}`,
      });
    });
  });
}

function headlessCommand() {
  // The built entry (`npm start` builds it): plain JavaScript with V8's code cache, no TypeScript loader.
  const built = join(root, 'out', 'headless', 'main.cjs');
  if (existsSync(built)) return { command: process.execPath, argv: [built, ...args], shell: false };
  const entry = join(root, 'src', 'main', 'headless.ts');
  try {
    const tsxCli = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
    if (existsSync(tsxCli)) return { command: process.execPath, argv: [tsxCli, entry, ...args], shell: false };
  } catch {
    // fall through to npx
  }
  return { command: 'npx', argv: ['tsx', entry, ...args], shell: process.platform === 'win32' };
}

function runHeadless(reason) {
  console.log(`FieldCRM: the desktop window could not open (${reason}); running headless instead, open the URL printed below in a browser.`);
  const { command, argv, shell } = headlessCommand();
  child = spawn(command, argv, { cwd: root, env: process.env, stdio: 'inherit', shell });
  child.on('error', (err) => {
    console.error(`FieldCRM: could not start the headless server: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary.error) {
  runHeadless(binary.error);
} else {
  const result = await tryElectron(binary.path);
  if (result.started) {
    result.process.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  } else if (result.handedOff) {
    // A clean exit before any window: the single-instance lock sent us to the running app.
    console.log('FieldCRM is already running; its window has been brought to the front.');
    process.exit(0);
  } else {
    runHeadless(result.reason);
  }
}
