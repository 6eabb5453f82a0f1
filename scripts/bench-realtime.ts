/**
 * Real-time delivery benchmark (issue 5):
 *   npx tsx scripts/bench-realtime.ts [--clients 200] [--changes 1000] [--concurrency 16]
 * Starts the headless server as a child process on a fresh store, connects real WebSocket
 * clients over loopback (most on /ws/activity/, some reps on /ws/notifications/), fires a
 * burst of record writes over the HTTP API, and prints commit-to-delivery latency (the
 * change's `at`, stamped in the write, to the client's receipt) and whether any client
 * missed or reordered a message. Target: p95 <= 50 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createEngine } from '../src/main/app/create-engine';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-password-1', username: 'benchadmin' };
const SYSTEM = { actor: null, origin: 'system' as const };

/** Users and their API tokens, made in the store before the server starts (sign-in is rate limited). */
async function seedUsers(dataDir: string, reps: number): Promise<{ admin: string; reps: { id: string; token: string }[] }> {
  const engine = createEngine({ dataDir });
  try {
    const admin = await engine.auth.createUser({ username: ADMIN.username, email: ADMIN.email, password: ADMIN.password, role: 'admin' }, SYSTEM);
    const token = (id: unknown) => String(engine.auth.createApiToken(String(id), { name: 'bench' }).token);
    const out = [];
    for (let i = 0; i < reps; i++) {
      const rep = await engine.auth.createUser({ username: `rep${i}`, email: `rep${i}@bench.test`, password: `rep${i}-password-1` }, SYSTEM);
      out.push({ id: String(rep.id), token: token(rep.id) });
    }
    return { admin: token(admin.id), reps: out };
  } finally {
    engine.close();
  }
}

const { values } = parseArgs({
  options: { clients: { type: 'string' }, changes: { type: 'string' }, concurrency: { type: 'string' }, reps: { type: 'string' } },
});
const CLIENTS = Number(values.clients ?? 200);
const CHANGES = Number(values.changes ?? 1000);
const CONCURRENCY = Number(values.concurrency ?? 16);
const REPS = Number(values.reps ?? 20);

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'main', 'headless.ts'), '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const m = /CRM API listening on (http:\/\/\S+)/.exec(output);
      if (m) done({ child, url: m[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function api(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = res.status === 204 ? null : await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface Client {
  ws: WebSocket;
  kind: 'activity' | 'notifications';
  startSeq: number;
  seqs: number[];
  latencies: number[];
}

function connect(url: string, path: string, token: string, kind: Client['kind']): Promise<Client> {
  return new Promise((done, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + path);
    const client: Client = { ws, kind, startSeq: 0, seqs: [], latencies: [] };
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'authenticate', token })));
    ws.on('message', (data) => {
      const received = Date.now();
      const m = JSON.parse(String(data));
      if (m.type === 'connection_established') {
        client.startSeq = m.seq;
        done(client);
      } else if (m.type === 'notification') {
        client.seqs.push(m.seq);
        client.latencies.push(received - Date.parse(m.notification.created_at));
      } else if (m.type !== 'error' && m.type !== 'pong') {
        client.seqs.push(m.seq);
        client.latencies.push(received - Date.parse(m.at));
      }
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-rt-'));
  const { admin, reps } = await seedUsers(dataDir, REPS);
  const server = await startServer(dataDir);
  try {
    const clients: Client[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      clients.push(
        i < REPS
          ? await connect(server.url, '/ws/notifications/', reps[i].token, 'notifications')
          : await connect(server.url, '/ws/activity/', admin, 'activity'),
      );
    }
    console.log(
      `${clients.length} clients connected (${REPS} on /ws/notifications/, ${CLIENTS - REPS} on /ws/activity/); ${CHANGES} writes over HTTP, ${CONCURRENCY} at a time`,
    );

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CHANGES) {
          const i = next++;
          await api(server.url, 'POST', '/api/v1/leads/', admin, { email: `burst${i}@bench.test`, first_name: `Lead ${i}`, assigned_to: reps[i % REPS].id });
        }
      }),
    );
    const writeMs = performance.now() - started;

    const expected = (c: Client) => (c.kind === 'activity' ? CHANGES : Math.ceil((CHANGES - clients.indexOf(c)) / REPS));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && clients.some((c) => c.seqs.length < expected(c))) await new Promise((r) => setTimeout(r, 20));

    let missing = 0;
    let disorder = 0;
    for (const c of clients) {
      missing += Math.max(0, expected(c) - c.seqs.length);
      c.seqs.forEach((s, i) => {
        if (s !== c.startSeq + i + 1) disorder++;
      });
    }
    const report = (label: string, list: Client[]) => {
      const all = list.flatMap((c) => c.latencies).sort((a, b) => a - b);
      if (all.length === 0) return;
      console.log(
        `  ${label.padEnd(34)} messages ${String(all.length).padStart(7)}   p50 ${percentile(all, 50)} ms   p95 ${percentile(all, 95)} ms   p99 ${percentile(all, 99)} ms   max ${all[all.length - 1]} ms`,
      );
    };
    console.log(`burst written in ${writeMs.toFixed(0)} ms (${((CHANGES / writeMs) * 1000).toFixed(0)} writes/s)`);
    report(
      'commit -> delivery, /ws/activity/',
      clients.filter((c) => c.kind === 'activity'),
    );
    report(
      'commit -> delivery, /ws/notifications/',
      clients.filter((c) => c.kind === 'notifications'),
    );
    const p95 = percentile(
      clients.flatMap((c) => c.latencies).sort((a, b) => a - b),
      95,
    );
    console.log(
      `  all clients: p95 ${p95} ms (target <= 50 ms: ${p95 <= 50 ? 'ok' : 'OVER'}); missed ${missing}, out of sequence ${disorder} -> ${missing === 0 && disorder === 0 ? 'no client missed a message' : 'LOSS'}`,
    );
    for (const c of clients) c.ws.terminate();
    if (missing || disorder) process.exitCode = 1;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('bench-realtime:', e instanceof Error ? e.message : e);
  process.exit(2);
});
