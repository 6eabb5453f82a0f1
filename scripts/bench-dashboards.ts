/**
 * Dashboard widget budgets (issue 13): `GET /api/v1/widgets/{id}/data/` p95 per widget type,
 * cold (a cache miss: the widget's definition just changed) and cached:
 *   npm run bench:dashboards -- [--tier S|M] [--data-dir DIR] [--cold 30] [--cached 200]
 * Builds the seeded store under bench-data/<tier> when missing (M takes several minutes),
 * puts a 12-widget dashboard (one widget per type) on it and reads each widget over HTTP.
 * Prints type | cold p50/p95 | cached p50/p95 against <= 100 ms cold and <= 5 ms cached, over
 * HTTP and, apart, inside the engine (the handler alone: what the widget costs without the
 * transport and the machine's scheduling). Over budget is a finding, not an error.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine, STORE_FILE } from '../src/main/app/create-engine';
import { startLocalServer } from '../src/main/app/start-local-server';
import { SEED_ADMIN, SEED_TIERS, SeedClock, seedStore, startOfUtcDay, type SeedTier } from '../src/main/engines/seed';
import { BENCH_WIDGETS as WIDGETS } from './bench-dashboard-widgets';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COLD_BUDGET_MS = 100;
const CACHED_BUDGET_MS = 5;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);

async function ensureStore(dataDir: string, tier: SeedTier): Promise<void> {
  if (existsSync(join(dataDir, STORE_FILE))) return;
  mkdirSync(dataDir, { recursive: true });
  console.log(`store: building tier ${tier} in ${dataDir}${tier === 'M' ? '; this takes several minutes' : ''}`);
  const now = startOfUtcDay();
  const clock = new SeedClock(now.getTime());
  const engine = createEngine({ dataDir, clock });
  try {
    await seedStore({ ...engine, clock }, { counts: SEED_TIERS[tier], seed: 1, now });
    engine.db.pragma('wal_checkpoint(TRUNCATE)');
    engine.db.exec('ANALYZE');
  } finally {
    engine.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tier: { type: 'string', default: 'S' },
      'data-dir': { type: 'string' },
      cold: { type: 'string', default: '30' },
      cached: { type: 'string', default: '200' },
    },
  });
  if (values.tier !== 'S' && values.tier !== 'M') throw new Error(`--tier must be S or M, got "${values.tier}"`);
  const tier = values.tier as SeedTier;
  const dataDir = resolve(values['data-dir'] ?? join(ROOT, 'bench-data', tier));
  await ensureStore(dataDir, tier);
  const server = await startLocalServer({ dataDir, port: 0 });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: SEED_ADMIN.username, password: SEED_ADMIN.password }),
    });
    const token = ((await login.json()) as { access: string }).access;
    const api = async (method: string, path: string, body?: unknown) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      const took = performance.now() - started;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return { json, took };
    };
    const me = (await api('GET', '/auth/me/')).json;
    const caller = {
      id: String(me.id),
      username: String(me.username),
      email: String(me.email),
      full_name: String(me.full_name),
      role: 'admin' as const,
      via: 'jwt' as const,
    };
    const engineRead = (id: string) => {
      const started = performance.now();
      const out = server.engine.handlers['widgets.data']({
        params: { id },
        query: {},
        body: undefined,
        caller,
        origin: 'api',
        clientKey: 'bench',
        baseUrl: server.url,
        path: '',
      }) as { cached: boolean };
      return { cached: out.cached, took: performance.now() - started };
    };
    const dashboard = (await api('POST', '/dashboards/', { name: 'Bench dashboard' })).json;
    const ids: string[] = [];
    for (const w of WIDGETS) {
      const id = (await api('POST', '/widgets/', { name: w.widget_type, ...w })).json.id as string;
      await api('POST', `/dashboards/${String(dashboard.id)}/add_widget/`, { widget_id: id });
      ids.push(id);
    }
    console.log(
      `dashboard data over ${values['data-dir'] ? 'the store' : `the ${tier} store`} in ${dataDir}, ${values.cold} cold and ${values.cached} cached reads per widget`,
    );
    console.log(
      `  ${'widget type'.padEnd(14)}${'cold p50'.padStart(10)}${'cold p95'.padStart(10)}${'cached p50'.padStart(12)}${'cached p95'.padStart(11)}   ${'engine cold p95'.padStart(16)}${'engine cached p95'.padStart(18)}   budgets <= ${COLD_BUDGET_MS} ms cold, <= ${CACHED_BUDGET_MS} ms cached (HTTP)`,
    );
    let over = 0;
    for (const [i, w] of WIDGETS.entries()) {
      const cold: number[] = [];
      const cached: number[] = [];
      for (let n = 0; n < Number(values.cold); n++) {
        // A definition change is a cache miss without a record write in the timed path.
        await api('PUT', `/widgets/${ids[i]}/`, { refresh_interval: 300 + (n % 2) });
        const r = await api('GET', `/widgets/${ids[i]}/data/`);
        if (r.json.cached !== false) throw new Error(`${w.widget_type}: expected a cold read`);
        cold.push(r.took);
      }
      for (let n = 0; n < Number(values.cached); n++) {
        const r = await api('GET', `/widgets/${ids[i]}/data/`);
        if (r.json.cached !== true) throw new Error(`${w.widget_type}: expected a cached read`);
        cached.push(r.took);
      }
      const engineCold: number[] = [];
      const engineCached: number[] = [];
      for (let n = 0; n < Number(values.cold); n++) {
        await api('PUT', `/widgets/${ids[i]}/`, { refresh_interval: 300 + (n % 2) });
        engineCold.push(engineRead(ids[i]).took);
        for (let k = 0; k < Math.ceil(Number(values.cached) / Number(values.cold)); k++) engineCached.push(engineRead(ids[i]).took);
      }
      for (const list of [cold, cached, engineCold, engineCached]) list.sort((a, b) => a - b);
      const ok = percentile(cold, 95) <= COLD_BUDGET_MS && percentile(cached, 95) <= CACHED_BUDGET_MS;
      if (!ok) over++;
      console.log(
        `  ${w.widget_type.padEnd(14)}${ms(percentile(cold, 50))}${ms(percentile(cold, 95))}${ms(percentile(cached, 50)).padStart(12)}${ms(percentile(cached, 95)).padStart(11)}   ${ms(percentile(engineCold, 95)).padStart(16)}${ms(percentile(engineCached, 95)).padStart(18)}   ${ok ? 'ok' : 'OVER'}`,
      );
    }
    console.log(over ? `${over} widget type(s) over budget` : 'every widget type within budget');
    await wholeDashboard(api, String(dashboard.id), ids);
  } finally {
    await server.close();
  }
}

type Api = (method: string, path: string, body?: unknown) => Promise<{ json: Record<string, unknown>; took: number }>;

/**
 * The whole dashboard as the Overview screen loads it: the dashboard, then every widget's data
 * at once. First load: every widget's cache just dropped; refresh: all cached.
 */
async function wholeDashboard(api: Api, dashboardId: string, widgetIds: string[], rounds = 10): Promise<void> {
  const load = async () => {
    const started = performance.now();
    await api('GET', `/dashboards/${dashboardId}/`);
    await Promise.all(widgetIds.map((id) => api('GET', `/widgets/${id}/data/`)));
    return performance.now() - started;
  };
  const first: number[] = [];
  const refresh: number[] = [];
  for (let n = 0; n < rounds; n++) {
    for (const id of widgetIds) await api('PUT', `/widgets/${id}/`, { refresh_interval: 300 + (n % 2) });
    first.push(await load());
    refresh.push(await load());
  }
  first.sort((a, b) => a - b);
  refresh.sort((a, b) => a - b);
  console.log(`whole ${widgetIds.length}-widget dashboard over HTTP (dashboard + every widget's data at once), ${rounds} rounds:`);
  console.log(
    `  first load (every cache cold) p50 ${ms(percentile(first, 50)).trim()}, p95 ${ms(percentile(first, 95)).trim()}; refresh (cached) p50 ${ms(percentile(refresh, 50)).trim()}, p95 ${ms(percentile(refresh, 95)).trim()}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
