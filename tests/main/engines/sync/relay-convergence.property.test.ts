import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { runRelaySimulation } from '../../../helpers/relay-simulation';

let dir: string;
let relay: RelayProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crm-relay-prop-'));
  // Many teams sign up from one address here: the relay's sign-in limit is raised for the test.
  relay = await spawnRelay(dir, 0, { RELAY_AUTH_PER_MINUTE: '100000' });
}, 60_000);
afterAll(async () => {
  await relay?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync convergence through the real relay (property)', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: installs that disconnect at random converge',
    async (seed) => {
      expect(await runRelaySimulation(relay.url, seed)).toBeNull();
    },
    180_000,
  );
});
