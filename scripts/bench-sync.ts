/**
 * Team sync over a real relay (issue budgets: edit visible on another install p95 <= 100 ms on
 * loopback, bootstrap of 100k records < 15 s):
 *   npm run bench:sync [-- --tier S] [--edits 200] [--offline 10000]
 * Spawns the relay (PGlite, port 0) and runs two installs in this process over real HTTP and
 * WebSockets: A creates the team (from a seeded store with --tier), B joins. Prints: an edit on
 * A seen on B's /ws/activity/ and through B's API (p50/p95), A's push throughput, the drain of
 * offline edits after the relay comes back, and a third install's bootstrap (records/s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnRelay, type RelayProcess } from '../tests/helpers/relay-process';
import { eventually, startInstall, type Install } from '../tests/helpers/team-installs';
import { TestSocket } from '../tests/helpers/ws-client';

const { values } = parseArgs({
  options: {
    tier: { type: 'string' },
    edits: { type: 'string', default: '200' },
    offline: { type: 'string', default: '10000' },
    records: { type: 'string', default: '20000' },
  },
});
const SEEDED_ADMIN = { email: 'admin@example.com', password: 'admin-password-1', username: 'admin' };
const OWNER = { email: 'owner@bench.test', password: 'owner-password-1', username: 'owner' };
const dirs: string[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), name));
  dirs.push(d);
  return d;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rate = (n: number, elapsed: number) => `${Math.round(n / (elapsed / 1000)).toLocaleString('en-US')}/s`;
const status = (i: Install) => i.api('GET', '/api/v1/sync/status/').then((r) => r.body);

async function joinTeam(relay: RelayProcess, a: Install, email: string): Promise<{ install: Install; ms: number }> {
  const invite = await a.api('POST', '/api/v1/sync/invites/', { email, role: 'manager' });
  const install = await startInstall({ dataDir: tmp('crm-bench-join-') });
  const t0 = performance.now();
  const joined = await install.api('POST', '/api/v1/sync/join/', { relay_url: relay.url, invite_code: invite.body.code, email, password: 'member-password-1' });
  if (joined.status !== 201) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
  install.token = joined.body.access;
  await eventually(
    () => status(install),
    (s) => s.state === 'connected' && s.bootstrap === null,
    'bootstrap done',
    600_000,
  );
  return { install, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const relayDir = tmp('crm-bench-relay-');
  const relay = await spawnRelay(relayDir);
  const dirA = tmp('crm-bench-a-');
  let admin = OWNER;
  if (values.tier) {
    const t0 = performance.now();
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--data-dir', dirA, '--tier', values.tier], { stdio: 'ignore' });
    if (seeded.status !== 0) throw new Error('seeding failed');
    console.log(`seeded tier ${values.tier} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    admin = SEEDED_ADMIN;
  }
  const a = await startInstall({ dataDir: dirA, admin });
  if (!values.tier) {
    const records = a.server.engine.records;
    const n = Number(values.records);
    for (let s = 0; s < n; s += 1000)
      records.transaction(() => {
        for (let i = s; i < Math.min(n, s + 1000); i++)
          records.create(
            'lead',
            { email: `l${i}@bench.test`, first_name: `Lead${i}`, company_name: `Co ${i % 500}`, status: 'new', tags: ['bench'] },
            { actor: null, origin: 'api' },
          );
      });
  }
  const total = a.server.engine.records.outbox.pendingCount();
  let t0 = performance.now();
  const created = await a.api('POST', '/api/v1/sync/team/', { relay_url: relay.url, team_name: 'Bench', email: admin.email, password: admin.password });
  if (created.status !== 201) throw new Error(`team: ${JSON.stringify(created.body)}`);
  await eventually(
    () => status(a),
    (s) => s.state === 'connected' && s.pending === 0,
    'A pushed its store',
    900_000,
  );
  const pushMs = performance.now() - t0;
  console.log(`push of A's store to the relay: ${total.toLocaleString('en-US')} records in ${(pushMs / 1000).toFixed(1)} s (${rate(total, pushMs)})`);

  const { install: b, ms: bootMs } = await joinTeam(relay, a, 'b@bench.test');
  console.log(`bootstrap of install B (join to caught up): ${(bootMs / 1000).toFixed(1)} s, ${rate(total, bootMs)} (budget 100k in < 15 s, 6,667/s)`);

  const lead = await a.api('POST', '/api/v1/leads/', { email: 'latency@bench.test', lead_score: 0 });
  await eventually(
    () => b.api('GET', `/api/v1/leads/${lead.body.id}/`),
    (r) => r.status === 200,
    'lead on B',
  );
  const socket = await TestSocket.connect(b.server.url, '/ws/activity/', b.token);
  const viaWs: number[] = [];
  const viaApi: number[] = [];
  for (let k = 1; k <= Number(values.edits); k++) {
    const start = performance.now();
    await a.api('PATCH', `/api/v1/leads/${lead.body.id}/`, { lead_score: k % 100, notes: `edit ${k}` });
    await socket.next((m) => m.id === lead.body.id && m.type !== 'sync_status', 10_000);
    viaWs.push(performance.now() - start);
    await eventually(
      () => b.api('GET', `/api/v1/leads/${lead.body.id}/`).then((r) => r.body.notes),
      (n) => n === `edit ${k}`,
      'edit via API',
    );
    viaApi.push(performance.now() - start);
  }
  socket.ws.close();
  console.log(
    `edit on A seen on B's /ws/activity/: p50 ${ms(pct(viaWs, 50))}, p95 ${ms(pct(viaWs, 95))} (budget p95 <= 100 ms); through B's API: p50 ${ms(pct(viaApi, 50))}, p95 ${ms(pct(viaApi, 95))}`,
  );

  const port = Number(new URL(relay.url).port);
  await relay.crash();
  await eventually(
    () => status(a),
    (s) => s.state !== 'connected',
    'A offline',
  );
  const offline = Number(values.offline);
  const ids = (await a.api('GET', '/api/v1/leads/?page_size=100')).body.results.map((r: { id: string }) => r.id);
  const records = a.server.engine.records;
  for (let s = 0; s < offline; s += 500)
    records.transaction(() => {
      for (let k = s; k < Math.min(offline, s + 500); k++) records.update('lead', ids[k % ids.length], { lead_score: k % 100 }, { actor: null, origin: 'api' });
    });
  const waiting = (await status(a)).pending;
  const back = await spawnRelay(relayDir, port);
  t0 = performance.now();
  await eventually(
    () => status(a),
    (s) => s.state === 'connected' && s.pending === 0,
    'A drained',
    600_000,
  );
  const drainMs = performance.now() - t0;
  const lastId = ids[(offline - 1) % ids.length];
  await eventually(
    () => b.api('GET', `/api/v1/leads/${lastId}/`).then((r) => r.body.lead_score),
    (v) => v === (offline - 1) % 100,
    'B has the last offline edit',
    600_000,
  );
  console.log(
    `${offline.toLocaleString('en-US')} offline edits (${waiting} outbox rows): drained in ${(drainMs / 1000).toFixed(1)} s after the relay came back; on B after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`heap of the bench process (both installs): ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
  await b.stop();
  await a.stop();
  await back.stop();
}

main()
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
