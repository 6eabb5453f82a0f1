import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateEnvelope } from '../../../src/shared/sync/sync-protocol';
import { silentLogger } from '../../../sync-server/src/core/relay-logger';
import { startRelay, type RunningRelay } from '../../../sync-server/src/relay-server';
import { openPostgresDriver } from '../../../sync-server/src/store/postgres-driver';
import { openRelayStore } from '../../../sync-server/src/store/relay-store';
import { recordUpdate } from '../../helpers/relay-fixtures';
import { RelayWsClient } from '../../helpers/relay-process';
import { startPostgres, type PostgresServer } from '../../helpers/postgres-server';

/** Two relay instances (in this process) on one real PostgreSQL: fan-out between them. */
let server: PostgresServer;
let r1: RunningRelay;
let r2: RunningRelay;
let ada: { access_token: string; account_id: string; team_id: string };
let rex: { access_token: string; account_id: string };
const clients: RelayWsClient[] = [];
const PASSWORD = 'password-1234';

async function post<T = any>(relay: RunningRelay, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${relay.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return res.json() as Promise<T>;
}

const health = async (relay: RunningRelay) => ((await (await fetch(`${relay.url}/healthz`)).json()) as { status: string }).status;
const env = (writer: string, clientSeq: number, recordId: string): UpdateEnvelope => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer,
  client_seq: clientSeq,
  update: recordUpdate({ name: recordId }),
});
/** Every seq a client received in `updates` frames, catch-up and live. */
const seqsOf = (c: RelayWsClient) => c.of('updates').flatMap((f) => f.updates.map((u) => u.seq));

beforeAll(async () => {
  server = await startPostgres();
  r1 = await startRelay({ databaseUrl: server.url, port: 0, log: silentLogger, pollMs: 300 });
  r2 = await startRelay({ databaseUrl: server.url, port: 0, log: silentLogger, pollMs: 300 });
  ada = await post(r1, '/v1/teams', { team_name: 'North', email: 'ada@north.test', password: PASSWORD, device_id: 'ada-1' });
  const invite = await post(r1, '/v1/invites', { email: 'rex@north.test', role: 'sales_rep' }, ada.access_token);
  rex = await post(r2, '/v1/join', { invite_code: invite.code, email: 'rex@north.test', password: PASSWORD, device_id: 'rex-1' });
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await r1?.stop();
  await r2?.stop();
  await server?.stop();
});

async function connect(relay: RunningRelay, token: string, device: string) {
  const c = await RelayWsClient.connect(relay.url, token, device);
  clients.push(c);
  await c.catchUp(0);
  return c;
}

describe('two relay instances on one PostgreSQL', () => {
  it('a push on one instance reaches a connection on the other live, both ways, without a gap', async () => {
    const a = await connect(r1, ada.access_token, 'ada-1');
    const r = await connect(r2, rex.access_token, 'rex-1');
    a.send({ type: 'push', envelopes: [env(ada.account_id, 1, 'lead-a')] });
    await r.until(() => r.of('updates').some((f) => f.source === 'live' && f.updates.some((u) => u.record_id === 'lead-a')), "Ada's push live on instance 2");
    r.send({ type: 'push', envelopes: [env(rex.account_id, 1, 'lead-r')] });
    await a.until(() => a.of('updates').some((f) => f.source === 'live' && f.updates.some((u) => u.record_id === 'lead-r')), "Rex's push live on instance 1");

    // Both push at once: each instance's feed interleaves its own commits with the other's.
    for (let i = 2; i <= 31; i++) {
      a.send({ type: 'push', envelopes: [env(ada.account_id, i, `a-${i}`)] });
      r.send({ type: 'push', envelopes: [env(rex.account_id, i, `r-${i}`)] });
    }
    await a.until(() => a.of('ack').length === 31, "Ada's acks");
    await r.until(() => r.of('ack').length === 31, "Rex's acks");
    const mine = (c: RelayWsClient) => c.of('ack').flatMap((f) => f.acks.map((x) => x.seq));
    // Each sees every seq exactly once: its own (acked) and the other's (delivered), no gap.
    const head = await r1.store.updates.headSeq(ada.team_id);
    const all = Array.from({ length: head }, (_, i) => i + 1);
    await a.until(() => seqsOf(a).length + mine(a).length === head, 'everything at Ada');
    await r.until(() => seqsOf(r).length + mine(r).length === head, 'everything at Rex');
    expect([...seqsOf(a), ...mine(a)].sort((x, y) => x - y)).toEqual(all);
    expect([...seqsOf(r), ...mine(r)].sort((x, y) => x - y)).toEqual(all);
  }, 60_000);

  it('a commit whose notification never came is read by seq all the same (the poll)', async () => {
    const r = clients[1];
    // A writer that does not NOTIFY: as if the notification were lost.
    const silent = await openRelayStore(openPostgresDriver(server.url));
    try {
      const { results } = await silent.updates.append(ada.team_id, 'ada-2', [env(ada.account_id, 1, 'lead-quiet')]);
      await r.until(() => seqsOf(r).includes(results[0].seq), 'the unnotified commit at Rex', 10_000);
    } finally {
      await silent.close();
    }
  }, 30_000);

  it('after a PostgreSQL restart both instances report degraded, reconnect by themselves and fan out again', async () => {
    expect(await health(r1)).toBe('ok');
    let sawDegraded = false;
    const restarting = server.restart();
    const watch = (async () => {
      while (!sawDegraded) {
        sawDegraded = (await health(r2)) === 'degraded';
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    await restarting;
    await Promise.race([watch, new Promise((res) => setTimeout(res, 15_000))]);
    expect(sawDegraded).toBe(true);
    for (const relay of [r1, r2]) {
      const until = Date.now() + 20_000;
      while ((await health(relay)) !== 'ok' && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
      expect(await health(relay)).toBe('ok');
    }
    // The sockets survived or were closed with 1012; a client that reconnects resumes by seq.
    const a = await connect(r1, (await post(r1, '/v1/token', { email: 'ada@north.test', password: PASSWORD, device_id: 'ada-1' })).access_token, 'ada-1');
    const r = await connect(r2, (await post(r2, '/v1/token', { email: 'rex@north.test', password: PASSWORD, device_id: 'rex-1' })).access_token, 'rex-1');
    a.send({ type: 'push', envelopes: [env(ada.account_id, 100, 'after-restart')] });
    await r.until(
      () => r.of('updates').some((f) => f.source === 'live' && f.updates.some((u) => u.record_id === 'after-restart')),
      'a push after the restart live on instance 2',
      15_000,
    );
  }, 90_000);
});
