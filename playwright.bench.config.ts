import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** UI figures over the M dataset (`npm run bench:ui`): measured on purpose, not in `npm test`. */
export default defineConfig({ ...base, testMatch: '*.bench.ts', timeout: 600_000 });
