/**
 * Where a single write's (or read's) time goes over HTTP (issue 16): starts the built headless
 * entry (unminified: `node scripts/build-headless.mjs --readable`) under `node --cpu-prof` on a copy of a store, runs one client in sequence, stops the
 * server and prints each function's share of the server's CPU samples (self and inclusive).
 *   npm run profile:writes -- --data-dir COPY [--op update|create|get|search] [--count 1000] [--top 40]
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
  const args = ['--cpu-prof', '--cpu-prof-dir', profileDir, join(ROOT, 'out', 'headless-readable', 'main.cjs'), '--data-dir', dataDir, '--port', '0'];
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

async function drive(client: Client): Promise<void> {
  const body = (i: number) => ({
    first_name: 'Profile',
    last_name: `Lead ${i}`,
    email: `profile.${i}@bench.example`,
    company_name: 'Bench Labs Inc',
    tags: ['bench'],
  });
  const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
  const contacts = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL LIMIT 1000').pluck().all() as string[];
  const leads = db.prepare("SELECT id FROM leads WHERE deleted_at IS NULL AND status NOT IN ('converted', 'lost') LIMIT 1000").pluck().all() as string[];
  db.close();
  const prefixes = ['j', 'jo', 'mar', 'smi', 'm', 'sa', 'kim'];
  for (let i = 0; i < count; i++) {
    if (v.op === 'create') await client.call('POST', '/api/v1/leads/', body(i));
    else if (v.op === 'update')
      await client.call('PATCH', `/api/v1/leads/${leads[i % leads.length]}/`, { status: i % 2 ? 'contacted' : 'qualified', lead_score: i % 100 });
    else if (v.op === 'get') await client.call('GET', `/api/v1/contacts/${contacts[i % contacts.length]}/`);
    else await client.call('GET', `/api/v1/contacts/?search=${prefixes[i % prefixes.length]}`);
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
  console.log(`busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms`);
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
if (!['update', 'create', 'get', 'search'].includes(v.op!)) throw new Error('--op must be update, create, get or search');
const dataDir = resolve(v['data-dir']!);
const profileDir = join(dataDir, 'profiles');
mkdirSync(profileDir, { recursive: true });
const before = new Set(readdirSync(profileDir));
const { child, url } = await start();
const client = new Client(url, { username: SEED_ADMIN.username, password: SEED_ADMIN.password });
try {
  await client.login();
  await drive(client);
} finally {
  client.close();
  await stopServer(child);
}
const file = readdirSync(profileDir).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
console.log(`profile: ${join(profileDir, file)} (${v.op} x ${count})`);
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
