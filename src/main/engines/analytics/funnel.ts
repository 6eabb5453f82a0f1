import type { Db } from '../../db/open-database';
import { StatementCache } from '../../db/statement-cache';
import { median, round } from './periods';
import { readPopulation, type FunnelIndex } from './funnel-index';

type Population = 'lead' | 'opportunity';

interface StageDef {
  /** What the API calls the stage. */
  name: string;
  population: Population;
  /** Rank in its population's order: a record reached a stage when it reached this rank or a later one. */
  rank: number;
  /** The recorded status or stage value(s) that enter it (dwell is measured from these). */
  values: string[];
}

/** lead -> qualified -> the opportunity stages -> won; `converted` bridges leads to deals. */
export const FUNNEL_STAGES: readonly StageDef[] = [
  { name: 'lead', population: 'lead', rank: 0, values: ['new'] },
  { name: 'contacted', population: 'lead', rank: 1, values: ['contacted'] },
  { name: 'qualified', population: 'lead', rank: 2, values: ['qualified'] },
  { name: 'prospecting', population: 'opportunity', rank: 0, values: ['prospecting'] },
  { name: 'qualification', population: 'opportunity', rank: 1, values: ['qualification'] },
  { name: 'proposal', population: 'opportunity', rank: 2, values: ['proposal'] },
  { name: 'negotiation', population: 'opportunity', rank: 3, values: ['negotiation'] },
  { name: 'won', population: 'opportunity', rank: 4, values: ['closed_won'] },
];
export const FUNNEL_STAGE_NAMES = FUNNEL_STAGES.map((s) => s.name);
export const DEFAULT_FUNNEL = ['lead', 'qualified', 'prospecting', 'qualification', 'proposal', 'negotiation', 'won'];
const CONVERTED_RANK = 3;

const LEAD_RANKS: Record<string, number> = { new: 0, contacted: 1, qualified: 2, converted: 3 };
const DEAL_RANKS: Record<string, number> = { prospecting: 0, qualification: 1, proposal: 2, negotiation: 3, closed_won: 4 };
const LEAD_RANK = `CASE %s WHEN 'new' THEN 0 WHEN 'contacted' THEN 1 WHEN 'qualified' THEN 2 WHEN 'converted' THEN 3 ELSE -1 END`;
const DEAL_RANK = `CASE %s WHEN 'prospecting' THEN 0 WHEN 'qualification' THEN 1 WHEN 'proposal' THEN 2 WHEN 'negotiation' THEN 3 WHEN 'closed_won' THEN 4 ELSE -1 END`;
const TABLE: Record<Population, { table: string; rankSql: string; current: string; owner: string }> = {
  lead: { table: 'leads', rankSql: LEAD_RANK, current: 't.status', owner: 't.owner' },
  opportunity: { table: 'opportunities', rankSql: DEAL_RANK, current: 't.stage', owner: 't.owner' },
};

export interface FunnelRequest {
  stages: string[];
  /** Records created in [from, to) (ISO dates) make the population. */
  from: string;
  to: string;
  owner: string | null;
}

/**
 * Counts from recorded transitions: a record reached a stage when its history (or its current
 * value) reached that stage or a later one, so a skipped stage counts as passed and a deal that
 * went back and forth counts once.
 */
export class Funnel {
  private readonly statements: StatementCache;

  /** With an index, populations are read from memory (same answers, see its tests). */
  constructor(
    db: Db,
    private readonly index: FunnelIndex | null = null,
  ) {
    this.statements = new StatementCache(db);
  }

