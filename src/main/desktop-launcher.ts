import { app } from 'electron';
import { join } from 'node:path';
import { runWithCodeCache } from './app/code-cache-launch';

/**
 * The desktop app's main entry (`out/main/launcher.cjs`, package.json "main"): starts the main
 * process bundle (index.cjs, beside it) with V8's code cache, kept in the user's app data
 * because a packaged app's own folder is read-only.
 */
runWithCodeCache(join(__dirname, 'index.cjs'), join(app.getPath('userData'), 'code-cache', 'main.v8cache'), module);
