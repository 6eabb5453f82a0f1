import type { JsonSchema, Operation, QueryParamDoc } from './operation';

/** Analytics (spec section 1): forecast, funnel, cohorts, metrics, and the team's own metric definitions. */

const tag = 'Analytics';
const num = { type: ['number', 'null'] };
const DATE_PARAMS: QueryParamDoc[] = [
  { name: 'start_date', description: 'YYYY-MM-DD (default: a year before end_date; the forecast: today)', schema: { type: 'string', format: 'date' } },
  { name: 'end_date', description: 'YYYY-MM-DD, included (default: today; the forecast: start_date + periods)', schema: { type: 'string', format: 'date' } },
];
const OWNER: QueryParamDoc = { name: 'owner', description: "Only this user's deals, leads, contacts or activities (user id)" };
const PERIOD_ENUM = ['day', 'week', 'month'];

const FORECAST: JsonSchema = {
  type: 'object',
  properties: {
    forecast: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: { type: 'string', description: 'Start of the period' },
          predicted_value: { type: 'number', description: 'P50 of the bookings from start_date to the end of this period (cumulative, closed ones included)' },
          confidence_low: { type: 'number', description: 'P10' },
          confidence_high: { type: 'number', description: 'P90' },
          closed_to_date: num,
          pipeline: { type: 'number', description: "P50 of the open deals' part" },
          run_rate: { type: 'number', description: 'P50 of the part from deals not yet created' },
        },
      },
    },
    model_accuracy: { ...num, description: 'Band coverage of the backtest: share of past cut-offs whose actual bookings fell inside the 80% band' },
    accuracy: { type: 'object', description: 'The backtest: method, measure, band_coverage, mape, cutoffs, horizon_days' },
    trend: { type: 'string', enum: ['upward', 'downward', 'flat'] },
    closed_to_date: { type: 'number' },
    based_on_closed_deals: { type: 'integer' },
    data_sufficiency: {
      type: 'object',
      properties: { sufficient: { type: 'boolean' }, resolved_deals: { type: 'integer' }, booking_weeks: { type: 'integer' }, message: { type: 'string' } },
    },
    components: { type: 'object', description: 'pipeline and run_rate over the whole window, each with predicted_value, confidence_low, confidence_high' },
  },
};

const FUNNEL: JsonSchema = {
  type: 'object',
  properties: {
    stages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          stage: { type: 'string' },
          count: { type: 'integer', description: 'Reached this stage or a later one' },
          entered: { type: 'integer', description: 'Had a recorded transition into this stage' },
          conversion_rate: { type: 'number', description: 'Percent of the first stage' },
          step_conversion_rate: num,
          median_dwell_days: num,
        },
      },
    },
    overall_conversion: { type: 'number' },
    bottleneck_stage: { type: ['string', 'null'], description: 'Lowest step conversion' },
    slowest_stage: { type: ['string', 'null'], description: 'Longest median dwell' },
  },
};

const COHORT: JsonSchema = {
  type: 'object',
  properties: {
    cohorts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { cohort: { type: 'string' }, size: { type: 'integer' }, periods: { type: 'array', items: { type: 'number' } }, retention_rate: num },
      },
    },
    average_retention: num,
    best_cohort: { type: ['string', 'null'] },
  },
};

const DEFINITION: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'Asked for by this name in metrics=' },
    label: { type: 'string' },
    description: { type: 'string' },
    entity: { type: 'string', enum: ['lead', 'contact', 'company', 'opportunity', 'task', 'activity'] },
    aggregate: { type: 'string', enum: ['count', 'sum', 'avg', 'median', 'min', 'max'] },
    field: { type: ['string', 'null'], description: 'A number field (cf_<name> for a custom field); not for count' },
    filter: { type: 'string', description: "A list query string, as on the entity's list endpoint (e.g. `stage=proposal&cf_region=north`)" },
    date_field: { type: 'string', description: 'The date that places a record in a period (default created_at)' },
    created_by: { type: ['string', 'null'] },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};
const DEFINITION_INPUT = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: Object.fromEntries(
    ['name', 'label', 'description', 'entity', 'aggregate', 'field', 'filter', 'date_field'].map((k) => [
      k,
      (DEFINITION.properties as Record<string, JsonSchema>)[k],
    ]),
  ),
});

const defs = '/api/v1/analytics/metric-definitions/';

