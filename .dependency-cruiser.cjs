/**
 * The layering of DESIGN.md and STYLE.md, checked in `npm test` (`npm run lint:layers`):
 *   shared <- engines (and core, db) <- api <- entry points (app, window, main, headless)
 *   renderer <- shared only;  sync-server <- shared only;  preload <- shared only
 * and an engine is reached only through its index.ts (its one public door).
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-above',
      comment: 'src/shared is the contract: the renderer and the relay import it, so it imports neither the engine nor the UI.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^(src/(main|renderer|preload)|sync-server)/' },
    },
    {
      name: 'engines-below-transport',
      comment: 'Engines (and core, db) never import the HTTP layer, the composition root or the entry points.',
      severity: 'error',
      from: { path: '^src/main/(engines|core|db)/' },
      to: { path: '^src/main/(api|app|window)/|^src/main/(index|headless)\\.ts$' },
    },
    {
      name: 'api-below-entry-points',
      comment: 'The transport is built by the composition root; it does not import it or the entry points.',
      severity: 'error',
      from: { path: '^src/main/api/' },
      to: { path: '^src/main/(app|window)/|^src/main/(index|headless)\\.ts$' },
    },
    {
      name: 'engine-public-door',
      comment: 'Another engine is reached through its index.ts only.',
      severity: 'error',
      from: { path: '^src/main/engines/([^/]+)/' },
      to: { path: '^src/main/engines/([^/]+)/.+', pathNot: ['^src/main/engines/$1/', '^src/main/engines/[^/]+/index\\.ts$'] },
    },
    {
      name: 'renderer-imports-shared-only',
      comment: 'The UI talks HTTP/WS; it imports the shared contract and its own code only.',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^(src/(main|preload)|sync-server)/' },
    },
    {
      name: 'preload-imports-shared-only',
      severity: 'error',
      from: { path: '^src/preload/' },
      to: { path: '^(src/(main|renderer)|sync-server)/' },
    },
    {
      name: 'relay-imports-shared-only',
      comment: 'The relay validates with the same shared code and nothing of the desktop engine.',
      severity: 'error',
      from: { path: '^sync-server/' },
      to: { path: '^src/(main|renderer|preload)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    exclude: { path: '^(out|dist|node_modules)/' },
  },
};
