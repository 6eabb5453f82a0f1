/**
 * Where a single write's (or read's) time goes over HTTP (issue 16): starts the built headless
 * entry (unminified: `node scripts/build-headless.mjs --readable`) under `node --cpu-prof` on a copy of a store, runs one client in sequence, stops the
 * server and prints each function's share of the server's CPU samples (self and inclusive).
 *   npm run profile:writes -- --data-dir COPY [--op update|update-new|create|get|search] [--count 1000] [--clients 1] [--top 40]
 *     (--clients N: N connections share the count, each in sequence, as the bench's concurrent figure;
 *     --profile false: no profiler, only the server's CPU per request; --server FILE: another
 *     build's out/headless-readable/main.cjs, to compare with the code before a change)
 *   npm run profile:writes -- --analyze FILE.cpuprofile [--focus NAME]   (a profile taken before;
 *     --focus prints what the functions called NAME spend their time in, one level down)
 * Shares are what to compare: the machine is shared, so absolute times are upper bounds.
 * The profile is kept in COPY/profiles/ for a closer look (Chrome DevTools, speedscope).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SEED_ADMIN } from '../src/main/engines/seed';
import { STORE_FILE } from '../src/main/app/create-engine';
import { Client } from './bench-support/http-client';
import { stopServer } from './bench-support/server-process';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: v } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    op: { type: 'string', default: 'update' },
    count: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'true' },
    server: { type: 'string' },
    top: { type: 'string', default: '40' },
    analyze: { type: 'string' },
    focus: { type: 'string' },
  },
});
const count = Number(v.count);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function start(): Promise<{ child: ReturnType<typeof spawn>; url: string }> {
  const profiler = v.profile === 'false' ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const entry = v.server ? resolve(v.server) : join(ROOT, 'out', 'headless-readable', 'main.cjs');
  const args = [...profiler, entry, '--data-dir', dataDir, '--port', '0'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, CRM_ADMIN_EMAIL: '', CRM_ADMIN_PASSWORD: '' } });
  let out = '';
  const url = await new Promise<string>((done, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /CRM API listening on (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  child.removeAllListeners('exit');
  return { child, url };
}

const leadBody = (i: number) => ({
  first_name: 'Profile',
  last_name: `Lead ${i}`,
  email: `profile.${i}@bench.example`,
  company_name: 'Bench Labs Inc',
  tags: ['bench'],
});

/**
 * The records a run reads or edits. `update` edits 1,000 leads of the store (old documents);
 * `update-new` edits leads it creates first, as the bench does (new documents).
 */
async function targets(client: Client): Promise<{ contacts: string[]; leads: string[] }> {
  const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
  const contacts = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL LIMIT 1000').pluck().all() as string[];
  let leads = db.prepare("SELECT id FROM leads WHERE deleted_at IS NULL AND status NOT IN ('converted', 'lost') LIMIT 1000").pluck().all() as string[];
  db.close();
  if (v.op === 'update-new') {
    leads = [];
    for (let i = 0; i < 500; i++) leads.push((JSON.parse((await client.call('POST', '/api/v1/leads/', leadBody(-1 - i))).body) as { id: string }).id);
  }
  return { contacts, leads };
}

async function drive(client: Client, first: number, step: number, { contacts, leads }: { contacts: string[]; leads: string[] }): Promise<void> {
  const prefixes = ['j', 'jo', 'mar', 'smi', 'm', 'sa', 'kim'];
  for (let i = first; i < count; i += step) {
    // Each pass over the leads writes values that differ from the last pass (an unchanged value is not a write).
    const pass = Math.floor(i / leads.length);
    if (v.op === 'create') await client.call('POST', '/api/v1/leads/', leadBody(i));
    else if (v.op === 'update' || v.op === 'update-new')
      await client.call('PATCH', `/api/v1/leads/${leads[i % leads.length]}/`, { status: pass % 2 ? 'contacted' : 'qualified', lead_score: (i + pass) % 100 });
    else if (v.op === 'get') await client.call('GET', `/api/v1/contacts/${contacts[i % contacts.length]}/`);
    else await client.call('GET', `/api/v1/contacts/?search=${prefixes[i % prefixes.length]}`);
  }
}

