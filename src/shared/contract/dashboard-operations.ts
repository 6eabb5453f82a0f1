import { listEnvelope, PAGING_QUERY } from './record-schemas';
import type { JsonSchema, Operation } from './operation';

/** Dashboards and widgets (spec section 4): the widget types, sharing modes and the operations. */

export const WIDGET_TYPES = [
  'metric_card',
  'line_chart',
  'bar_chart',
  'pie_chart',
  'table',
  'funnel',
  'goal',
  'leaderboard',
  'timeline',
  'heatmap',
  'map',
  'list',
] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];

export const WIDGET_SIZES = ['small', 'medium', 'large'] as const;
export const COLOR_SCHEMES = ['blue', 'green', 'purple', 'orange', 'red', 'teal', 'gray'] as const;
/** Who sees a dashboard besides its owner: nobody, the whole team, or the named roles. */
export const DASHBOARD_VISIBILITIES = ['private', 'team', 'roles'] as const;
/** What the people it is shared with may do with it. */
export const SHARE_PERMISSIONS = ['view', 'edit'] as const;
export const GRID_COLUMNS = 12;
export const MIN_REFRESH_SECONDS = 10;
export const MAX_REFRESH_SECONDS = 86_400;
export const DEFAULT_REFRESH_SECONDS = 300;

const OWNER = { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, full_name: { type: 'string' } } };

export const WIDGET_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    widget_type: { type: 'string', enum: [...WIDGET_TYPES] },
    data_source: { type: 'string', description: 'A source of `GET /api/v1/widgets/data-sources/` that fits the widget type' },
    query_params: { type: 'object', description: "The source's parameters (see the catalogue)" },
    size: { type: 'string', enum: [...WIDGET_SIZES] },
    color_scheme: { type: 'string', enum: [...COLOR_SCHEMES] },
    icon: { type: ['string', 'null'] },
    value_prefix: { type: 'string' },
    value_suffix: { type: 'string' },
    refresh_interval: {
      type: 'integer',
      minimum: MIN_REFRESH_SECONDS,
      maximum: MAX_REFRESH_SECONDS,
      description: 'Seconds the data stays cached (a change to records it reads clears it earlier)',
    },
    owner: OWNER,
    can_edit: { type: 'boolean', readOnly: true },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const WIDGET_INPUT = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: Object.fromEntries(
    ['name', 'widget_type', 'data_source', 'query_params', 'size', 'color_scheme', 'icon', 'value_prefix', 'value_suffix', 'refresh_interval'].map((k) => [
      k,
      (WIDGET_SCHEMA.properties as Record<string, unknown>)[k],
    ]),
  ),
});

const PLACEMENT = {
  type: 'object',
  required: ['widget_id'],
  properties: {
    widget_id: { type: 'string' },
    row: { type: 'integer', minimum: 0 },
    column: { type: 'integer', minimum: 0, maximum: GRID_COLUMNS - 1 },
    width: { type: 'integer', minimum: 1, maximum: GRID_COLUMNS },
    height: { type: 'integer', minimum: 1, maximum: 12 },
  },
};

export const DASHBOARD_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string' },
    layout_config: {
      type: 'object',
      properties: { columns: { type: 'integer', const: GRID_COLUMNS }, rowHeight: { type: 'integer', minimum: 40, maximum: 400 } },
    },
    is_default: { type: 'boolean', description: "The caller's default dashboard (one per user; the Overview screen)" },
    visibility: { type: 'string', enum: [...DASHBOARD_VISIBILITIES] },
    shared_roles: { type: 'array', items: { type: 'string' }, description: 'Roles it is shared with when visibility is `roles`' },
    share_permission: { type: 'string', enum: [...SHARE_PERMISSIONS] },
    widgets: { type: 'array', items: { ...PLACEMENT, properties: { ...PLACEMENT.properties, widget: WIDGET_SCHEMA } } },
    owner: OWNER,
    can_edit: { type: 'boolean', readOnly: true },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

const DASHBOARD_INPUT = (required: string[]): JsonSchema => ({
  type: 'object',
  required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string' },
    layout_config: DASHBOARD_SCHEMA.properties && (DASHBOARD_SCHEMA.properties as Record<string, unknown>).layout_config,
    is_default: { type: 'boolean' },
    visibility: { type: 'string', enum: [...DASHBOARD_VISIBILITIES] },
    shared_roles: { type: 'array', items: { type: 'string' } },
    share_permission: { type: 'string', enum: [...SHARE_PERMISSIONS] },
    layout: { type: 'array', items: PLACEMENT, description: 'Every placed widget at once (the grid after a drag or resize); widgets left out are removed' },
  },
});

const W = '/api/v1/widgets/';
const D = '/api/v1/dashboards/';

/** `as const`: the remove_widget handler's body type derives from it. */
export const REMOVE_WIDGET_BODY = { type: 'object', properties: { widget_id: { type: 'string' } } } as const;

