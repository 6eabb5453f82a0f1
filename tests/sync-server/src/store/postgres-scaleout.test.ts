import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMIT_CHANNEL, openPostgresRelayStore } from '../../../../sync-server/src/store/postgres-driver';
import type { RelayStore } from '../../../../sync-server/src/store/relay-store';
import { recordUpdate } from '../../../helpers/relay-fixtures';
import { startPostgres, type PostgresServer } from '../../../helpers/postgres-server';

/** The store's part of scale-out, on a real PostgreSQL with two relay instances' stores. */
let server: PostgresServer;
let one: RelayStore;
let two: RelayStore;

beforeAll(async () => {
  server = await startPostgres();
  one = await openPostgresRelayStore(server.url);
  two = await openPostgresRelayStore(server.url);
  await one.identity.createAccount({ id: 'acc-1', email: 'ada@north.test', password_hash: 'x', display_name: 'Ada' });
  await one.identity.createTeam('team-s', 'Scale', 'acc-1');
}, 120_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
  await server?.stop();
});

const env = (clientSeq: number, recordId: string, fields: Record<string, string> = { n: String(clientSeq) }) => ({
  record_id: recordId,
  entity: 'lead',
  schema_version: 2,
  writer: 'acc-1',
  client_seq: clientSeq,
  update: recordUpdate(fields),
});

describe('seqs under concurrent writers on two instances', () => {
  it('a reader polling by cursor never skips a seq it later sees', async () => {
    const start = await one.updates.headSeq('team-s');
    const writers = Array.from({ length: 6 }, (_, d) =>
      (async () => {
        const store = d % 2 === 0 ? one : two;
        for (let i = 1; i <= 15; i++) {
          const n = 1 + ((d + i) % 3); // pushes of 1-3 updates: transactions of different lengths
          await store.updates.append(
            'team-s',
            `w-${d}`,
            Array.from({ length: n }, (_, k) => env(i * 10 + k, `w${d}-${i}-${k}`)),
          );
        }
      })(),
    );
    let done = false;
    const all = Promise.all(writers).finally(() => {
      done = true;
    });
    // The reader does what a relay does for a live connection: read after its cursor, move the
    // cursor to the last row read. A seq that committed later than a higher one would be skipped.
    let cursor = start;
    const seen: number[] = [];
    const gaps: string[] = [];
    const readOnce = async () => {
      const rows = await (seen.length % 2 === 0 ? one : two).updates.since('team-s', cursor, 1000);
      rows.forEach((r, i) => {
        const expected = (i === 0 ? cursor : rows[i - 1].seq) + 1;
        if (r.seq !== expected) gaps.push(`${expected} missing before ${r.seq}`);
      });
      for (const r of rows) seen.push(r.seq);
      if (rows.length > 0) cursor = rows[rows.length - 1].seq;
    };
    while (!done) await readOnce();
    await all;
    await readOnce();
    const head = await two.updates.headSeq('team-s');
    expect(gaps).toEqual([]);
    expect(seen).toEqual(Array.from({ length: head - start }, (_, i) => start + i + 1));
    expect(head - start).toBe(6 * 30); // 15 pushes per writer of 1+2+3 updates, five times each
  }, 60_000);
});

describe('fan-out notifications', () => {
  it('an append notifies (team, head seq) on commit, and a rolled-back one does not', async () => {
    const listener = new pg.Client(server.url);
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => {
      if (m.channel === COMMIT_CHANNEL) heard.push(m.payload ?? '');
    });
    await listener.query(`LISTEN ${COMMIT_CHANNEL}`);
    try {
      const { results } = await two.updates.append('team-s', 'dev-n', [env(1, 'n-1'), env(2, 'n-2')]);
      await expect(one.updates.append('no-such-team', 'dev-n', [env(3, 'n-3')])).rejects.toThrow(/unknown team/);
      const until = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([`team-s:${results[1].seq}`]);
    } finally {
      await listener.end();
    }
  });
});

describe('compaction on one instance at a time', () => {
  it('skips the run while another instance holds the compaction lock, then compacts', async () => {
    for (let i = 1; i <= 20; i++) await one.updates.append('team-s', 'dev-c', [env(i, 'busy', { [`f${i % 3}`]: String(i) })]);
    const other = new pg.Client(server.url);
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(hashtext($1))', ['fieldcrm.relay.compaction']);
      expect(await two.updates.compact(16, 10, 512 * 1024)).toBe(0);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', ['fieldcrm.relay.compaction']);
      const [a, b] = await Promise.all([one.updates.compact(16, 10, 512 * 1024), two.updates.compact(16, 10, 512 * 1024)]);
      expect(a + b).toBe(1);
      const rows = (await one.updates.since('team-s', 0, 10_000)).filter((r) => r.record_id === 'busy');
      expect(rows).toHaveLength(1);
    } finally {
      await other.end();
    }
  });
});