  run(req: FunnelRequest) {
    const wanted = FUNNEL_STAGES.filter((s) => req.stages.includes(s.name));
    const data = new Map<Population, ReturnType<Funnel['population']>>();
    for (const p of new Set(wanted.map((s) => s.population))) data.set(p, this.population(p, req));
    const stages = [];
    let fromFirst = 1;
    for (let i = 0; i < wanted.length; i++) {
      const s = wanted[i];
      const d = data.get(s.population)!;
      const count = d.reachedAtLeast(s.rank);
      const prev = i > 0 ? wanted[i - 1] : null;
      let step: number | null = null;
      let basis: 'previous_stage' | 'converted_leads' | null = null;
      if (prev) {
        const prevCount = data.get(prev.population)!.reachedAtLeast(prev.rank);
        // Leads and deals are two populations: the step between them is the leads that converted.
        const numerator = prev.population === s.population ? count : data.get('lead')!.reachedAtLeast(CONVERTED_RANK);
        basis = prev.population === s.population ? 'previous_stage' : 'converted_leads';
        step = prevCount > 0 ? numerator / prevCount : 0;
        fromFirst *= step;
      }
      const dwell = s.values.flatMap((v) => d.dwell.get(v) ?? []).sort((a, b) => a - b);
      stages.push({
        stage: s.name,
        population: s.population,
        count,
        entered: s.values.reduce((n, v) => n + (d.entered.get(v) ?? 0), 0),
        conversion_rate: round(100 * (i === 0 ? (count > 0 ? 1 : 0) : fromFirst)),
        step_conversion_rate: step === null ? null : round(100 * step),
        step_basis: basis,
        median_dwell_days: dwell.length ? round(median(dwell)!) : null,
      });
    }
    const steps = stages.filter((s) => s.step_conversion_rate !== null);
    const bottleneck = steps.reduce<(typeof stages)[number] | null>(
      (low, s) => (low === null || s.step_conversion_rate! < low.step_conversion_rate! ? s : low),
      null,
    );
    const slowest = stages.reduce<(typeof stages)[number] | null>(
      (top, s) => (s.median_dwell_days !== null && (top === null || s.median_dwell_days > top.median_dwell_days!) ? s : top),
      null,
    );
    return {
      stages,
      overall_conversion: stages.length ? stages[stages.length - 1].conversion_rate : 0,
      bottleneck_stage: bottleneck?.stage ?? null,
      slowest_stage: slowest?.stage ?? null,
      converted_leads: data.get('lead')?.reachedAtLeast(CONVERTED_RANK) ?? null,
      start_date: req.from,
      end_date: req.to,
    };
  }

  private population(p: Population, req: FunnelRequest) {
    if (this.index) {
      const ranksSql = p === 'lead' ? LEAD_RANKS : DEAL_RANKS;
      const read = readPopulation(this.index.entries(p), (stage) => (stage !== null && Object.hasOwn(ranksSql, stage) ? ranksSql[stage] : -1), req);
      return {
        reachedAtLeast: (r: number) => read.ranks.reduce((n, [rr, c]) => (rr >= r || r <= 0 ? n + c : n), 0),
        entered: read.entered,
        dwell: read.dwell,
      };
    }
    const def = TABLE[p];
    const where = `t.deleted_at IS NULL AND t.created_at >= ? AND t.created_at < ?${req.owner ? ` AND ${def.owner} = ?` : ''}`;
    const args = req.owner ? [req.from, req.to, req.owner] : [req.from, req.to];
    const rank = (expr: string) => def.rankSql.replace('%s', expr);
    const ranks = this.statements
      .get(
        `SELECT r, count(*) FROM (
           SELECT max(coalesce(max(${rank('st.to_stage')}), -1), ${rank(def.current)}) AS r
           FROM ${def.table} t LEFT JOIN stage_transitions st ON st.entity = '${p}' AND st.record_id = t.id
           WHERE ${where} GROUP BY t.id
         ) GROUP BY r`,
      )
      .raw()
      .all(...args) as [number, number][];
    const entered = new Map(
      this.statements
        .get(
          `SELECT st.to_stage, count(DISTINCT st.record_id) FROM ${def.table} t JOIN stage_transitions st ON st.entity = '${p}' AND st.record_id = t.id WHERE ${where} GROUP BY 1`,
        )
        .raw()
        .all(...args) as [string, number][],
    );
    const dwell = new Map<string, number[]>();
    const rows = this.statements
      .get(
        `SELECT to_stage, julianday(next_at) - julianday(at) FROM (
           SELECT st.to_stage, st.at, lead(st.at) OVER (PARTITION BY st.record_id ORDER BY st.at) AS next_at
           FROM ${def.table} t JOIN stage_transitions st ON st.entity = '${p}' AND st.record_id = t.id WHERE ${where}
         ) WHERE next_at IS NOT NULL`,
      )
      .raw()
      .all(...args) as [string, number][];
    for (const [stage, days] of rows) {
      let list = dwell.get(stage);
      if (!list) dwell.set(stage, (list = []));
      list.push(days);
    }
    return {
      // Rank 0 is the entry stage: every record of the population entered it, whatever it was created as.
      reachedAtLeast: (r: number) => ranks.reduce((n, [rr, c]) => (rr >= r || r <= 0 ? n + c : n), 0),
      entered,
      dwell,
    };
  }
}
