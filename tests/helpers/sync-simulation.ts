import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../src/main/app/create-engine';
import { AppError } from '../../src/shared/errors';
import type { Caller } from '../../src/main/core/handler';
import { ManualClock } from './manual-clock';
import { DOC_SCHEMA_V2, DOC_SCHEMA_VERSION } from '../../src/shared/record-doc/doc-format';

/**
 * Random histories of N full engines (each on its own SQLite file) syncing through a relay
 * log, delivered the worst way a network can: any order, twice, dropped then resent, while a
 * peer is cut off or restarted. After healing, every install must hold identical rows, tag
 * sets, custom values and open conflicts. Ops are plain data so a failing history can be
 * shrunk to a minimal reproduction. Odd-numbered installs create schema-2 documents (the
 * records of a store made before schema 3), the others schema 3: every install edits both.
 */
export type Op =
  | { t: 'create'; peer: number; entity: 'lead' | 'company'; key: number; values: Record<string, unknown> }
  | { t: 'update'; peer: number; key: number; values: Record<string, unknown> }
  | { t: 'delete' | 'restore'; peer: number; key: number }
  | { t: 'push'; peer: number }
  | { t: 'deliver'; peer: number; picks: number[] }
  | { t: 'restart'; peer: number }
  | { t: 'tick'; peer: number; ms: number };

export interface SimResult {
  seed: number;
  peers: number;
  ops: Op[];
  diverged: string | null;
}

export function prng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ['new', 'contacted', 'qualified', 'lost'];
const NAMES = ['Ada', 'Grace', 'Linus', 'Edsger', 'Barbara'];
const TAGS = ['vip', 'q3', 'partner', 'cold'];
const REGIONS = ['north', 'south', 'east', 'west'];

export function generateOps(seed: number, peers: number, steps: number): Op[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const ops: Op[] = [];
  let keys = 0;
  const leadValues = (): Record<string, unknown> => {
    const v: Record<string, unknown> = {};
    if (r() < 0.5) v.status = pick(STATUSES);
    if (r() < 0.3) v.first_name = pick(NAMES);
    if (r() < 0.3) v.lead_score = Math.floor(r() * 100);
    if (r() < 0.3) v.tags = TAGS.filter(() => r() < 0.4);
    if (r() < 0.3) v.custom_fields = { region: pick(REGIONS) };
    return Object.keys(v).length ? v : { status: pick(STATUSES) };
  };
  for (let i = 0; i < steps; i++) {
    const peer = Math.floor(r() * peers);
    const x = r();
    if (x < 0.12 || keys === 0)
      ops.push(
        r() < 0.8
          ? { t: 'create', peer, entity: 'lead', key: keys++, values: { email: `p${keys}@x.test`, ...leadValues() } }
          : { t: 'create', peer, entity: 'company', key: keys++, values: { name: pick(NAMES) + ' Inc', tags: TAGS.filter(() => r() < 0.3) } },
      );
    else if (x < 0.5) ops.push({ t: 'update', peer, key: Math.floor(r() * keys), values: leadValues() });
    else if (x < 0.55) ops.push({ t: 'delete', peer, key: Math.floor(r() * keys) });
    else if (x < 0.58) ops.push({ t: 'restore', peer, key: Math.floor(r() * keys) });
    else if (x < 0.72) ops.push({ t: 'push', peer });
    else if (x < 0.9) ops.push({ t: 'deliver', peer, picks: Array.from({ length: 1 + Math.floor(r() * 6) }, () => Math.floor(r() * 1e6)) });
    else if (x < 0.93) ops.push({ t: 'restart', peer });
    else ops.push({ t: 'tick', peer, ms: Math.floor(r() * 5000) - 1000 });
  }
  return ops;
}

interface Peer {
  dir: string;
  clock: ManualClock;
  engine: Engine;
}

interface Logged {
  record_id: string;
  update: Uint8Array;
  from: number;
}

const SYSTEM = { actor: null, origin: 'api' as const };
const ADMIN: Caller = { id: 'sim-admin', username: 'sim', email: 'sim@x.test', full_name: 'Sim', role: 'admin', via: 'jwt' };

/** The document schema an install creates records in: a team mid-way through an update holds both. */
export function docVersionOf(peer: number): number {
  return peer % 2 === 1 ? DOC_SCHEMA_V2 : DOC_SCHEMA_VERSION;
}

function open(dir: string, clock: ManualClock, peer: number): Engine {
  const definesFields = peer === 0;
  const engine = createEngine({ dataDir: dir, clock, reminderIntervalMs: 3_600_000 });
  engine.records.docVersion = docVersionOf(peer);
  if (definesFields && !engine.customFields.engine.store.byName('lead', 'region')) {
    // One install defines the field; it reaches the others through sync like any record.
    engine.handlers['custom_fields.create']({
      body: { name: 'region', label: 'Region', field_type: 'text', content_type: 'lead' },
      caller: ADMIN,
      params: {},
      query: {},
      origin: 'api',
      clientKey: 'sim',
      baseUrl: 'http://sim',
      path: '/',
    });
  }
  return engine;
}

