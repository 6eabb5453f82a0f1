import type { FieldErrors } from '../../../shared/errors';
import { USER_ROLES } from '../../../shared/entities/enums';
import {
  COLOR_SCHEMES,
  DASHBOARD_VISIBILITIES,
  DEFAULT_REFRESH_SECONDS,
  GRID_COLUMNS,
  MAX_REFRESH_SECONDS,
  MIN_REFRESH_SECONDS,
  SHARE_PERMISSIONS,
  WIDGET_SIZES,
} from '../../../shared/contract/dashboard-operations';
import type { DashboardDefinition, Placement, WidgetDefinition } from './dashboard-types';
import { isJsonObject, objectBody, objectOr } from '../../core/json-object';

/** Where the engine's other input checks live, as before. */
export { objectBody };

const NAME_MAX = 100;
const TEXT_MAX = 1_000;
const MAX_HEIGHT = 12;
const WIDGET_KEYS = ['name', 'widget_type', 'data_source', 'query_params', 'size', 'color_scheme', 'icon', 'value_prefix', 'value_suffix', 'refresh_interval'];
const DASHBOARD_KEYS = ['name', 'description', 'layout_config', 'is_default', 'visibility', 'shared_roles', 'share_permission', 'layout'];
/** Widgets one dashboard holds at most (a layout, or add_widget one by one). */
export const MAX_PLACEMENTS = 100;
export const DEFAULT_WIDTH: Record<string, number> = { small: 3, medium: 6, large: 12 };

function unknownKeys(input: Record<string, unknown>, allowed: string[], errors: FieldErrors): void {
  for (const key of Object.keys(input)) if (!allowed.includes(key)) errors[key] = [`Unknown field. Fields: ${allowed.join(', ')}.`];
}

function text(input: Record<string, unknown>, key: string, fallback: string, errors: FieldErrors, opts: { required?: boolean; max?: number } = {}): string {
  const raw = input[key];
  if (raw === undefined) {
    if (opts.required) errors[key] = ['This field is required.'];
    return fallback;
  }
  const max = opts.max ?? TEXT_MAX;
  if (typeof raw !== 'string') errors[key] = ['Must be a text.'];
  else if (opts.required && raw.trim() === '') errors[key] = ['This field may not be blank.'];
  else if (raw.length > max) errors[key] = [`Ensure this field has no more than ${max} characters.`];
  return typeof raw === 'string' ? raw.trim() : fallback;
}

function oneOf<T extends string>(input: Record<string, unknown>, key: string, options: readonly T[], fallback: T, errors: FieldErrors): T {
  const raw = input[key];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !options.includes(raw as T)) errors[key] = [`One of: ${options.join(', ')}.`];
  return raw as T;
}

function int(raw: unknown, key: string, min: number, max: number, errors: FieldErrors): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) errors[key] = [`A whole number from ${min} to ${max}.`];
  return raw as number;
}

/**
 * A widget's presentation fields checked and merged over what it had (`prior`); the type,
 * source and parameters are checked by the source registry.
 */
export function widgetFields(
  body: unknown,
  prior: WidgetDefinition | null,
): { def: Omit<WidgetDefinition, 'query_params'>; rawParams: unknown; errors: FieldErrors } {
  const input = objectBody(body);
  const errors: FieldErrors = {};
  unknownKeys(input, WIDGET_KEYS, errors);
  const def = {
    name: text(input, 'name', prior?.name ?? '', errors, { required: !prior, max: NAME_MAX }),
    widget_type: (input.widget_type ?? prior?.widget_type) as WidgetDefinition['widget_type'],
    data_source: (input.data_source ?? prior?.data_source) as string,
    size: oneOf(input, 'size', WIDGET_SIZES, (prior?.size ?? 'medium') as (typeof WIDGET_SIZES)[number], errors),
    color_scheme: oneOf(input, 'color_scheme', COLOR_SCHEMES, (prior?.color_scheme ?? 'blue') as (typeof COLOR_SCHEMES)[number], errors),
    icon: input.icon === null ? null : text(input, 'icon', prior?.icon ?? '', errors, { max: 64 }) || null,
    value_prefix: text(input, 'value_prefix', prior?.value_prefix ?? '', errors, { max: 8 }),
    value_suffix: text(input, 'value_suffix', prior?.value_suffix ?? '', errors, { max: 8 }),
    refresh_interval:
      input.refresh_interval === undefined
        ? (prior?.refresh_interval ?? DEFAULT_REFRESH_SECONDS)
        : int(input.refresh_interval, 'refresh_interval', MIN_REFRESH_SECONDS, MAX_REFRESH_SECONDS, errors),
  };
  if (!prior && input.widget_type === undefined) errors.widget_type = ['This field is required.'];
  if (!prior && input.data_source === undefined) errors.data_source = ['This field is required.'];
  const rawParams =
    input.query_params === undefined
      ? input.data_source === undefined || input.data_source === prior?.data_source
        ? (prior?.query_params ?? {})
        : {}
      : input.query_params;
  return { def, rawParams, errors };
}

