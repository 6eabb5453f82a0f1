import { requireCaller, type Caller, type HandlerMap, type HandlerRequest } from '../../core/handler';
import { AppError, validationError } from '../../../shared/errors';
import type { MetricDefinition } from './metric-definitions';
import type { AnalyticsEngine } from './analytics-engine';
import { ParamReader } from './analytics-params';
import { addPeriods, DAY_MS, isoDate, periodsFrom, periodStart, periodStarts } from './periods';
import { DEFAULT_FUNNEL, FUNNEL_STAGE_NAMES } from './funnel';
import { COHORT_METRICS } from './cohort';
import { BUILTIN_METRIC_NAMES } from './builtin-metrics';

export const MAX_FORECAST_PERIODS = 366;
export const MAX_COHORTS = 60;
const DEFAULT_WINDOW_DAYS = 365;

function today(engine: AnalyticsEngine): number {
  return Math.floor(engine.now() / DAY_MS) * DAY_MS;
}

/** The owner filter: a user id (every role reads every record today, so any user may be asked for). */
function owner(engine: AnalyticsEngine, p: ParamReader): string | null {
  const id = p.text('owner');
  if (id === undefined) return null;
  if (!engine.isUser(id)) p.fail('owner', 'Unknown user id.');
  return id;
}

function cacheKey(req: HandlerRequest, day: number): string {
  return `${req.path}|${day}|${JSON.stringify(Object.entries(req.query).sort())}`;
}

function forecastHandler(engine: AnalyticsEngine, req: HandlerRequest) {
  const p = new ParamReader(req.query, ['start_date', 'end_date', 'periods', 'period', 'owner']);
  const now = today(engine);
  const period = p.period('period', 'day');
  const periods = p.int('periods', 30, 1, MAX_FORECAST_PERIODS);
  const who = owner(engine, p);
  const startDate = p.date('start_date');
  const endDate = p.date('end_date');
  const start = periodStart(period, startDate ?? now);
  let starts: number[] = [];
  let end = 0;
  if (endDate !== undefined) {
    if (endDate < (startDate ?? now)) p.fail('end_date', 'The end date must not be before the start date.');
    else {
      starts = periodStarts(period, start, endDate);
      end = addPeriods(period, starts[starts.length - 1], 1);
      if (starts.length > MAX_FORECAST_PERIODS) p.fail('end_date', `At most ${MAX_FORECAST_PERIODS} periods from the start date.`);
    }
  } else {
    ({ starts, end } = periodsFrom(period, start, periods));
  }
  p.done();
  return engine.cached(cacheKey(req, now), () => engine.forecast({ starts, end, period, now }, who));
}

function windowOf(p: ParamReader, now: number): { from: string; to: string } {
  const range = p.range({ start: now - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS, end: now });
  return { from: isoDate(range.start), to: isoDate(range.end + DAY_MS) };
}

function funnelHandler(engine: AnalyticsEngine, req: HandlerRequest) {
  const p = new ParamReader(req.query, ['start_date', 'end_date', 'stages', 'owner']);
  const now = today(engine);
  const window = windowOf(p, now);
  const stages = p.list('stages') ?? DEFAULT_FUNNEL;
  const unknown = stages.filter((s) => !FUNNEL_STAGE_NAMES.includes(s));
  if (unknown.length) p.fail('stages', `Unknown stage(s) ${unknown.join(', ')}; known, in funnel order: ${FUNNEL_STAGE_NAMES.join(', ')}.`);
  const who = owner(engine, p);
  p.done();
  return engine.cached(cacheKey(req, now), () => {
    const result = engine.funnel.run({ stages, from: window.from, to: window.to, owner: who });
    return { ...result, end_date: isoDate(Date.parse(`${window.to}T00:00:00Z`) - DAY_MS) };
  });
}

