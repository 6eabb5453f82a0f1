/**
 * Measures the audit and timeline budgets of issue 3 over real HTTP:
 *   npx tsx scripts/bench-audit.ts [--data-dir bench-data/M] [--entries 1000000] [--rounds 300]
 * Copies the generated store (it is never changed) into a temp dir, adds audit entries and
 * field history with plain SQL inserts until it holds --entries of them, starts the local
 * server in this process and prints p50/p95 of filtered audit lists and entity timelines,
 * and p50/p99 of writes with auditing on.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql as auditSchema } from '../src/main/db/migrations/0003-audit';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServer } from '../src/main/app/start-local-server';
import { STORE_FILE } from '../src/main/app/create-engine';
import { newId } from '../src/main/core/ids';
import { SEED_ADMIN } from '../src/main/engines/seed';

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: 'bench-data/M' },
    entries: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '300' },
  },
});
const source = join(args['data-dir'], STORE_FILE);
if (!existsSync(source)) {
  console.error(`bench-audit: ${source} not found; run npm run seed -- --data-dir ${args['data-dir']} --tier M first`);
  process.exit(2);
}
const wanted = Number(args.entries);
const rounds = Number(args.rounds);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

/** A store that already ran an older 0003 gets the current audit tables and indexes (empty). */
function resetAuditSchema(file: string): void {
  const db = new Database(file);
  for (const [, kind, name] of auditSchema.matchAll(/CREATE (TABLE|INDEX) (\w+)/g)) db.exec(`DROP ${kind} IF EXISTS ${name}`);
  db.prepare('DELETE FROM schema_migrations WHERE version = 3').run();
  db.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-audit-'));
  try {
    console.log(`bench-audit: copying ${source}`);
    // The backup API gives a consistent copy even while another process writes the store.
    const src = new Database(source, { readonly: true });
    await src.backup(join(dir, STORE_FILE));
    src.close();
    resetAuditSchema(join(dir, STORE_FILE));
    const server = await startLocalServer({ dataDir: dir, port: 0 });
    const { db } = server.engine;
    const ids = (sql: string) => db.prepare(sql).pluck().all() as string[];
    const users = ids('SELECT id FROM users');
    const leads = ids('SELECT id FROM leads LIMIT 20000');
    const opps = ids('SELECT id FROM opportunities LIMIT 20000');
    const contacts = ids('SELECT id FROM contacts LIMIT 20000');
    const companies = ids('SELECT id FROM companies LIMIT 20000');

    const have = db.prepare('SELECT count(*) FROM audit_entries').pluck().get() as number;
    if (have < wanted) {
      console.log(`bench-audit: inserting ${wanted - have} audit entries (+ field history)`);
      const entry = db.prepare(
        `INSERT INTO audit_entries (id, at, actor, actor_name, actor_email, action, model, object_id, object_repr, description, changes, old_values, new_values, origin)
         VALUES (?, ?, ?, 'User', 'user@example.com', ?, ?, ?, 'Record', ?, ?, ?, ?, 'api')`,
      );
      const field = db.prepare(
        'INSERT INTO field_history (id, audit_id, at, actor, model, object_id, field_name, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const start = Date.now() - 730 * 86_400_000;
      const models: [string, string[]][] = [
        ['lead', leads],
        ['opportunity', opps],
        ['contact', contacts],
        ['company', companies],
      ];
      const insert = db.transaction((n: number) => {
        for (let i = 0; i < n; i++) {
          const [model, pool] = pick(models);
          const action = Math.random() < 0.8 ? 'update' : Math.random() < 0.7 ? 'create' : 'delete';
          const at = new Date(start + Math.random() * 730 * 86_400_000).toISOString();
          const id = newId();
          const object = pick(pool);
          const actor = pick(users);
          entry.run(id, at, actor, action, model, object, `${action} ${model}`, '["status"]', '{"status":"new"}', '{"status":"contacted"}');
          if (action === 'update')
            field.run(newId(), id, at, actor, model, object, model === 'opportunity' ? 'stage' : 'status', '"proposal"', '"negotiation"');
        }
      });
      for (let left = wanted - have; left > 0; left -= 50_000) insert(Math.min(50_000, left));
      db.exec('ANALYZE');
    }

    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: SEED_ADMIN.username, password: SEED_ADMIN.password }),
    });
    const token = ((await login.json()) as { access: string }).access;
    const get = async (path: string) => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t0;
    };
    const measure = async (name: string, paths: () => string, budget: number) => {
      for (let i = 0; i < 20; i++) await get(paths());
      const times: number[] = [];
      for (let i = 0; i < rounds; i++) times.push(await get(paths()));
      const p95 = pct(times, 95);
      console.log(
        `  ${name.padEnd(58)} p50 ${pct(times, 50).toFixed(2).padStart(7)} ms  p95 ${p95.toFixed(2).padStart(7)} ms  (budget p95 <= ${budget} ms) ${p95 <= budget ? 'ok' : 'OVER'}`,
      );
    };
    const year = () => `${2023 + Math.floor(Math.random() * 2)}-0${1 + Math.floor(Math.random() * 9)}-01`;
    const auditFilters = [
      () => `/api/v1/audit-trail/?model=lead&object_id=${pick(leads)}`,
      () => `/api/v1/audit-trail/?user=${pick(users)}&start_date=${year()}`,
      () => `/api/v1/audit-trail/?model=opportunity&action=update&start_date=${year()}&end_date=2025-12-31`,
      () => `/api/v1/audit-trail/?object_id=${pick(contacts)}&action=update`,
      () => '/api/v1/audit-trail/?page_size=50',
    ];
    console.log(`bench-audit: ${db.prepare('SELECT count(*) FROM audit_entries').pluck().get()} audit entries, ${rounds} rounds`);
    for (const [i, f] of auditFilters.entries())
      await measure(
        `audit list, filter set ${i + 1} (${f()
          .split('?')[1]
          .replace(/=[^&]+/g, '=…')})`,
        f,
        20,
      );
    await measure('audit list, mixed filters', () => pick(auditFilters)(), 20);
    await measure('field history of one record', () => `/api/v1/field-history/?model=opportunity&object_id=${pick(opps)}`, 20);
    await measure('entity timeline: company (with contacts and deals)', () => `/api/v1/timeline/company/${pick(companies)}/`, 20);
    await measure('entity timeline: contact', () => `/api/v1/timeline/contact/${pick(contacts)}/`, 20);
    await measure('entity timeline: opportunity', () => `/api/v1/timeline/opportunity/${pick(opps)}/`, 20);
    await measure('entity timeline: lead', () => `/api/v1/timeline/lead/${pick(leads)}/`, 20);
    await measure('general timeline (limit 50)', () => '/api/v1/timeline/', 20);

    const writes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/leads/${pick(leads)}/`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ lead_score: i % 100, priority: pick(['low', 'medium', 'high']) }),
      });
      await res.arrayBuffer();
      writes.push(performance.now() - t0);
    }
    console.log(
      `  ${'update one lead over HTTP, auditing on'.padEnd(58)} p50 ${pct(writes, 50).toFixed(2).padStart(7)} ms  p99 ${pct(writes, 99).toFixed(2).padStart(7)} ms  (budget p50 <= 2, p99 <= 10)`,
    );
    await server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('bench-audit: failed:', e);
  process.exit(1);
});
