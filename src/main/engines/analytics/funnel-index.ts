import type { Db } from '../../db/open-database';
import type { RecordsEngine } from '../records';
import { DAY_MS } from './periods';

export type Population = 'lead' | 'opportunity';

const TABLES: Record<Population, { table: string; current: string }> = {
  lead: { table: 'leads', current: 'status' },
  opportunity: { table: 'opportunities', current: 'stage' },
};

/** What the funnel needs of one deal or lead: who, when, where it is, where it has been. */
interface Entry {
  createdAt: string | null;
  owner: string | null;
  current: string | null;
  live: boolean;
  /** Recorded transitions in time order: stage entered and when (ms). */
  to: string[];
  at: number[];
}

/** Past this many records written since the last question, the population is read again whole. */
const RELOAD_AFTER = 2_000;

/**
 * Deals and leads with their recorded transitions, held in memory per population so that a
 * funnel is a pass over ~100k small entries rather than three grouped joins over the
 * transitions table (~1.2 s CPU on the M store). A write of a deal or lead (local or remote,
 * in its transaction) marks the record; its row and transitions are read again on the next
 * question (the whole population when many changed, as after a bootstrap).
 * tests/main/engines/analytics/funnel-index.test.ts checks the answers equal the SQL ones.
 */
export class FunnelIndex {
  private readonly loaded = new Map<Population, Map<string, Entry>>();
  private readonly dirty: Record<Population, Set<string>> = { lead: new Set(), opportunity: new Set() };
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  attach(records: RecordsEngine): void {
    records.onWrite((change) => {
      if ((change.entity === 'lead' || change.entity === 'opportunity') && this.loaded.has(change.entity)) this.dirty[change.entity].add(change.id);
    });
  }

  /** The population's entries, current as of the last write. */
  entries(p: Population): Map<string, Entry> {
    let all = this.loaded.get(p);
    const dirty = this.dirty[p];
    if (!all || dirty.size > RELOAD_AFTER) {
      all = this.readAll(p);
      this.loaded.set(p, all);
      dirty.clear();
    } else if (dirty.size > 0) {
      for (const id of dirty) {
        const entry = this.readOne(p, id);
        if (entry) all.set(id, entry);
        else all.delete(id);
      }
      dirty.clear();
    }
    return all;
  }

  private readAll(p: Population): Map<string, Entry> {
    const { table, current } = TABLES[p];
    const all = new Map<string, Entry>();
    for (const [id, createdAt, owner, cur, live] of this.db
      .prepare(`SELECT id, created_at, owner, ${current}, deleted_at IS NULL FROM ${table}`)
      .raw()
      .iterate() as Iterable<[string, string | null, string | null, string | null, number]>) {
      all.set(id, { createdAt, owner, current: cur, live: live === 1, to: [], at: [] });
    }
    for (const [id, to, at] of this.db
      .prepare('SELECT record_id, to_stage, at FROM stage_transitions WHERE entity = ? ORDER BY record_id, at')
      .raw()
      .iterate(p) as Iterable<[string, string, string]>) {
      const e = all.get(id);
      if (!e) continue;
      e.to.push(to);
      e.at.push(Date.parse(at));
    }
    return all;
  }

  private readOne(p: Population, id: string): Entry | null {
    const { table, current } = TABLES[p];
    const row = this.db.prepare(`SELECT created_at, owner, ${current}, deleted_at IS NULL FROM ${table} WHERE id = ?`).raw().get(id) as
      [string | null, string | null, string | null, number] | undefined;
    if (!row) return null;
    const e: Entry = { createdAt: row[0], owner: row[1], current: row[2], live: row[3] === 1, to: [], at: [] };
    for (const [to, at] of this.db
      .prepare('SELECT to_stage, at FROM stage_transitions WHERE entity = ? AND record_id = ? ORDER BY at')
      .raw()
      .iterate(p, id) as Iterable<[string, string]>) {
      e.to.push(to);
      e.at.push(Date.parse(at));
    }
    return e;
  }
}

/**
 * The funnel's reading of one population, as the SQL in funnel.ts computes it: per record the
 * highest rank its history or current value reached, records entering each recorded stage,
 * and the days between each transition and the record's next one.
 */
export function readPopulation(entries: Map<string, Entry>, rankOf: (stage: string | null) => number, req: { from: string; to: string; owner: string | null }) {
  const ranks = new Map<number, number>();
  const entered = new Map<string, number>();
  const dwell = new Map<string, number[]>();
  for (const e of entries.values()) {
    if (!e.live || e.createdAt === null || e.createdAt < req.from || e.createdAt >= req.to || (req.owner !== null && e.owner !== req.owner)) continue;
    let r = -1;
    const seen = new Set<string>();
    for (let k = 0; k < e.to.length; k++) {
      r = Math.max(r, rankOf(e.to[k]));
      if (!seen.has(e.to[k])) {
        seen.add(e.to[k]);
        entered.set(e.to[k], (entered.get(e.to[k]) ?? 0) + 1);
      }
      if (k + 1 < e.to.length) {
        let list = dwell.get(e.to[k]);
        if (!list) dwell.set(e.to[k], (list = []));
        list.push((e.at[k + 1] - e.at[k]) / DAY_MS);
      }
    }
    r = Math.max(r, rankOf(e.current));
    ranks.set(r, (ranks.get(r) ?? 0) + 1);
  }
  return { ranks: [...ranks], entered, dwell };
}
