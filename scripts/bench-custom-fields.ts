/**
 * Custom field filter budget (DESIGN.md section 7: list page with filter + ordering p95 <= 10 ms):
 *   npx tsx scripts/bench-custom-fields.ts [--count 100000] [--requests 300]
 * Builds a store of N contacts in a temp dir through the write path, each with a value of a
 * filterable decimal custom field, then measures `GET /api/v1/contacts/?cf_x__gte=..&ordering=-cf_x`
 * over HTTP. Prints the figures; over budget is a finding, not an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';

const ADMIN = { email: 'bench@example.com', password: 'bench-password-1', username: 'bench' };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, requests: { type: 'string', default: '300' } } });
  const count = Number(values.count);
  const requests = Number(values.requests);
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-cf-'));
  const server = await startLocalServer({ dataDir, port: 0, admin: ADMIN });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    const token = ((await login.json()) as { access: string }).access;
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const created = await api('/api/v1/custom-fields/', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', label: 'X', field_type: 'decimal', content_type: 'contact', is_filterable: true }),
    });
    if (created.status !== 201) throw new Error(`field create failed: ${created.status} ${await created.text()}`);

    const { records } = server.engine;
    const ctx = { actor: null, origin: 'system' as const };
    const began = performance.now();
    for (let i = 0; i < count; i += 1000) {
      records.transaction(() => {
        for (let j = i; j < Math.min(count, i + 1000); j++) {
          records.create('contact', { last_name: `Bench${j}`, email: `c${j}@bench.test`, custom_fields: { x: (j * 7919) % 5_000_000 } }, ctx);
        }
      });
    }
    const writeSeconds = (performance.now() - began) / 1000;
    server.engine.db.exec('ANALYZE');
    console.log(
      `bench-custom-fields: ${count.toLocaleString('en-US')} contacts with a custom decimal in ${writeSeconds.toFixed(1)} s (${Math.round(count / writeSeconds).toLocaleString('en-US')} writes/s)`,
    );

    const queries = [
      '/api/v1/contacts/?cf_x__gte=4000000&ordering=-cf_x',
      '/api/v1/contacts/?cf_x__gte=1000000&ordering=-cf_x',
      '/api/v1/contacts/?cf_x__range=100000,200000&ordering=cf_x',
      '/api/v1/contacts/?cf_x__lt=2500&ordering=-cf_x&page=2&page_size=20',
    ];
    for (const q of queries) {
      for (let i = 0; i < 20; i++) await (await api(q)).arrayBuffer();
      const times: number[] = [];
      let matched = 0;
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const res = await api(q);
        const body = (await res.json()) as { count: number };
        times.push(performance.now() - t0);
        matched = body.count;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      console.log(
        `  GET ${q.padEnd(64)} matches ${String(matched).padStart(6)}  p50 ${percentile(times, 50).toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  (budget p95 <= 10 ms: ${p95 <= 10 ? 'ok' : 'OVER'})`,
      );
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench-custom-fields: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