/** The process's user + system CPU so far in ms, from /proc (Linux); 0 elsewhere. */
function serverCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function shares(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').slice(-2).join('/');
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const name = n.callFrame.functionName || '(anonymous)';
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
    }
  });
  const top = Number(v.top);
  if (v.focus) return focus(profile, byId, parent, total, v.focus);
  const pct = (x: number) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
  const perRequest = v.analyze ? '' : `, ${(total / count).toFixed(0)} µs of server CPU per request (sign-in included)`;
  console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms${perRequest}`);
  console.log('\nself time:');
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t)}  ${k}`);
  console.log('\ninclusive (by function name):');
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) console.log(`  ${pct(t)}  ${k}`);
}

if (v.analyze) {
  shares(JSON.parse(readFileSync(v.analyze, 'utf8')) as Profile);
  process.exit(0);
}
if (!v['data-dir']) throw new Error('--data-dir COPY is required (a copy of a store: the run writes to it)');
if (!['update', 'update-new', 'create', 'get', 'search'].includes(v.op!)) throw new Error('--op must be update, update-new, create, get or search');
const dataDir = resolve(v['data-dir']!);
const profileDir = join(dataDir, 'profiles');
mkdirSync(profileDir, { recursive: true });
const before = new Set(readdirSync(profileDir));
const { child, url } = await start();
const clients = Array.from({ length: Math.max(1, Number(v.clients)) }, () => new Client(url, { username: SEED_ADMIN.username, password: SEED_ADMIN.password }));
let began = 0;
let cpuMs = 0;
try {
  for (const client of clients) await client.login();
  const records = await targets(clients[0]);
  const cpuBefore = serverCpuMs(child.pid!);
  began = performance.now();
  await Promise.all(clients.map((client, i) => drive(client, i, clients.length, records)));
  cpuMs = serverCpuMs(child.pid!) - cpuBefore;
} finally {
  for (const client of clients) client.close();
  await stopServer(child);
}
const wallMs = performance.now() - began;
if (v.profile === 'false') {
  console.log(`${v.op} x ${count}, ${clients.length} client(s): ${((count / wallMs) * 1000).toFixed(0)} requests/s`);
  console.log(`server CPU (user + system, all threads) ${((1000 * cpuMs) / count).toFixed(0)} µs per request`);
  process.exit(0);
}
// The main thread's profile (thread 0) sorts before the WAL checkpointer worker's.
const file = readdirSync(profileDir)
  .sort()
  .find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
console.log(
  `profile: ${join(profileDir, file)} (${v.op} x ${count}, ${clients.length} client(s), ${((count / wallMs) * 1000).toFixed(0)} requests/s under the profiler)`,
);
// All the server's threads (the fsync and checkpoint threads too), profiler included: compare runs, not machines.
if (cpuMs > 0) console.log(`server CPU (user + system, all threads) ${((1000 * cpuMs) / count).toFixed(0)} µs per request`);
shares(JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile);

/** The callees of every frame named `name` (outermost only), by name, as shares of all busy time. */
function focus(profile: Profile, byId: Map<number, ProfileNode>, parent: Map<number, number>, total: number, name: string): void {
  const under = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const stack: ProfileNode[] = [];
    for (let n: ProfileNode | undefined = byId.get(id); n; n = byId.get(parent.get(n.id) ?? -1)) stack.push(n);
    const at = stack.findLastIndex((n) => n.callFrame.functionName === name);
    if (at < 0) return;
    all += dt;
    const child = at > 0 ? stack[at - 1].callFrame : null;
    const key = child ? `${child.functionName || '(anonymous)'} :${child.lineNumber + 1}` : '(self)';
    under.set(key, (under.get(key) ?? 0) + dt);
  });
  const pct = (x: number) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
  console.log(`${name}: ${pct(all)} of busy time`);
  for (const [k, t] of [...under].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(t)}  ${k}`);
}