export const DASHBOARD_OPERATIONS: readonly Operation[] = [
  {
    id: 'widgets.data_sources',
    method: 'GET',
    path: `${W}data-sources/`,
    summary: 'The catalogue of widget data sources: parameters and the widget types each fits',
    tag: 'Widgets',
    access: 'read',
  },
  {
    id: 'widgets.preview',
    method: 'POST',
    path: `${W}preview/`,
    summary: 'The data a widget would show, without saving it (the Add widget dialog)',
    tag: 'Widgets',
    access: 'read',
    requestBody: WIDGET_INPUT(['widget_type', 'data_source']),
  },
  {
    id: 'widgets.list',
    method: 'GET',
    path: W,
    summary: 'Widgets you own or can see on a dashboard shared with you',
    tag: 'Widgets',
    access: 'read',
    query: PAGING_QUERY,
    response: listEnvelope(WIDGET_SCHEMA),
  },
  {
    id: 'widgets.create',
    method: 'POST',
    path: W,
    summary: 'Create a widget',
    tag: 'Widgets',
    access: 'write',
    status: 201,
    requestBody: WIDGET_INPUT(['name', 'widget_type', 'data_source']),
    response: WIDGET_SCHEMA,
  },
  { id: 'widgets.retrieve', method: 'GET', path: `${W}{id}/`, summary: 'One widget', tag: 'Widgets', access: 'read', response: WIDGET_SCHEMA },
  {
    id: 'widgets.update',
    method: 'PUT',
    path: `${W}{id}/`,
    summary: 'Change a widget (fields left out keep their value)',
    tag: 'Widgets',
    access: 'write',
    requestBody: WIDGET_INPUT([]),
    response: WIDGET_SCHEMA,
  },
  {
    id: 'widgets.destroy',
    method: 'DELETE',
    path: `${W}{id}/`,
    summary: 'Delete a widget (and take it off every dashboard)',
    tag: 'Widgets',
    access: 'write',
    status: 204,
  },
  {
    id: 'widgets.data',
    method: 'GET',
    path: `${W}{id}/data/`,
    summary: "A widget's data as its viewer may read it, in the shape of its type; `cached` says whether it came from the cache",
    tag: 'Widgets',
    access: 'read',
    response: { type: 'object', properties: { data: { type: 'object' }, cached: { type: 'boolean' } } },
  },
  {
    id: 'dashboards.list',
    method: 'GET',
    path: D,
    summary: 'Your dashboards and the ones shared with you (your default first)',
    tag: 'Dashboards',
    access: 'read',
    query: PAGING_QUERY,
    response: listEnvelope(DASHBOARD_SCHEMA),
  },
  {
    id: 'dashboards.create',
    method: 'POST',
    path: D,
    summary: 'Create a dashboard',
    tag: 'Dashboards',
    access: 'write',
    status: 201,
    requestBody: DASHBOARD_INPUT(['name']),
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.default',
    method: 'GET',
    path: `${D}default/`,
    summary: 'Your default dashboard (a starter one is made on first use)',
    tag: 'Dashboards',
    access: 'read',
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.retrieve',
    method: 'GET',
    path: `${D}{id}/`,
    summary: 'One dashboard with its placed widgets',
    tag: 'Dashboards',
    access: 'read',
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.update',
    method: 'PUT',
    path: `${D}{id}/`,
    summary: 'Change a dashboard, its sharing or its whole layout (fields left out keep their value)',
    tag: 'Dashboards',
    access: 'write',
    requestBody: DASHBOARD_INPUT([]),
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.destroy',
    method: 'DELETE',
    path: `${D}{id}/`,
    summary: 'Delete a dashboard (its widgets stay)',
    tag: 'Dashboards',
    access: 'write',
    status: 204,
  },
  {
    id: 'dashboards.set_default',
    method: 'POST',
    path: `${D}{id}/set_default/`,
    summary: 'Make this your default dashboard',
    tag: 'Dashboards',
    access: 'self',
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.add_widget',
    method: 'POST',
    path: `${D}{id}/add_widget/`,
    summary: 'Place a widget on the grid (row, column, width, height on 12 columns)',
    tag: 'Dashboards',
    access: 'write',
    requestBody: PLACEMENT,
    response: DASHBOARD_SCHEMA,
  },
  {
    id: 'dashboards.remove_widget',
    method: 'DELETE',
    path: `${D}{id}/remove_widget/`,
    summary: 'Take a widget off the grid (`widget_id` in the body or the query)',
    tag: 'Dashboards',
    access: 'write',
    requestBody: REMOVE_WIDGET_BODY,
    query: [{ name: 'widget_id', description: 'The widget to take off' }],
    response: DASHBOARD_SCHEMA,
  },
];

/** A widget as stored and synced (the API adds `id` and `can_edit`). */
export interface WidgetDefinition {
  name: string;
  widget_type: WidgetType;
  data_source: string;
  query_params: Record<string, unknown>;
  size: string;
  color_scheme: string;
  icon: string | null;
  value_prefix: string;
  value_suffix: string;
  refresh_interval: number;
}

/** Where a widget sits on the 12-column grid. */
export interface Placement {
  widget_id: string;
  row: number;
  column: number;
  width: number;
  height: number;
}
