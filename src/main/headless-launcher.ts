import { join } from 'node:path';
import { runWithCodeCache } from './app/code-cache-launch';

/**
 * `out/headless/main.cjs`: starts the built headless bundle (headless.cjs, beside it) with
 * V8's code cache kept beside it too (scripts/build-headless.mjs builds both).
 */
runWithCodeCache(join(__dirname, 'headless.cjs'), join(__dirname, 'headless.v8cache'), module);
