export { AnalyticsEngine, type AnalyticsDeps } from './analytics-engine';
export { analyticsHandlers } from './analytics-handlers';
export { transitionsOf, type StageTransition } from './stage-history';
export { periodsFrom, PERIODS as ANALYTICS_PERIODS, DAY_MS } from './periods';
export { FUNNEL_STAGE_NAMES, DEFAULT_FUNNEL } from './funnel';
export { COHORT_METRICS } from './cohort';
export { BUILTIN_METRIC_NAMES } from './builtin-metrics';
export { MAX_FORECAST_PERIODS, MAX_COHORTS } from './analytics-handlers';
