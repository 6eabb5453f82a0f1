import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/main/app/create-engine';
import type { Caller, HandlerRequest } from '../../src/main/core/handler';
import { AppError } from '../../src/shared/errors';
import { compare, generateOps, prng } from './sync-simulation';

/**
 * The convergence property through the real relay: N installs (full engines with their sync
 * clients) in one team, random edits, random disconnects and reconnects of each install's
 * sync client; at the end all reconnect, drain and catch up, and every install must hold the
 * same rows, tags, custom values and open conflicts.
 */
const sys = { actor: null, origin: 'api' as const };

function request(body: unknown, caller: Caller | null, params: Record<string, string> = {}): HandlerRequest {
  return { body, caller, params, query: {}, origin: 'api', clientKey: 'sim', baseUrl: 'http://sim', path: '/' };
}

async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function runRelaySimulation(relayUrl: string, seed: number, opts: { installs?: number; steps?: number } = {}): Promise<string | null> {
  const r = prng(seed * 7919);
  const count = opts.installs ?? 3;
  const dirs: string[] = [];
  const engines: Engine[] = [];
  const timers: NodeJS.Timeout[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'crm-relay-sim-'));
      dirs.push(dir);
      engines.push(createEngine({ dataDir: dir, reminderIntervalMs: 3_600_000, syncBackoff: { minMs: 20, maxMs: 200 } }));
    }
    const owner = engines[0];
    const ownerId = '0190aaaa-0000-7000-8000-' + String(seed).padStart(12, '0');
    await owner.auth.createUser(
      { username: 'owner', email: `owner${seed}@sim.test`, password: 'owner-password-1', role: 'admin' },
      { actor: ownerId, origin: 'system' },
      ownerId,
    );
    const caller: Caller = { id: ownerId, username: 'owner', email: `owner${seed}@sim.test`, full_name: 'Owner', role: 'admin', via: 'jwt' };
    owner.handlers['custom_fields.create'](request({ name: 'region', label: 'Region', field_type: 'text', content_type: 'lead' }, caller));
    await owner.handlers['sync.create_team'](
      request({ relay_url: relayUrl, team_name: `Sim ${seed}`, email: `owner${seed}@sim.test`, password: 'owner-password-1' }, caller),
    );
    await until(() => owner.sync.status().state === 'connected', 'owner connected', 30_000);
    for (let i = 1; i < count; i++) {
      const email = `m${i}-${seed}@sim.test`;
      const invite = (await owner.handlers['sync.invite'](request({ email, role: 'sales_rep' }, caller))) as { code: string };
      await engines[i].handlers['sync.join'](request({ relay_url: relayUrl, invite_code: invite.code, email, password: 'member-password-1' }, null));
    }
    const ids = new Map<number, { id: string; entity: string }>();
    for (const op of generateOps(seed, count, opts.steps ?? 40)) {
      const e = engines[op.peer];
      try {
        if (op.t === 'create') ids.set(op.key, { id: String(e.records.create(op.entity, op.values, sys).id), entity: op.entity });
        else if (op.t === 'update') {
          const t = ids.get(op.key);
          if (t) e.records.update(t.entity, t.id, t.entity === 'lead' ? op.values : { tags: op.values.tags ?? [] }, sys);
        } else if (op.t === 'delete' || op.t === 'restore') {
          const t = ids.get(op.key);
          if (t) op.t === 'delete' ? e.records.remove(t.entity, t.id, sys) : e.records.restore(t.entity, t.id, sys);
        } else if (op.t === 'restart' || (op.t === 'tick' && r() < 0.5)) {
          // A dropped connection: the sync client reconnects by itself after a while.
          e.sync.stop();
          timers.push(setTimeout(() => e.sync.start(), Math.floor(r() * 200)));
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      await new Promise((res) => setTimeout(res, Math.floor(r() * 15)));
    }
    for (const e of engines) e.sync.start();
    await until(() => engines.every((e) => e.sync.status().state === 'connected' && e.records.outbox.pendingCount() === 0), 'all drained', 60_000);
    // Everyone has pushed; give the live fan-out a moment to reach every install, then compare.
    const end = Date.now() + 30_000;
    let diff = compare(engines.map((engine) => ({ engine })));
    while (diff && Date.now() < end) {
      await new Promise((res) => setTimeout(res, 100));
      for (const e of engines) e.records.retryParked();
      diff = compare(engines.map((engine) => ({ engine })));
    }
    return diff;
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const e of engines) e.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
