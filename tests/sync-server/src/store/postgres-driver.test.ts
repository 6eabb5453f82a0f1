import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresRelayStore } from '../../../../sync-server/src/store/postgres-driver';
import type { RelayStore } from '../../../../sync-server/src/store/relay-store';
import { silentLogger } from '../../../../sync-server/src/core/relay-logger';
import { startRelay } from '../../../../sync-server/src/relay-server';
import { fieldsOf, recordUpdate } from '../../../helpers/relay-fixtures';
import { RelayWsClient } from '../../../helpers/relay-process';
import { startPostgres, type PostgresServer } from '../../../helpers/postgres-server';

let server: PostgresServer;
let one: RelayStore;
let two: RelayStore;

beforeAll(async () => {
  server = await startPostgres();
  one = await openPostgresRelayStore(server.url);
  two = await openPostgresRelayStore(server.url); // a second relay instance on the same database
  await one.identity.createAccount({ id: 'acc-1', email: 'ada@north.test', password_hash: 'x', display_name: 'Ada' });
  await one.identity.createTeam('team-1', 'North', 'acc-1');
}, 120_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
  await server?.stop();
});

const env = (clientSeq: number, recordId = `r-${clientSeq}`) => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer: 'acc-1',
  client_seq: clientSeq,
  update: recordUpdate({ n: String(clientSeq) }),
});

describe('the same SQL on PostgreSQL', () => {
  it('hands out gap-free, commit-ordered seqs to concurrent appends from two relay instances', async () => {
    const jobs = [];
    for (let d = 0; d < 8; d++) {
      const store = d % 2 === 0 ? one : two;
      jobs.push(
        (async () => {
          for (let i = 1; i <= 10; i++)
            await store.updates.append(
              'team-1',
              `dev-${d}`,
              [env(i, `d${d}-${i}`), env(i + 1000, `d${d}-${i}b`)].map((e, k) => ({ ...e, client_seq: i * 2 + k })),
            );
        })(),
      );
    }
    await Promise.all(jobs);
    const rows = await one.updates.since('team-1', 0, 1000);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
    expect(await two.updates.headSeq('team-1')).toBe(160);
  });

  it('acks a resend with the stored seq, bootstraps and compacts with the same statements as PGlite', async () => {
    const busy1 = env(1, 'busy');
    const first = await one.updates.append('team-1', 'dev-z', [busy1]);
    const again = await two.updates.append('team-1', 'dev-z', [busy1, env(2, 'busy')]);
    expect(again.results.map((r) => [r.seq, r.duplicate])).toEqual([
      [first.results[0].seq, true],
      [first.results[0].seq + 1, false],
    ]);
    for (let i = 3; i < 25; i++)
      await one.updates.append('team-1', 'dev-z', [{ ...env(i, 'busy'), update: recordUpdate({ [`f${i % 4}`]: String(i) }, 900 + i) }]);
    expect(await two.updates.compact(16, 10, 512 * 1024)).toBe(1);
    const page = await one.updates.bootstrapPage('team-1', null, 900 * 1024);
    expect(page.done).toBe(true);
    expect(page.records.length).toBe(await one.updates.countRecords('team-1', page.cursor.upto_seq));
    const busy = page.records.find((r) => r.record_id === 'busy')!;
    expect(fieldsOf([busy.update])).toMatchObject({ f0: '24', f1: '21', f2: '22', f3: '23' });
    expect(await one.sizeBytes()).toBeGreaterThan(0);
  });

  it('keeps invites one-time across instances', async () => {
    await one.identity.createAccount({ id: 'acc-2', email: 'rex@north.test', password_hash: 'x', display_name: 'Rex' });
    await one.identity.createInvite({
      code_hash: 'h1',
      team_id: 'team-1',
      email: 'rex@north.test',
      role: 'sales_rep',
      created_by: 'acc-1',
      expires_at: new Date(Date.now() + 60_000),
      account_id: null,
    });
    const results = await Promise.all([one.identity.consumeInvite('h1', 'acc-2', new Date()), two.identity.consumeInvite('h1', 'acc-2', new Date())]);
    expect(results.filter((r) => typeof r === 'object')).toHaveLength(1);
    expect(results.filter((r) => r === 'used')).toHaveLength(1);
  });

  it('runs the whole relay on PostgreSQL (--database-url): team, socket, push, ack', async () => {
    const relay = await startRelay({ databaseUrl: server.url, port: 0, log: silentLogger });
    try {
      const res = await fetch(`${relay.url}/v1/teams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ team_name: 'On Postgres', email: 'pg@north.test', password: 'password-1234', device_id: 'pg-1' }),
      });
      const pair = (await res.json()) as { access_token: string; account_id: string };
      const c = await RelayWsClient.connect(relay.url, pair.access_token, 'pg-1');
      c.send({ type: 'push', envelopes: [{ ...env(1, 'pg-rec'), writer: pair.account_id }] });
      await c.until(() => c.of('ack').length > 0, 'ack');
      expect(c.of('ack')[0].acks).toEqual([{ client_seq: 1, seq: 1 }]);
      c.close();
    } finally {
      await relay.stop();
    }
  });
});
