import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzz, serverErrorCount } from '../../../scripts/fuzz/api-fuzzer';
import { prepareTarget } from '../../../scripts/fuzz/fixtures';
import { ADMIN, startTestServer, type TestServer } from '../../helpers/test-server';

/**
 * A bounded run of the API fuzzer (`npm run fuzz` sends 30,000+ bodies): mutated bodies on
 * every write route and query probes on every GET route of a real server, none answered 5xx.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('API fuzzer, bounded', () => {
  it('answers 1,200 mutated bodies and 200 query probes without a 5xx', async () => {
    const target = await prepareTarget(t.url, ADMIN);
    const report = await runFuzz(target, { bodies: 1200, probes: 200, seed: 7, concurrency: 4 });
    expect(report.serverErrors).toEqual([]);
    expect(serverErrorCount(report)).toBe(0);
    expect(report.bodies).toBe(1200);
    expect(report.probes).toBe(200);
    // The run reached handlers, not only the refusals of the contract's schemas: found,
    // created, not found (a real route, a mutated id) and conflict are handlers' answers.
    const byHandlers = ['200', '201', '404', '409'].reduce((n, s) => n + (report.byStatus[s] ?? 0), 0);
    expect(byHandlers).toBeGreaterThan(30);
    expect(report.byStatus['400'] ?? 0).toBeGreaterThan(200);
    // The server is still serving the owner afterwards.
    expect((await t.request('GET', '/api/v1/auth/me/')).status).toBe(200);
  }, 180_000);
});
