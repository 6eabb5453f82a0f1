/**
 * Relay basics:  npm run bench:relay-basics [-- --installs 100 --updates 10000]
 * Spawns the relay (PGlite in a temp dir, port 0), connects N installs over real WebSockets
 * (one team, one device each), and prints: relay memory per connection, commit-to-delivery
 * latency of a live update (p50/p95), push throughput with everyone listening, and bootstrap
 * speed of a new device. Budgets from issue 11: delivery p95 <= 100 ms on loopback,
 * bootstrap 100k records < 15 s (about 6,700 records/s).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DOC_SCHEMA_V2, FIELDS, META, WRITERS, fieldKey, writerKey } from '../src/shared/record-doc/doc-format';
import { decodeRelayFrame, encodeFrame } from '../src/shared/sync/frame-codec';
import { SYNC_PROTOCOL_VERSION, type ClientFrame, type RelayFrame } from '../src/shared/sync/sync-protocol';
import { createAccessTokens, newSecret } from '../sync-server/src/identity/access-tokens';
import { createIdentityService } from '../sync-server/src/identity/identity-service';
import { openPgliteRelayStore } from '../sync-server/src/store/relay-store';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { installs: { type: 'string' }, updates: { type: 'string' } } });
const INSTALLS = Number(values.installs ?? 100);
const UPDATES = Number(values.updates ?? 10_000);

/** Team, account and one access token per device, made before the relay starts (sign-in is rate limited). */
async function seed(dir: string) {
  const store = await openPgliteRelayStore(dir);
  const secret = await store.identity.putSettingIfAbsent('access_token_key', newSecret());
  const tokens = createAccessTokens(new TextEncoder().encode(secret));
  const identity = createIdentityService({ store: store.identity, tokens, now: () => new Date(), onMemberRemoved: () => {} });
  const admin = await identity.createTeam({ team_name: 'Bench', email: 'bench@relay.test', password: 'bench-password-1', device_id: 'dev-0' });
  const out = [];
  for (let i = 0; i < INSTALLS + 1; i++) {
    out.push({ device: `dev-${i}`, token: await tokens.sign({ account_id: admin.account_id, team_id: admin.team_id, device_id: `dev-${i}` }, new Date()) });
  }
  await store.close();
  return { account: admin.account_id, devices: out };
}

class Client {
  frames: RelayFrame[] = [];
  onFrame: (f: RelayFrame) => void = () => {};
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      const r = decodeRelayFrame(new Uint8Array(d));
      if (!r.ok) throw new Error(r.message);
      this.onFrame(r.frame);
    });
  }
  send(f: ClientFrame) {
    this.ws.send(encodeFrame(f));
  }
  next(type: RelayFrame['type']): Promise<RelayFrame> {
    return new Promise((res) => {
      const prev = this.onFrame;
      this.onFrame = (f) => {
        prev(f);
        if (f.type === type) {
          this.onFrame = prev;
          res(f);
        }
      };
    });
  }
}

async function connect(url: string, device: string, token: string): Promise<Client> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/sync`);
  await once(ws, 'open');
  const c = new Client(ws);
  const welcome = c.next('welcome');
  c.send({ type: 'hello', protocol_version: SYNC_PROTOCOL_VERSION, schema_version: 2, device_id: device, access_token: token });
  await welcome;
  const caught = c.next('updates');
  c.send({ type: 'pull', since: 0, limit: 1 });
  await caught;
  return c;
}

/** A new lead's document in the shared record format (schema 2), written by a system writer. */
function update(i: number): Uint8Array {
  const doc = new Y.Doc();
  const writer = writerKey(doc.clientID);
  doc.transact(() => {
    const meta = doc.getMap(META);
    meta.set('e', 'lead');
    meta.set('t', Date.now());
    meta.set('v', DOC_SCHEMA_V2);
    doc.getMap(WRITERS).set(writer, [null]);
    const f = doc.getMap(FIELDS);
    f.set(fieldKey('first_name', writer), [`Lead ${i}`, 0]);
    f.set(fieldKey('email', writer), [`lead${i}@bench.test`, 1]);
    f.set(fieldKey('status', writer), ['new', 2]);
  });
  return Y.encodeStateAsUpdate(doc);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const rss = async (url: string) => Number(/relay_resident_memory_bytes (\d+)/.exec(await (await fetch(`${url}/metrics`)).text())![1]);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const { account, devices } = await seed(dir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', '--data-dir', dir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((res) =>
    child.stdout!.on('data', (d: Buffer) => {
      const m = /(http:\/\/\S+)/.exec(d.toString());
      if (m) res(m[1]);
    }),
  );
  try {
    const before = await rss(url);
    const clients: Client[] = [];
    for (const d of devices.slice(0, INSTALLS)) clients.push(await connect(url, d.device, d.token));
    const after = await rss(url);
    console.log(
      `relay memory: ${(before / 1e6).toFixed(1)} MB idle, ${(after / 1e6).toFixed(1)} MB with ${INSTALLS} installs (${((after - before) / INSTALLS / 1024).toFixed(0)} kB per connection)`,
    );

    const [writer, reader] = [clients[0], clients[INSTALLS - 1]];
    const lat: number[] = [];
    let seqNo = 1;
    for (let i = 0; i < 200; i++) {
      const got = reader.next('updates');
      const t0 = performance.now();
      writer.send({
        type: 'push',
        envelopes: [{ record_id: `lat-${i}`, entity: 'lead', schema_version: 2, writer: account, client_seq: seqNo++, update: update(i) }],
      });
      await got;
      lat.push(performance.now() - t0);
    }
    console.log(
      `live delivery push -> other install (${INSTALLS} listening): p50 ${pct(lat, 50).toFixed(1)} ms, p95 ${pct(lat, 95).toFixed(1)} ms (budget p95 <= 100 ms)`,
    );

    const BATCH = 100;
    let acked = 0;
    const done = new Promise<void>((res) => {
      const prev = writer.onFrame;
      writer.onFrame = (f) => {
        prev(f);
        if (f.type === 'ack') {
          acked += f.acks.length;
          if (acked >= UPDATES) res();
        }
      };
    });
    const t0 = performance.now();
    for (let i = 0; i < UPDATES; i += BATCH) {
      const envelopes = [];
      for (let k = i; k < i + BATCH; k++)
        envelopes.push({ record_id: `tp-${k}`, entity: 'lead', schema_version: 2, writer: account, client_seq: seqNo++, update: update(k) });
      writer.send({ type: 'push', envelopes });
    }
    await done;
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `push throughput: ${UPDATES} updates acked in ${secs.toFixed(1)} s = ${(UPDATES / secs).toFixed(0)} updates/s (batches of ${BATCH}, fanned out to ${INSTALLS - 1} installs)`,
    );

    const fresh = await connect(url, devices[INSTALLS].device, devices[INSTALLS].token);
    let records = 0;
    let pages = 0;
    const b0 = performance.now();
    let cursor = null;
    for (;;) {
      const page = fresh.next('bootstrap_page');
      fresh.send({ type: 'bootstrap', cursor });
      const p = (await page) as Extract<RelayFrame, { type: 'bootstrap_page' }>;
      records += p.records.length;
      pages += 1;
      cursor = p.cursor;
      if (p.done) break;
    }
    const bs = (performance.now() - b0) / 1000;
    console.log(
      `bootstrap of a new device: ${records} records in ${pages} pages, ${bs.toFixed(2)} s = ${(records / bs).toFixed(0)} records/s (budget 100k < 15 s)`,
    );
    for (const c of [...clients, fresh]) c.ws.close();
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
