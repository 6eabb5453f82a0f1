import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../../helpers/postgres-server';
import { spawnRelay, type RelayProcess } from '../../../helpers/relay-process';
import { eventually, removeDir, startInstall, type Install } from '../../../helpers/team-installs';

/**
 * Scale-out end to end: a throwaway PostgreSQL, two relay processes on it, and two headless
 * installs. A is given both instances and fails over; B knows only instance 2.
 */
const OWNER = { email: 'owner@scale.test', password: 'owner-password-1', username: 'owner' };
const REP = { email: 'rep@scale.test', password: 'rep-password-12' };

let pgServer: PostgresServer;
let r1: RelayProcess;
let r2: RelayProcess;
let a: Install;
let b: Install;

const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);
/** Every lead on an install, as `id name status` lines: the record sets to compare. */
async function leadSet(i: Install): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await i.api('GET', `/api/v1/leads/?page_size=100&page=${page}&ordering=created_at`);
    out.push(...res.body.results.map((l: { id: string; first_name: string; status: string }) => `${l.id} ${l.first_name} ${l.status}`));
    if (!res.body.next) return out.sort();
  }
}

beforeAll(async () => {
  pgServer = await startPostgres();
  r1 = await spawnRelay({ databaseUrl: pgServer.url });
  r2 = await spawnRelay({ databaseUrl: pgServer.url });
  a = await startInstall({ admin: OWNER });
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await r1?.stop();
  await r2?.stop();
  await pgServer?.stop();
  for (const dir of [a?.dataDir, b?.dataDir]) if (dir) removeDir(dir);
});

describe('an install failing over between relay instances on one PostgreSQL', () => {
  it("an install on instance 1 and one on instance 2 see each other's edits", async () => {
    expect((await a.api('POST', '/api/v1/sync/team/', { relay_url: r1.url, team_name: 'Scale', email: OWNER.email, password: OWNER.password })).status).toBe(
      201,
    );
    await eventually(
      () => status(a),
      (s) => s.state === 'connected',
      'A connected to instance 1',
    );
    const invite = await a.api('POST', '/api/v1/sync/invites/', { email: REP.email, role: 'sales_rep' });
    b = await startInstall();
    const joined = await b.api('POST', '/api/v1/sync/join/', { relay_url: r2.url, invite_code: invite.body.code, ...REP });
    expect(joined.status).toBe(201);
    b.token = joined.body.access;
    await eventually(
      () => status(b),
      (s) => s.state === 'connected',
      'B connected to instance 2',
    );

    const fromA = await a.api('POST', '/api/v1/leads/', { email: 'a@scale.test', first_name: 'FromA' });
    await eventually(
      () => b.api('GET', `/api/v1/leads/${fromA.body.id}/`),
      (r) => r.status === 200,
      "A's lead on B",
    );
    const fromB = await b.api('POST', '/api/v1/leads/', { email: 'b@scale.test', first_name: 'FromB' });
    await eventually(
      () => a.api('GET', `/api/v1/leads/${fromB.body.id}/`),
      (r) => r.status === 200,
      "B's lead on A",
    );
  }, 90_000);

  it('keeps a list of relay instances, refusing bad ones with typed 400s', async () => {
    expect((await a.api('GET', '/api/v1/sync/relay/')).body).toEqual({ relay_urls: [r1.url], current: r1.url });
    const bad = async (body: unknown, field: string) => {
      const res = await a.api('PUT', '/api/v1/sync/relay/', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body)).toContain(field);
    };
    await bad({ relay_urls: [] }, 'relay_urls');
    await bad({ relay_urls: Array.from({ length: 9 }, (_, i) => `https://r${i}.example.com`) }, 'relay_urls');
    await bad({ relay_urls: 'https://r.example.com' }, 'relay_urls');
    await bad({ relay_urls: [r1.url, 'ftp://r.example.com'] }, 'relay_urls.1');
    await bad({ relay_urls: ['https://user:secret@r.example.com'] }, 'relay_urls.0');
    await bad({ relay_urls: ['not a url'] }, 'relay_urls.0');
    await bad({ relay_urls: [r1.url, `${r1.url}/`] }, 'relay_urls.1');
    await bad({ relay_urls: [r1.url], extra: 1 }, 'extra');
    expect((await a.api('GET', '/api/v1/sync/relay/')).body.relay_urls).toEqual([r1.url]);

    const ws2 = r2.url.replace('http', 'ws');
    const saved = await a.api('PUT', '/api/v1/sync/relay/', { relay_urls: [r1.url, `${ws2}/`] });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ relay_urls: [r1.url, r2.url], current: r1.url });
    expect((await status(a)).state).toBe('connected'); // the address in use stayed in the list
  });

  it('instance 1 killed mid-stream: A resumes on instance 2 with nothing lost', async () => {
    const created: string[] = [];
    let killed = false;
    for (let i = 0; i < 60; i++) {
      const res = await a.api('POST', '/api/v1/leads/', { email: `s${i}@scale.test`, first_name: `Stream${i}` });
      expect(res.status).toBe(201);
      created.push(res.body.id);
      if (i % 3 === 0) await b.api('POST', '/api/v1/leads/', { email: `b${i}@scale.test`, first_name: `BStream${i}` });
      if (i === 20) {
        await r1.crash();
        killed = true;
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(killed).toBe(true);
    await eventually(
      () => status(a),
      (s) => s.state === 'connected' && s.team.relay_url === r2.url && s.pending === 0,
      'A on instance 2 with its outbox sent',
      30_000,
    );
    await eventually(
      () => status(b),
      (s) => s.pending === 0,
      "B's outbox sent",
    );
    const [onA, onB] = await Promise.all([
      eventually(
        () => leadSet(a),
        (set) => set.length === created.length + 2 + 20,
        'every lead on A',
        30_000,
      ),
      eventually(
        () => leadSet(b),
        (set) => set.length === created.length + 2 + 20,
        'every lead on B',
        30_000,
      ),
    ]);
    expect(onA).toEqual(onB);
    for (const id of created) expect(onB.some((line) => line.startsWith(`${id} `))).toBe(true);
    expect((await a.api('GET', '/api/v1/sync/relay/')).body.current).toBe(r2.url);
  }, 120_000);

  it('PostgreSQL restarted: the relay reconnects by itself and sync resumes', async () => {
    await pgServer.restart();
    const health = async () => (await r2.http('GET', '/healthz')).body.status;
    await eventually(health, (s) => s === 'ok', 'instance 2 healthy again', 30_000);
    const fromB = await b.api('POST', '/api/v1/leads/', { email: 'after@scale.test', first_name: 'AfterRestart' });
    await eventually(
      () => a.api('GET', `/api/v1/leads/${fromB.body.id}/`),
      (r) => r.status === 200,
      "B's lead on A after the restart",
      60_000,
    );
    const fromA = await a.api('POST', '/api/v1/leads/', { email: 'after-a@scale.test', first_name: 'AfterRestartA' });
    await eventually(
      () => b.api('GET', `/api/v1/leads/${fromA.body.id}/`),
      (r) => r.status === 200,
      "A's lead on B after the restart",
      60_000,
    );
    expect(await leadSet(a)).toEqual(await leadSet(b));
  }, 120_000);
});
