/**
 * Starts the built headless bundle (out/headless/headless.cjs) with V8's code cache: the first
 * start compiles the bundle and saves the compiled code next to it; later starts load it
 * instead of compiling 2 MB of JavaScript again. A cache V8 rejects (another Node version, a
 * rebuilt bundle) is replaced; a directory that is not writable only means no cache.
 */
const { readFileSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

const bundle = join(__dirname, 'headless.cjs');
const cacheFile = join(__dirname, 'headless.v8cache');
const source = readFileSync(bundle, 'utf8');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const bundleModule = new Module(bundle, module);
bundleModule.filename = bundle;
bundleModule.paths = Module._nodeModulePaths(__dirname);
const requireFromBundle = Module.createRequire(bundle);
script.runInThisContext()(bundleModule.exports, requireFromBundle, bundleModule, bundle, __dirname);

if (cachedData === undefined || script.cachedDataRejected) {
  // Saved once the server has been up a while, or when it exits before that, so the cache
  // holds the functions start-up compiled too.
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      const temp = `${cacheFile}.${process.pid}`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
    } catch {
      // No cache: the next start compiles again.
    }
  };
  setTimeout(save, 3000).unref();
  process.once('exit', save);
}