/** One grid placement: inside 12 columns, sized from the widget's size when not given. */
export function placement(raw: unknown, key: string, defaults: { width: number; row: number }, errors: FieldErrors): Placement {
  const input = objectOr(raw);
  if (typeof input.widget_id !== 'string' || input.widget_id === '') errors[`${key}widget_id`] = ['This field is required.'];
  for (const k of Object.keys(input)) if (!['widget_id', 'row', 'column', 'width', 'height'].includes(k)) errors[`${key}${k}`] = ['Unknown field.'];
  const p: Placement = {
    widget_id: String(input.widget_id),
    row: input.row === undefined ? defaults.row : int(input.row, `${key}row`, 0, 1_000, errors),
    column: input.column === undefined ? 0 : int(input.column, `${key}column`, 0, GRID_COLUMNS - 1, errors),
    width: input.width === undefined ? defaults.width : int(input.width, `${key}width`, 1, GRID_COLUMNS, errors),
    height: input.height === undefined ? 2 : int(input.height, `${key}height`, 1, MAX_HEIGHT, errors),
  };
  if (!errors[`${key}column`] && !errors[`${key}width`] && p.column + p.width > GRID_COLUMNS) {
    errors[`${key}width`] = [`column + width must be at most ${GRID_COLUMNS} (the grid has ${GRID_COLUMNS} columns).`];
  }
  return p;
}

/**
 * A dashboard's fields checked and merged over what it had; `layout`, when given, is the
 * whole new set of placements.
 */
export function dashboardFields(
  body: unknown,
  prior: DashboardDefinition | null,
): { def: DashboardDefinition; isDefault: boolean | undefined; errors: FieldErrors; layout: Placement[] | null } {
  const input = objectBody(body);
  const errors: FieldErrors = {};
  unknownKeys(input, DASHBOARD_KEYS, errors);
  const layoutConfig = { columns: GRID_COLUMNS, rowHeight: prior?.layout_config.rowHeight ?? 90 };
  if (input.layout_config !== undefined) {
    const lc = input.layout_config;
    if (!isJsonObject(lc)) errors.layout_config = ['Expected {"columns": 12, "rowHeight": 40-400}.'];
    else {
      if (lc.columns !== undefined && lc.columns !== GRID_COLUMNS) errors['layout_config.columns'] = [`The grid has ${GRID_COLUMNS} columns.`];
      if (lc.rowHeight !== undefined) layoutConfig.rowHeight = int(lc.rowHeight, 'layout_config.rowHeight', 40, 400, errors);
      for (const k of Object.keys(lc)) if (!['columns', 'rowHeight'].includes(k)) errors[`layout_config.${k}`] = ['Unknown field.'];
    }
  }
  const sharedRoles = input.shared_roles === undefined ? (prior?.shared_roles ?? []) : input.shared_roles;
  if (!Array.isArray(sharedRoles) || !sharedRoles.every((r) => (USER_ROLES as readonly string[]).includes(r as string))) {
    errors.shared_roles = [`A list of roles: ${USER_ROLES.join(', ')}.`];
  }
  const visibility = oneOf(input, 'visibility', DASHBOARD_VISIBILITIES, prior?.visibility ?? 'private', errors);
  if (visibility === 'roles' && Array.isArray(sharedRoles) && sharedRoles.length === 0 && !errors.shared_roles)
    errors.shared_roles = ['Name at least one role to share with.'];
  let layout: Placement[] | null = null;
  if (input.layout !== undefined) {
    if (!Array.isArray(input.layout) || input.layout.length > MAX_PLACEMENTS) errors.layout = [`A list of at most ${MAX_PLACEMENTS} placements.`];
    else layout = input.layout.map((p, i) => placement(p, `layout[${i}].`, { width: 6, row: 0 }, errors));
    const ids = (layout ?? []).map((p) => p.widget_id);
    if (new Set(ids).size !== ids.length) errors.layout = ['A widget appears twice.'];
  }
  if (input.is_default !== undefined && typeof input.is_default !== 'boolean') errors.is_default = ['Must be true or false.'];
  return {
    def: {
      name: text(input, 'name', prior?.name ?? '', errors, { required: !prior, max: NAME_MAX }),
      description: text(input, 'description', prior?.description ?? '', errors),
      layout_config: layoutConfig,
      visibility,
      shared_roles: Array.isArray(sharedRoles) ? [...new Set(sharedRoles as string[])] : [],
      share_permission: oneOf(input, 'share_permission', SHARE_PERMISSIONS, prior?.share_permission ?? 'view', errors),
    },
    isDefault: input.is_default as boolean | undefined,
    errors,
    layout,
  };
}
