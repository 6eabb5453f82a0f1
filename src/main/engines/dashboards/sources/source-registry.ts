import { validationError, type FieldErrors } from '../../../../shared/errors';
import { WIDGET_TYPES, type WidgetType } from '../../../../shared/contract/dashboard-operations';
import type { DataSource, DataViewer, ParamSpec } from './source-types';
import type { SourceDeps } from './source-deps';
import { aggregateSource } from './aggregate-source';
import { opportunitiesByStageSource, opportunitiesValueSource } from './opportunity-sources';
import { recordsSource } from './records-source';
import { goalSource, leaderboardSource } from './team-sources';
import { heatmapSource, timelineSource } from './activity-sources';
import { locationsSource } from './locations-source';
import { ANALYTICS_SOURCES } from './analytics-sources';
import { isJsonObject, objectOr } from '../../../core/json-object';

const MAX_PARAMS_BYTES = 8_000;

/** The catalogue of widget data sources, by name. */
export class SourceRegistry {
  private readonly sources = new Map<string, DataSource>();

  constructor(deps: SourceDeps, overrides: readonly DataSource[] = []) {
    const all = [
      recordsSource(deps),
      aggregateSource(deps),
      opportunitiesValueSource(deps),
      opportunitiesByStageSource(deps),
      goalSource(deps),
      leaderboardSource(deps),
      timelineSource(deps),
      heatmapSource(deps),
      locationsSource(deps),
      ...ANALYTICS_SOURCES,
      ...overrides,
    ];
    for (const s of all) this.sources.set(s.name, s);
  }

  get(name: string): DataSource | undefined {
    return this.sources.get(name);
  }

  /** What `GET /widgets/data-sources/` shows: enough to build a widget without guessing. */
  catalogue() {
    const results = [...this.sources.values()].map((s) => ({
      name: s.name,
      label: s.label,
      description: s.description,
      widget_types: s.widgetTypes,
      available: s.read !== null,
      params: s.params,
    }));
    return { count: results.length, widget_types: WIDGET_TYPES, results };
  }

  /**
   * Checks a widget's type, source and parameters together and returns the parameters with
   * defaults filled in. Every problem is named: `widget_type`, `data_source`, `query_params.<name>`.
   */
  validate(widgetType: unknown, sourceName: unknown, rawParams: unknown, viewer: DataViewer): Record<string, unknown> {
    const errors: FieldErrors = {};
    if (typeof widgetType !== 'string' || !(WIDGET_TYPES as readonly string[]).includes(widgetType)) {
      errors.widget_type = [`"${String(widgetType)}" is not a widget type. One of: ${WIDGET_TYPES.join(', ')}.`];
    }
    const source = typeof sourceName === 'string' ? this.sources.get(sourceName) : undefined;
    if (!source) errors.data_source = [`Unknown data source "${String(sourceName)}". One of: ${[...this.sources.keys()].join(', ')}.`];
    else if (!source.read) errors.data_source = [`"${source.name}" needs the analytics engine, which this install does not have yet.`];
    else if (!errors.widget_type && !source.widgetTypes.includes(widgetType as WidgetType)) {
      errors.data_source = [`"${source.name}" does not fit a ${String(widgetType)} widget; it fits: ${source.widgetTypes.join(', ')}.`];
    }
    const params = rawParams ?? {};
    if (!isJsonObject(params)) errors.query_params = ['Expected a JSON object.'];
    else if (JSON.stringify(params).length > MAX_PARAMS_BYTES) errors.query_params = [`At most ${MAX_PARAMS_BYTES} bytes.`];
    if (Object.keys(errors).length) throw validationError(errors);
    const out = checkParams(source!, objectOr(params), errors);
    if (!Object.keys(errors).length) source!.check?.(out, viewer, errors, widgetType as WidgetType);
    if (Object.keys(errors).length) throw validationError(errors);
    return out;
  }
}

function checkParams(source: DataSource, params: Record<string, unknown>, errors: FieldErrors): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(params)) {
    if (!source.params[key]) errors[`query_params.${key}`] = [`Unknown parameter of ${source.name}. Its parameters: ${Object.keys(source.params).join(', ')}.`];
  }
  for (const [name, spec] of Object.entries(source.params)) {
    const value = params[name];
    if (value === undefined || value === null) {
      if (spec.required) errors[`query_params.${name}`] = ['This parameter is required.'];
      continue;
    }
    const problem = paramProblem(spec, value);
    if (problem) errors[`query_params.${name}`] = [problem];
    else out[name] = value;
  }
  return out;
}

function paramProblem(spec: ParamSpec, value: unknown): string | null {
  switch (spec.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Must be true or false.';
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value)))
        return `Must be ${spec.type === 'integer' ? 'a whole number' : 'a number'}.`;
      if (spec.minimum !== undefined && value < spec.minimum) return `Must be at least ${spec.minimum}.`;
      if (spec.maximum !== undefined && value > spec.maximum) return `Must be at most ${spec.maximum}.`;
      return null;
    }
    case 'enum':
    case 'period':
    case 'entity':
      return typeof value === 'string' && spec.options!.includes(value) ? null : `One of: ${spec.options!.join(', ')}.`;
    case 'string_list': {
      if (!Array.isArray(value) || value.length > 50 || !value.every((v) => typeof v === 'string')) return 'A list of at most 50 names.';
      const bad = spec.options ? value.find((v) => !spec.options!.includes(v as string)) : undefined;
      return bad === undefined ? null : `"${String(bad)}" is not one of: ${spec.options!.join(', ')}.`;
    }
    case 'filters':
      return typeof value === 'object' && !Array.isArray(value) ? null : 'An object of list filters.';
    default:
      return typeof value === 'string' && value.length > 0 && value.length <= 200 ? null : 'A non-empty text of at most 200 characters.';
  }
}
