import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // One CommonJS bundle with the packages it uses, run by the launcher with V8's code cache
      // (src/main/desktop-launcher.ts): loading ~1 MB of our code plus fastify, ajv, yjs... from
      // node_modules file by file and compiling it all again at every start cost ~0.5 s. Only
      // better-sqlite3 (native) and world-atlas (data read at run time) load from node_modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts'), launcher: resolve(root, 'src/main/desktop-launcher.ts') },
        external: ['electron', 'better-sqlite3', 'world-atlas', /^node:/],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules; `.cjs` keeps Node from reading the
        // file as ESM under the package's "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    // Relative asset URLs: the same bundle is served at / by the local server.
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
