/**
 * Builds the headless entry to plain JavaScript in out/headless/ (one ES module bundle), so
 * `npm run serve:built` starts without a TypeScript loader compiling the tree at start-up.
 * better-sqlite3 stays external (a native module), and so do packages that read files next
 * to their own code at run time.
 */
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [resolve(root, 'src/main/headless.ts')],
  outfile: resolve(root, 'out/headless/headless.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  minify: true,
  keepNames: true,
  external: ['better-sqlite3', 'world-atlas'],
  // Bundled CommonJS packages call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log('built out/headless/headless.mjs');
