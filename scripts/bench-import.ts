/**
 * Import budget (DESIGN.md section 7: import >= 50k rows/s):
 *   npx tsx scripts/bench-import.ts [--rows 50000]
 * Builds a leads CSV, then over HTTP on a fresh store in a temp dir: a dry run, the real
 * import (polled to completed), an export of the result and an undo. Also times the bare
 * write path (records.create in 1,000-row transactions) for comparison. Prints the figures;
 * over budget is a finding, not an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';

const ADMIN = { email: 'bench@example.com', password: 'bench-password-1', username: 'bench' };
const STATUSES = ['new', 'contacted', 'qualified', 'unqualified'];
const SOURCES = ['website', 'referral', 'cold_call', 'trade_show'];

function leadsCsv(rows: number, prefix: string): string {
  const lines = ['email,first_name,last_name,company_name,job_title,status,lead_source,lead_score,estimated_value,tags'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `${prefix}${i}@bench.test,First${i},Last${i},Company ${i % 997},Manager,${STATUSES[i % 4]},${SOURCES[i % 4]},${i % 101},${(i % 5000) * 10}.50,"t${i % 7}, bench"`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
  const rows = Number(values.rows);
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-import-'));
  const server = await startLocalServer({ dataDir, port: 0, admin: ADMIN });
  const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} rows/s`;
  try {
    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    const token = ((await login.json()) as { access: string }).access;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text;
    };
    const csv = leadsCsv(rows, 'lead');
    console.log(`bench-import: ${rows.toLocaleString('en-US')} leads, CSV ${(csv.length / 1024 / 1024).toFixed(1)} MiB`);

    let t0 = performance.now();
    const dry = await api('POST', '/api/v1/imports/', { model: 'lead', csv, dry_run: true });
    console.log(
      `  dry run:       ${((performance.now() - t0) / 1000).toFixed(1)} s (${rate(rows, performance.now() - t0)}), create=${dry.create} skip=${dry.skip}`,
    );

    t0 = performance.now();
    const started = await api('POST', '/api/v1/imports/', { model: 'lead', csv });
    const accepted = performance.now() - t0;
    // Responsiveness while it runs: latency of a list request between batches.
    const lat: number[] = [];
    let status = started;
    while (status.status === 'running') {
      const q0 = performance.now();
      await api('GET', '/api/v1/leads/?status=qualified&page_size=20');
      lat.push(performance.now() - q0);
      status = await api('GET', `/api/v1/imports/${started.id}/`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const importMs = performance.now() - t0;
    lat.sort((a, b) => a - b);
    console.log(
      `  import:        ${(importMs / 1000).toFixed(1)} s (${rate(rows, importMs)}; 202 after ${accepted.toFixed(0)} ms), status=${status.status} created=${status.created}`,
    );
    console.log(`  list during import: ${lat.length} requests, p50 ${lat[Math.floor(lat.length / 2)]?.toFixed(0)} ms, max ${lat.at(-1)?.toFixed(0)} ms`);

    t0 = performance.now();
    const exported = (await api('GET', '/api/v1/leads/export/')) as string;
    console.log(
      `  export:        ${((performance.now() - t0) / 1000).toFixed(1)} s for ${(exported.split('\r\n').length - 2).toLocaleString('en-US')} rows (${(exported.length / 1024 / 1024).toFixed(1)} MiB)`,
    );

    t0 = performance.now();
    await api('POST', `/api/v1/imports/${started.id}/undo/`);
    console.log(`  undo:          ${((performance.now() - t0) / 1000).toFixed(1)} s (${rate(rows, performance.now() - t0)})`);

    const { records } = server.engine;
    const ctx = { actor: null, origin: 'system' as const };
    t0 = performance.now();
    for (let i = 0; i < rows; i += 1000) {
      records.transaction(() => {
        for (let j = i; j < Math.min(rows, i + 1000); j++) {
          records.create(
            'lead',
            {
              email: `bare${j}@bench.test`,
              first_name: `First${j}`,
              last_name: `Last${j}`,
              company_name: `Company ${j % 997}`,
              status: STATUSES[j % 4],
              tags: ['bench'],
            },
            ctx,
          );
        }
      });
    }
    console.log(`  bare write path (records.create, 1,000 per transaction): ${rate(rows, performance.now() - t0)}`);
    console.log(`  budget: >= 50,000 rows/s`);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
