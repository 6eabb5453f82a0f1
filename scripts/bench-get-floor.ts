/**
 * Where a GET one record's round trip goes (issue 16): the same keep-alive client asks, in
 * turn, a bare Node HTTP server (the floor), the API's unauthenticated 404 (fastify's routing,
 * hooks and error reply), `GET /auth/me/` (plus authentication and a small answer) and
 * `GET /contacts/{id}/` (plus the record's row, its briefs and a 1.5 KB answer). Interleaved,
 * so a loaded machine slows them alike; the differences are what to read.
 *   npm run bench:get-floor -- --data-dir COPY [--count 3000]
 */
import http from 'node:http';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SEED_ADMIN } from '../src/main/engines/seed';
import { STORE_FILE } from '../src/main/app/create-engine';
import { Client, percentile } from './bench-support/http-client';
import { loadAverage } from './bench-support/machine';
import { startServer, stopServer } from './bench-support/server-process';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: v } = parseArgs({ options: { 'data-dir': { type: 'string' }, count: { type: 'string', default: '3000' } } });
if (!v['data-dir']) throw new Error('--data-dir COPY is required (a store the server may write to)');
const dataDir = resolve(v['data-dir']);
const count = Number(v.count);

const body = JSON.stringify({ ok: true });
const floor = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
await new Promise<void>((done) => floor.listen(0, '127.0.0.1', done));
const floorUrl = `http://127.0.0.1:${(floor.address() as { port: number }).port}`;

const db = new Database(join(dataDir, STORE_FILE), { readonly: true });
const ids = db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY random() LIMIT 1000').pluck().all() as string[];
db.close();

const server = await startServer(ROOT, 'built', dataDir);
const api = new Client(server.url, { username: SEED_ADMIN.username, password: SEED_ADMIN.password });
const bare = new Client(floorUrl, { username: '', password: '' });
const anonymous = new Client(server.url, { username: '', password: '' });
try {
  await api.login();
  const probes: [string, (i: number) => Promise<unknown>][] = [
    ['bare Node HTTP server (floor)', () => bare.raw('GET', '/')],
    ['API: unknown path, no token (404)', () => anonymous.raw('GET', '/api/v1/nothing/')],
    ['API: GET /auth/me/', () => api.raw('GET', '/api/v1/auth/me/')],
    ['API: GET /contacts/{id}/', (i) => api.raw('GET', `/api/v1/contacts/${ids[i % ids.length]}/`)],
  ];
  const samples = probes.map(() => [] as number[]);
  for (let i = 0; i < count + 300; i++) {
    for (const [k, [, probe]] of probes.entries()) {
      const began = process.hrtime.bigint();
      await probe(i);
      if (i >= 300) samples[k].push(Number(process.hrtime.bigint() - began) / 1e6);
    }
  }
  console.log(`${count} requests each, interleaved; load average ${loadAverage()} (1/5/15 min)`);
  for (const [k, [label]] of probes.entries()) {
    console.log(`  ${label.padEnd(36)} p50 ${percentile(samples[k], 50).toFixed(3)} ms   p99 ${percentile(samples[k], 99).toFixed(3)} ms`);
  }
} finally {
  api.close();
  bare.close();
  anonymous.close();
  await stopServer(server.child);
  floor.close();
}
