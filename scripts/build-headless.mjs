/**
 * Builds the headless entry to plain JavaScript in out/headless/, so `npm run serve:built`
 * starts without a TypeScript loader compiling the tree at start-up:
 *   headless.cjs  the entry and the packages it uses, one minified CommonJS bundle
 *   main.cjs      the launcher (src/main/headless-launcher.ts): runs the bundle with V8's code
 *                 cache (kept in headless.v8cache, written on first start), which saves
 *                 compiling it at every start
 * better-sqlite3 stays external (a native module), and so does world-atlas (data read at run time).
 * `--readable` builds the same bundle unminified into out/headless-readable/ instead, so a CPU
 * profile names the project's functions (scripts/profile-writes.ts).
 */
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readable = process.argv.includes('--readable');
const outDir = resolve(root, readable ? 'out/headless-readable' : 'out/headless');

/** Both outputs are one CommonJS file for Node 20. */
const nodeBundle = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', legalComments: 'none', logLevel: 'warning' };

await build({
  ...nodeBundle,
  entryPoints: [resolve(root, 'src/main/headless.ts')],
  outfile: resolve(outDir, 'headless.cjs'),
  minify: !readable,
  keepNames: true,
  sourcemap: true,
  external: ['better-sqlite3', 'world-atlas'],
  // The sources are ES modules; in the CommonJS bundle import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...nodeBundle, entryPoints: [resolve(root, 'src/main/headless-launcher.ts')], outfile: resolve(outDir, 'main.cjs') });
console.log(`built ${outDir}/main.cjs (bundle headless.cjs)`);