export const ANALYTICS_OPERATIONS: readonly Operation[] = [
  {
    id: 'analytics.forecast',
    method: 'GET',
    path: '/api/v1/analytics/forecast/',
    summary: 'Bookings forecast: P50 and 80% band per period from a Monte Carlo of the open pipeline plus a run rate, with a backtest',
    tag,
    access: 'read',
    query: [
      ...DATE_PARAMS,
      {
        name: 'periods',
        description: 'Number of periods (default 30, at most 366); ignored when end_date is given',
        schema: { type: 'integer', minimum: 1, maximum: 366 },
      },
      { name: 'period', description: 'day (default), week or month', schema: { type: 'string', enum: PERIOD_ENUM } },
      OWNER,
    ],
    response: FORECAST,
  },
  {
    id: 'analytics.funnel',
    method: 'GET',
    path: '/api/v1/analytics/funnel/',
    summary: 'Conversion funnel from the recorded stage transitions of the leads and deals created in the window',
    tag,
    access: 'read',
    query: [
      ...DATE_PARAMS,
      { name: 'stages', description: 'Comma list, in funnel order: lead, contacted, qualified, prospecting, qualification, proposal, negotiation, won' },
      OWNER,
    ],
    response: FUNNEL,
  },
  {
    id: 'analytics.cohort',
    method: 'GET',
    path: '/api/v1/analytics/cohort/',
    summary: 'Cohorts of contacts (by creation, or first won deal for revenue) over the periods they have lived',
    tag,
    access: 'read',
    query: [
      { name: 'metric', description: 'retention, revenue or activity', required: true, schema: { type: 'string', enum: ['retention', 'revenue', 'activity'] } },
      { name: 'period', description: 'day, week or month (default)', schema: { type: 'string', enum: PERIOD_ENUM } },
      { name: 'cohorts', description: 'Number of cohorts (default 12, at most 60)', schema: { type: 'integer', minimum: 1, maximum: 60 } },
      OWNER,
    ],
    response: COHORT,
  },
  {
    id: 'analytics.metrics',
    method: 'GET',
    path: '/api/v1/analytics/metrics/',
    summary: 'Built-in and user-defined metrics over a window, in total and per period',
    tag,
    access: 'read',
    query: [
      {
        name: 'metrics',
        description:
          "Comma list: win_rate, avg_deal_size, sales_velocity, pipeline_value, weighted_pipeline, revenue_won, deals_won, deals_lost, avg_sales_cycle_days, lead_conversion_rate, new_leads, activities_count, or a metric definition's name",
        required: true,
      },
      ...DATE_PARAMS,
      { name: 'group_by', description: 'day, week or month: a series per period besides the total', schema: { type: 'string', enum: PERIOD_ENUM } },
      OWNER,
    ],
    response: {
      type: 'object',
      properties: {
        start_date: { type: 'string' },
        end_date: { type: 'string' },
        group_by: { type: ['string', 'null'] },
        metrics: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { value: num, n: { type: 'integer' }, median: num, unit: { type: 'string' }, series: { type: ['array', 'null'] } },
          },
        },
      },
    },
  },
  {
    id: 'metric_definitions.list',
    method: 'GET',
    path: defs,
    summary: "The team's metric definitions",
    tag,
    access: 'read',
    response: {
      type: 'object',
      properties: { count: { type: 'integer' }, next: { type: 'null' }, previous: { type: 'null' }, results: { type: 'array', items: DEFINITION } },
    },
  },
  {
    id: 'metric_definitions.create',
    method: 'POST',
    path: defs,
    summary: 'Define a metric (admins and managers)',
    tag,
    access: 'manager',
    status: 201,
    requestBody: DEFINITION_INPUT(['name', 'entity', 'aggregate']),
    response: DEFINITION,
  },
  { id: 'metric_definitions.retrieve', method: 'GET', path: `${defs}{id}/`, summary: 'One metric definition', tag, access: 'read', response: DEFINITION },
  {
    id: 'metric_definitions.update',
    method: 'PATCH',
    path: `${defs}{id}/`,
    summary: 'Change a metric definition (admins and managers)',
    tag,
    access: 'manager',
    requestBody: DEFINITION_INPUT([]),
    response: DEFINITION,
  },
  {
    id: 'metric_definitions.destroy',
    method: 'DELETE',
    path: `${defs}{id}/`,
    summary: 'Delete a metric definition (admins and managers)',
    tag,
    access: 'manager',
    status: 204,
  },
];
