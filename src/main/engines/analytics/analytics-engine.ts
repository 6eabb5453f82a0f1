import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { RecordsEngine } from '../records';
import type { ListQueryEngine } from '../query';
import { StageHistory } from './stage-history';
import { ActivityIndex } from './activity-index';
import { MetricMonths } from './metric-months';
import { FunnelIndex } from './funnel-index';
import { WonDeals } from './won-deals';
import { DealHistoryLoader } from './forecast-data';
import { forecast, FORECAST_SEED } from './forecast';
import { backtest, type Backtest } from './forecast-backtest';
import { Funnel } from './funnel';
import { Cohorts } from './cohort';
import { MetricsRunner, type MetricWindow } from './metrics';
import { BUILTIN_METRIC_NAMES } from './builtin-metrics';
import { MetricDefinitions } from './metric-definitions';
import { MetricDefinitionStore } from './metric-definition-store';

export interface AnalyticsDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  query: ListQueryEngine;
}

/** Answers kept while the store is unchanged: the Monday screen asks the same questions often. */
const CACHE_SIZE = 100;

/**
 * Forecast, funnel, cohorts and metrics over the projected rows and the stage history this
 * engine keeps from the write path.
 */
export class AnalyticsEngine {
  readonly stageHistory: StageHistory;
  readonly activities: ActivityIndex;
  readonly deals: DealHistoryLoader;
  readonly funnel: Funnel;
  readonly cohorts: Cohorts;
  readonly metrics: MetricsRunner;
  readonly definitions: MetricDefinitions;
  private readonly answers = new Map<string, { stamp: number; value: unknown }>();
  private readonly userExists;

  constructor(readonly deps: AnalyticsDeps) {
    this.stageHistory = new StageHistory(deps.db);
    this.stageHistory.attach(deps.records);
    this.deals = new DealHistoryLoader(deps.db, () => this.stamp());
    const funnelIndex = new FunnelIndex(deps.db);
    funnelIndex.attach(deps.records);
    this.funnel = new Funnel(deps.db, funnelIndex);
    this.activities = new ActivityIndex(deps.db);
    this.activities.attach(deps.records);
    const won = new WonDeals(deps.db);
    won.attach(deps.records);
    this.cohorts = new Cohorts(deps.db, this.activities, won);
    const months = new MetricMonths(deps.db);
    months.attach(deps.records);
    this.metrics = new MetricsRunner(deps.db, this.activities, months);
    this.definitions = new MetricDefinitions({ store: new MetricDefinitionStore(deps.db, deps.records), query: deps.query, clock: deps.clock });
    this.userExists = deps.db.prepare('SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL').pluck();
  }

  now(): number {
    return this.deps.clock.now().getTime();
  }

  isUser(id: string): boolean {
    return this.userExists.get(id) !== undefined;
  }

  /** Records written and metric definitions changed since start: what analytics answers depend on. */
  stamp(): number {
    return this.stageHistory.version + this.definitions.version;
  }

  /** `compute()` once per key and record write (the clock's day is part of every key). */
  cached<T>(key: string, compute: () => T): T {
    const stamp = this.stamp();
    const hit = this.answers.get(key);
    if (hit && hit.stamp === stamp) return hit.value as T;
    const value = compute();
    if (this.answers.size >= CACHE_SIZE) this.answers.clear();
    this.answers.set(key, { stamp, value });
    return value;
  }

  /** Whether `name` is a built-in metric or one of the team's own (any case). */
  hasMetric(name: string): boolean {
    return BUILTIN_METRIC_NAMES.includes(name) || this.definitions.store.byName(name) !== undefined;
  }

  /**
   * A built-in metric or the team's own by name, over a window: what `metrics/` answers for
   * one name. A metric of the team's own compiles for the viewer's role (validation error when
   * its filter names a field the role may not see).
   */
  metric(name: string, w: MetricWindow, viewer: { id: string; role: string }) {
    if (BUILTIN_METRIC_NAMES.includes(name)) return this.metrics.builtin(name, w);
    const def = this.definitions.store.byName(name);
    return def ? this.metrics.custom(this.definitions.compile(def, viewer), w) : null;
  }

  forecast(req: Parameters<typeof forecast>[1], owner: string | null) {
    const history = this.deals.load(owner);
    const accuracy = (horizon: number): Backtest =>
      this.cached(`backtest|${owner}|${horizon}|${Math.floor(req.now / 86_400_000)}`, () => backtest(history, req.now / 86_400_000, horizon, FORECAST_SEED));
    return forecast(history, req, accuracy);
  }
}
