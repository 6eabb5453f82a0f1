import type { RecordsEngine, WriteContext } from '../records';
import { Prng } from './prng';
import type { SeedClock } from './seed-clock';
import { DAY_MS, dateAt, isoAt, type SeedState } from './seed-state';
import { TimelineQueue } from './timeline-queue';
import {
  activityBody,
  companyBody,
  contactBody,
  leadBody,
  opportunityBody,
  pickRecent,
  pickSeller,
  taskBody,
  workHour,
  type Body,
  type TaskLink,
} from './record-bodies';

export const STREAM_ENTITIES = ['company', 'contact', 'lead', 'opportunity', 'task', 'activity'] as const;
export type StreamEntity = (typeof STREAM_ENTITIES)[number];

const HOUR_MS = 3_600_000;
const FOLLOW_UP_ORDER = STREAM_ENTITIES.length;
const OPEN_STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation'] as const;
const WIN_RATE: Record<string, number> = { prospecting: 0.2, qualification: 0.28, proposal: 0.4, negotiation: 0.55 };

/**
 * Stream position (0..1) to position in history. Tasks cluster towards the end, so the task
 * list around "now" is busy (with some overdue) instead of holding two years' leftovers.
 */
const SHAPES: Record<StreamEntity, (x: number) => number> = {
  company: (x) => x,
  contact: (x) => x,
  lead: (x) => x,
  opportunity: (x) => x,
  activity: (x) => x,
  task: (x) => 1 - (1 - x) ** 2,
};

/**
 * Replays two years of CRM history in time order: each entity is a stream of creates spread
 * over [start, end]; creates schedule follow-ups (a lead gets contacted, a deal closes, a task
 * is done) that happen later, if before `end`. A record only refers to records created
 * earlier, and at the same instant streams run in dependency order, so references are valid.
 */
export class SeedTimeline {
  readonly created: Record<StreamEntity, number> = { company: 0, contact: 0, lead: 0, opportunity: 0, task: 0, activity: 0 };
  updates = 0;
  private writes = 0;
  private readonly queue = new TimelineQueue();
  private readonly rng: Record<StreamEntity | 'flow', Prng>;

  constructor(
    private readonly records: RecordsEngine,
    private readonly clock: SeedClock,
    private readonly state: SeedState,
    private readonly counts: Record<StreamEntity, number>,
    seed: number,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.rng = Object.fromEntries([...STREAM_ENTITIES, 'flow'].map((s) => [s, new Prng(seed, s)])) as SeedTimeline['rng'];
    STREAM_ENTITIES.forEach((entity) => this.scheduleCreate(entity, 0));
  }

  get done(): boolean {
    return this.queue.size === 0;
  }

  /** Replays history until `limit` writes are done (or it ends), in one transaction. */
  runBatch(limit: number): number {
    return this.records.transaction(() => {
      const first = this.writes;
      while (this.writes - first < limit) {
        const event = this.queue.pop();
        if (!event) break;
        this.clock.set(event.at);
        event.run();
      }
      return this.writes - first;
    });
  }

  private scheduleCreate(entity: StreamEntity, i: number): void {
    const n = this.counts[entity];
    if (i >= n) return;
    const x = i === 0 ? 0 : (i + this.rng[entity].next()) / n;
    const at = this.start + Math.floor((this.end - this.start) * SHAPES[entity](x));
    this.queue.push(at, STREAM_ENTITIES.indexOf(entity), () => {
      this.createOne(entity, i, at);
      this.scheduleCreate(entity, i + 1);
    });
  }

  private later(at: number, run: (at: number) => void): void {
    if (at <= this.end) this.queue.push(at, FOLLOW_UP_ORDER, () => run(at));
  }

  private create(entity: string, body: Body, actor: string): string {
    this.writes++;
    this.created[entity as StreamEntity]++;
    return this.records.create(entity, body, ctx(actor)).id as string;
  }

  private update(entity: string, id: string, body: Body, actor: string): void {
    this.writes++;
    this.updates++;
    this.records.update(entity, id, body, ctx(actor));
  }

  private createOne(entity: StreamEntity, i: number, at: number): void {
    const r = this.rng[entity];
    const s = this.state;
    switch (entity) {
      case 'company': {
        const body = companyBody(r, s);
        s.companies.ids.push(this.create('company', body, body.owner as string));
        s.companies.names.push(body.name as string);
        s.companies.domains.push(String(body.domain));
        return;
      }
      case 'contact': {
        const company = r.chance(0.9) ? pickRecent(r, s.companies.ids.length) : -1;
        const body = contactBody(r, s, company);
        s.contacts.ids.push(this.create('contact', body, body.assigned_to as string));
        s.contacts.names.push(`${body.first_name} ${body.last_name}`);
        s.contacts.company.push(company);
        return;
      }
      case 'lead':
        return this.createLead(r, at);
      case 'opportunity':
        return this.createOpportunity(r, at);
      case 'task':
        return this.createTask(r, at);
      case 'activity': {
        const user = pickSeller(r, s);
        const body = activityBody(
          r,
          s,
          this.pickLink(r, [
            ['contact', 50],
            ['opportunity', 30],
            ['lead', 20],
          ]),
          at - r.int(0, 120) * 60_000,
          user,
        );
        this.create('activity', body, user);
      }
    }
  }

  /** A link to a recent record of one of the kinds, among kinds that have records yet. */
  private pickLink(r: Prng, weights: [keyof TaskLink | 'none', number][]): TaskLink {
    const available = weights.filter(([kind]) => kind === 'none' || this.countOf(kind) > 0);
    if (available.length === 0) return {};
    const kind = r.weighted(available);
    return kind === 'none' ? {} : { [kind]: pickRecent(r, this.countOf(kind)) };
  }

