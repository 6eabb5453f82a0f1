import { v5 as uuidv5 } from 'uuid';
import { int, json, text, type EntityDef } from './field-def';
import { entityByName } from './entities';

/**
 * Team-shared state that is not one of the seven records: it lives in record documents like
 * any record (same write path, same sync, same validation on arrival) and is projected into its
 * owner's table. Adding a synced kind is one definition here and one migration for its table;
 * its engine reads the table and writes through `records.create/update/remove/restore`.
 *
 * Shared kinds have no search index and no tags, and are not served as `/api/v1` records.
 */
export const customFieldKind: EntityDef = {
  name: 'custom_field',
  resource: 'custom-fields',
  table: 'custom_fields',
  label: 'Custom field',
  shared: true,
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: {
    entity: text('Model', { required: true, maxLength: 40 }),
    name: text('Name', { required: true, maxLength: 100 }),
    definition: json('Definition', { required: true }),
  },
};

export const customFieldGroupKind: EntityDef = {
  name: 'custom_field_group',
  resource: 'custom-field-groups',
  table: 'custom_field_groups',
  label: 'Custom field group',
  shared: true,
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: {
    entity: text('Model', { required: true, maxLength: 40 }),
    name: text('Name', { required: true, maxLength: 100 }),
    description: text('Description', { maxLength: 1000 }),
    sort_order: int('Order', { default: 0 }),
  },
};

/** A team KPI (analytics): an aggregate over a field of the records a list filter selects. */
export const metricDefinitionKind: EntityDef = {
  name: 'metric_definition',
  resource: 'metric-definitions',
  table: 'metric_definitions',
  label: 'Metric definition',
  shared: true,
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: {
    name: text('Name', { required: true, maxLength: 63 }),
    label: text('Label', { required: true, maxLength: 500 }),
    description: text('Description', { maxLength: 500 }),
    entity: text('Model', { required: true, maxLength: 40 }),
    aggregate: text('Aggregate', { required: true, maxLength: 10 }),
    field: text('Field', { maxLength: 100 }),
    filter: text('Filter', { maxLength: 2000 }),
    date_field: text('Date field', { required: true, maxLength: 100 }),
  },
};

/**
 * Dashboards and widgets: the owner and the whole definition (one JSON value, so a
 * definition is always one consistent whole; two concurrent edits of one widget keep the later).
 * `name` repeats the definition's name for titles in the audit trail. Where a widget sits on a
 * dashboard is not part of the dashboard's definition but a document of its own (below).
 */
const definitionFields = {
  owner_id: text('Owner', { required: true, maxLength: 64 }),
  name: text('Name', { maxLength: 255 }),
  definition: json('Definition', { required: true }),
};

export const widgetKind: EntityDef = {
  name: 'widget',
  resource: 'widgets',
  table: 'widgets',
  label: 'Widget',
  shared: true,
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: definitionFields,
};

export const dashboardKind: EntityDef = {
  name: 'dashboard',
  resource: 'dashboards',
  table: 'dashboards',
  label: 'Dashboard',
  shared: true,
  titleFields: ['name'],
  lookupFields: ['name'],
  fields: definitionFields,
};

/**
 * One person's column choice for one list (order, and widths when they dragged one), synced
 * with their other devices. Private: only its owner reads or writes it (the API, and remote
 * writes by anyone else are refused).
 */
export const listPreferenceKind: EntityDef = {
  name: 'list_preference',
  resource: 'list-preferences',
  table: 'list_preferences',
  label: 'List preference',
  shared: true,
  privateTo: 'owner_id',
  titleFields: ['entity'],
  lookupFields: ['entity'],
  fields: {
    owner_id: text('Owner', { required: true, maxLength: 64 }),
    entity: text('Model', { required: true, maxLength: 40 }),
    /** `{columns: string[], widths: {column: px}}`: one value, so a choice is always one consistent whole. */
    layout: json('Layout', { required: true }),
  },
};

/**
 * One widget placed on one dashboard. A document per placement, with an id derived from the
 * dashboard and the widget (`placementId`), so teammates who add, move and remove different
 * widgets of one dashboard at the same time all keep their change, and two who add the same
 * widget make one placement. Each coordinate is its own field: one moving a widget while
 * another resizes it keeps both.
 */
export const dashboardWidgetKind: EntityDef = {
  name: 'dashboard_widget',
  resource: 'dashboard-widgets',
  table: 'dashboard_widgets',
  label: 'Dashboard placement',
  shared: true,
  titleFields: ['widget_id'],
  lookupFields: [],
  fields: {
    dashboard_id: text('Dashboard', { required: true, maxLength: 64 }),
    widget_id: text('Widget', { required: true, maxLength: 64 }),
    at_row: int('Row', { required: true }),
    at_column: int('Column', { required: true }),
    width: int('Width', { required: true }),
    height: int('Height', { required: true }),
  },
};

export const SHARED_KINDS: readonly EntityDef[] = [
  customFieldKind,
  customFieldGroupKind,
  metricDefinitionKind,
  widgetKind,
  dashboardKind,
  dashboardWidgetKind,
  listPreferenceKind,
];

/** Namespace of derived document ids (a fixed random UUID: never change it). */
const DERIVED_ID_NAMESPACE = '5b0c7f3e-8d2a-4c61-9f47-2e6a1d9b8c35';

/** The same id for "this widget on this dashboard" on every install. */
export function placementId(dashboardId: string, widgetId: string): string {
  return uuidv5(`placement:${dashboardId}:${widgetId}`, DERIVED_ID_NAMESPACE);
}

/** A derived id in the same namespace, for documents every install must make identically. */
export function derivedId(name: string): string {
  return uuidv5(name, DERIVED_ID_NAMESPACE);
}

const byName = new Map(SHARED_KINDS.map((k) => [k.name, k]));

/** A record entity or a shared kind: every kind of document the write path carries. */
export function documentKind(name: string): EntityDef | undefined {
  return entityByName(name) ?? byName.get(name);
}