function cohortHandler(engine: AnalyticsEngine, req: HandlerRequest) {
  const p = new ParamReader(req.query, ['metric', 'period', 'cohorts', 'owner']);
  const metric = p.choice('metric', COHORT_METRICS, null);
  if (metric === null && !p.errors.metric) p.fail('metric', `This parameter is required: one of ${COHORT_METRICS.join(', ')}.`);
  const period = p.period('period', 'month');
  const cohorts = p.int('cohorts', 12, 1, MAX_COHORTS);
  const who = owner(engine, p);
  p.done();
  const now = today(engine);
  return engine.cached(cacheKey(req, now), () => engine.cohorts.run({ metric: metric!, period, cohorts, owner: who, now }));
}

function metricsHandler(engine: AnalyticsEngine, req: HandlerRequest) {
  const caller = requireCaller(req);
  const p = new ParamReader(req.query, ['metrics', 'start_date', 'end_date', 'group_by', 'owner']);
  const names = p.list('metrics');
  const defs = new Map(engine.definitions.list().map((d) => [d.name.toLowerCase(), d]));
  if (!names && !p.errors.metrics) p.fail('metrics', `This parameter is required: a comma list of ${[...BUILTIN_METRIC_NAMES, ...defs.keys()].join(', ')}.`);
  const unknown = (names ?? []).filter((n) => !BUILTIN_METRIC_NAMES.includes(n) && !defs.has(n.toLowerCase()));
  if (unknown.length)
    p.fail('metrics', `Unknown metric(s) ${unknown.join(', ')}; known: ${[...BUILTIN_METRIC_NAMES, ...[...defs.values()].map((d) => d.name)].join(', ')}.`);
  const now = today(engine);
  const window = windowOf(p, now);
  const groupBy = p.period('group_by', null);
  const who = owner(engine, p);
  p.done();
  const w = { ...window, groupBy, owner: who };
  const compute = () => {
    const metrics: Record<string, unknown> = {};
    for (const name of names!) {
      const def = defs.get(name.toLowerCase());
      metrics[name] = def ? engine.metrics.custom(compileFor(engine, def, caller), w) : engine.metrics.builtin(name, w);
    }
    return { start_date: window.from, end_date: isoDate(Date.parse(`${window.to}T00:00:00Z`) - DAY_MS), group_by: groupBy, metrics };
  };
  // A user-defined metric compiles for the caller's role and the custom fields of the moment
  // (whose definitions this engine does not watch): computed every time.
  if (names!.some((n) => defs.has(n.toLowerCase()))) return compute();
  return engine.cached(cacheKey(req, now), compute);
}

/** A definition whose filter names a field the caller's role may not see is refused for them, naming the metric. */
function compileFor(engine: AnalyticsEngine, def: MetricDefinition, caller: Caller) {
  try {
    return engine.definitions.compile(def, caller);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation_failed') throw e;
    const problems = Object.entries(e.fields ?? {}).flatMap(([param, messages]) => messages.map((m) => `${def.name}: ${param}: ${m}`));
    throw validationError({ metrics: problems.length ? problems : [`${def.name}: ${e.message}`] });
  }
}

export function analyticsHandlers(engine: AnalyticsEngine): HandlerMap {
  return {
    'analytics.forecast': (req) => forecastHandler(engine, req),
    'analytics.funnel': (req) => funnelHandler(engine, req),
    'analytics.cohort': (req) => cohortHandler(engine, req),
    'analytics.metrics': (req) => metricsHandler(engine, req),
    'metric_definitions.list': () => {
      const results = engine.definitions.list();
      return { count: results.length, next: null, previous: null, results };
    },
    'metric_definitions.create': (req) => engine.definitions.create(req.body, requireCaller(req)),
    'metric_definitions.retrieve': (req) => engine.definitions.get(req.params.id),
    'metric_definitions.update': (req) => engine.definitions.update(req.params.id, req.body, requireCaller(req)),
    'metric_definitions.destroy': (req) => {
      engine.definitions.remove(req.params.id);
      return undefined;
    },
  };
}