  private countOf(kind: keyof TaskLink): number {
    return kind === 'contact' ? this.state.contacts.ids.length : kind === 'lead' ? this.state.leads.ids.length : this.state.opportunities.ids.length;
  }

  private createLead(r: Prng, at: number): void {
    const body = leadBody(r, this.state);
    const id = this.create('lead', body, body.owner as string);
    this.state.leads.ids.push(id);
    this.state.leads.names.push(`${body.first_name} ${body.last_name}`);
    const actor = body.owner as string;
    const f = this.rng.flow;
    if (!f.chance(0.85)) return;
    this.later(at + f.int(1, 10) * DAY_MS + f.int(0, 8) * HOUR_MS, (t1) => {
      this.update('lead', id, { status: 'contacted', last_contact_date: isoAt(t1), next_follow_up: isoAt(t1 + 7 * DAY_MS) }, actor);
      const next = f.weighted([
        ['qualified', 35],
        ['unqualified', 30],
        ['lost', 20],
        ['', 15],
      ] as const);
      if (!next) return;
      this.later(t1 + f.int(3, 30) * DAY_MS, (t2) => {
        const qualified = next === 'qualified';
        this.update('lead', id, { status: next, next_follow_up: qualified ? isoAt(t2 + 7 * DAY_MS) : null }, actor);
        const outcome = qualified
          ? f.weighted([
              ['converted', 45],
              ['lost', 25],
              ['', 30],
            ] as const)
          : '';
        if (outcome) this.later(t2 + f.int(7, 45) * DAY_MS, () => this.update('lead', id, { status: outcome, next_follow_up: null }, actor));
      });
    });
  }

  /**
   * A deal's life: created at some stage with an optimistic close date, then moves on, now and
   * then skips a stage or goes back one, has its close date pushed out, and is won, lost (often
   * early) or left open. Every step is a write, so its stage history is recorded as it happens.
   */
  private createOpportunity(r: Prng, at: number): void {
    const s = this.state;
    const contact = pickRecent(r, s.contacts.ids.length);
    const company = s.contacts.company[contact];
    const first = r.weighted([
      ['prospecting', 50],
      ['qualification', 30],
      ['proposal', 14],
      ['negotiation', 6],
    ] as const);
    const cycle = r.logNormal(45 * DAY_MS, 0.5);
    // Reps promise early: the date given at creation is before the typical close.
    const body = opportunityBody(r, s, contact, company, at + cycle * 0.85, first);
    const owner = body.owner as string;
    const id = this.create('opportunity', body, owner);
    s.opportunities.ids.push(id);
    s.opportunities.names.push(body.name as string);
    s.opportunities.contact.push(contact);
    s.opportunities.company.push(company);
    const f = this.rng.flow;
    // Some deals are never closed in the CRM: they stay open past their close date, as in real pipelines.
    const closes = !f.chance(0.15);
    let closeAt = at + Math.floor(cycle * (0.8 + f.next() * 0.5));
    let rank = OPEN_STAGES.indexOf(first);
    const steps: [number, string][] = [];
    for (const fraction of [0.3, 0.5, 0.7]) {
      const move = f.weighted([
        ['next', 55],
        ['skip', 10],
        ['back', 8],
        ['stay', 27],
      ] as const);
      const target = move === 'next' ? rank + 1 : move === 'skip' ? rank + 2 : move === 'back' ? rank - 1 : rank;
      if (target === rank || target < 0 || target >= OPEN_STAGES.length) continue;
      rank = target;
      steps.push([at + Math.floor(cycle * fraction), OPEN_STAGES[rank]]);
    }
    const won = f.chance(WIN_RATE[OPEN_STAGES[rank]]);
    // Lost deals often die early, before their later stage moves happen.
    if (!won && f.chance(0.5)) closeAt = at + Math.floor(cycle * (0.25 + f.next() * 0.5));
    const end = closes ? closeAt : Infinity;
    for (const [when, next] of steps) {
      if (when >= end) break;
      this.later(when, () => this.update('opportunity', id, { stage: next }, owner));
    }
    if (f.chance(0.35)) {
      const pushAt = at + Math.floor(cycle * 0.6);
      const pushedTo = dateAt(at + cycle * 0.85 + f.int(7, 45) * DAY_MS);
      if (pushAt < end) this.later(pushAt, () => this.update('opportunity', id, { close_date: pushedTo }, owner));
    }
    if (!closes) return;
    const outcome = won ? 'closed_won' : 'closed_lost';
    this.later(closeAt, () => this.update('opportunity', id, { stage: outcome, close_date: dateAt(closeAt) }, owner));
  }

  private createTask(r: Prng, at: number): void {
    const link = this.pickLink(r, [
      ['contact', 45],
      ['opportunity', 25],
      ['lead', 20],
      ['none', 10],
    ]);
    const due = workHour(r, at + r.int(1, 21) * DAY_MS);
    const body = taskBody(r, this.state, link, due);
    const actor = body.assigned_to as string;
    const id = this.create('task', body, actor);
    this.state.tasks.ids.push(id);
    const f = this.rng.flow;
    const fate = f.weighted([
      ['completed', 88],
      ['cancelled', 6],
      ['', 6],
    ] as const);
    if (!fate) return;
    const doneAt = Math.max(at + HOUR_MS, due + f.int(-5 * 24, 3 * 24) * HOUR_MS);
    if (f.chance(0.3)) this.later(Math.floor((at + doneAt) / 2), () => this.update('task', id, { status: 'in_progress' }, actor));
    this.later(doneAt, () => this.update('task', id, { status: fate }, actor));
  }
}

function ctx(actor: string): WriteContext {
  return { actor, origin: 'import' };
}