export function runSimulation(seed: number, opts: { peers?: number; steps?: number; ops?: Op[] } = {}): SimResult {
  const r = prng(seed ^ 0x9e3779b9);
  const peerCount = opts.peers ?? 3 + (seed % 4);
  const ops = opts.ops ?? generateOps(seed, peerCount, opts.steps ?? 60);
  const peers: Peer[] = [];
  const log: Logged[] = [];
  const ids = new Map<number, { id: string; entity: string }>();
  try {
    for (let i = 0; i < peerCount; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'crm-sim-'));
      // Clocks disagree by up to a few seconds, as laptops do.
      const clock = new ManualClock(Date.parse('2025-03-01T09:00:00Z') + Math.floor(r() * 4000));
      peers.push({ dir, clock, engine: open(dir, clock, i) });
    }
    const deliverTo = (p: number, indexes: number[]) => {
      for (const i of indexes) {
        const e = log[i];
        if (e && e.from !== p) peers[p].engine.records.applyRemoteUpdate(e.record_id, e.update);
      }
    };
    for (const op of ops) {
      const p = peers[op.peer];
      p.clock.advance(1 + Math.floor(r() * 20));
      try {
        switch (op.t) {
          case 'create': {
            const rec = p.engine.records.create(op.entity, op.values, SYSTEM);
            ids.set(op.key, { id: String(rec.id), entity: op.entity });
            break;
          }
          case 'update': {
            const target = ids.get(op.key);
            if (target) p.engine.records.update(target.entity, target.id, target.entity === 'lead' ? op.values : { tags: op.values.tags ?? [] }, SYSTEM);
            break;
          }
          case 'delete':
          case 'restore': {
            const target = ids.get(op.key);
            if (!target) break;
            if (op.t === 'delete') p.engine.records.remove(target.entity, target.id, SYSTEM);
            else p.engine.records.restore(target.entity, target.id, SYSTEM);
            break;
          }
          case 'push': {
            const items = p.engine.records.outbox.since(0, 1_000_000);
            for (const item of items) log.push({ record_id: item.record_id, update: item.update, from: op.peer });
            // Half the time the ack is lost: the items are sent again later (a resend).
            if (r() < 0.5) p.engine.records.outbox.acknowledge(items);
            break;
          }
          case 'deliver':
            if (log.length)
              deliverTo(
                op.peer,
                op.picks.map((x) => x % log.length),
              );
            break;
          case 'restart':
            p.engine.close();
            p.engine = open(p.dir, p.clock, op.peer);
            break;
          case 'tick':
            p.clock.advance(op.ms);
            break;
        }
      } catch (error) {
        // A write refused locally (record deleted or unknown here) is what a user would see too.
        if (!(error instanceof AppError)) throw error;
      }
    }
    for (let i = 0; i < peerCount; i++) {
      const items = peers[i].engine.records.outbox.since(0, 1_000_000);
      for (const item of items) log.push({ record_id: item.record_id, update: item.update, from: i });
      peers[i].engine.records.outbox.acknowledge(items);
    }
    for (let i = 0; i < peerCount; i++) {
      const order = log.map((_, k) => k).sort(() => r() - 0.5);
      deliverTo(i, order);
      deliverTo(
        i,
        order.filter(() => r() < 0.2),
      );
      peers[i].engine.records.retryParked();
    }
    return { seed, peers: peerCount, ops, diverged: compare(peers) };
  } finally {
    for (const p of peers) {
      p.engine.close();
      rmSync(p.dir, { recursive: true, force: true });
    }
  }
}

const TABLES = ['leads', 'companies', 'custom_fields'];

function snapshot(engine: Engine): unknown[][] {
  const db = engine.db;
  const parts: unknown[][] = [];
  for (const table of TABLES) parts.push(db.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
  parts.push(db.prepare('SELECT entity, tag, record_id FROM record_tags ORDER BY record_id, tag').all());
  parts.push(
    db
      .prepare(
        'SELECT record_id, field, losing_value, losing_hlc, winning_value, winning_hlc FROM record_conflicts WHERE resolved_at IS NULL ORDER BY record_id, field, losing_hlc',
      )
      .all(),
  );
  parts.push(db.prepare('SELECT status, reason, count(*) n FROM sync_parked GROUP BY status, reason ORDER BY status, reason').all());
  // Stage history is carried by the documents: every install projects the same rows.
  parts.push(db.prepare('SELECT key, record_id, entity, from_stage, to_stage, at, actor, close_date FROM stage_transitions ORDER BY key').all());
  return parts;
}

const PART_NAMES = [...TABLES, 'record_tags', 'open conflicts', 'set-aside updates', 'stage transitions'];

/** Null when every install holds the same; else the first difference, row by row. */
export function compare(peers: { engine: Engine }[]): string | null {
  const first = snapshot(peers[0].engine);
  for (let i = 1; i < peers.length; i++) {
    const other = snapshot(peers[i].engine);
    for (let part = 0; part < first.length; part++) {
      const a = first[part];
      const b = other[part];
      for (let k = 0; k < Math.max(a.length, b.length); k++) {
        if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) {
          return `installs 0 and ${i} differ in ${PART_NAMES[part]} (row ${k}):\n  0: ${JSON.stringify(a[k])}\n  ${i}: ${JSON.stringify(b[k])}`;
        }
      }
    }
  }
  return null;
}

/** Drops ops one at a time while the history still diverges: a short reproduction to read. */
export function shrink(result: SimResult): Op[] {
  let ops = result.ops;
  for (let i = ops.length - 1; i >= 0; i--) {
    const candidate = ops.filter((_, k) => k !== i);
    if (runSimulation(result.seed, { peers: result.peers, ops: candidate }).diverged) ops = candidate;
  }
  return ops;
}
