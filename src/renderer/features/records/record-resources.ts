import { entityByResource } from '../../../shared/entities/entities';
import { allFields, type EntityDef, type FieldDef, type FieldKind } from '../../../shared/entities/field-def';
import type { IconName } from '../../app/icon-paths';

export type ResourceName = 'leads' | 'contacts' | 'companies' | 'opportunities' | 'tasks' | 'activities';

export interface ColumnDef {
  field: string;
  label: string;
  kind: FieldKind;
  align: 'start' | 'end';
  /** Grid track width in px. */
  width: number;
  /** The `ordering` name of this column; null when the list cannot sort by it. */
  sortKey: string | null;
  /** People's names of choice values (custom select fields). */
  optionLabels?: Readonly<Record<string, string>>;
}

export interface ResourceDef {
  name: ResourceName;
  title: string;
  singular: string;
  icon: IconName;
  entity: EntityDef;
  /** System and entity fields, keyed by name. */
  fields: Record<string, FieldDef>;
  /** Columns shown when the view names none. */
  defaultColumns: string[];
  /** Field the title column sorts by. */
  titleSortField: string;
  defaultOrdering: string;
  /**
   * With custom fields merged in (see custom-columns.ts): filters named `cf_<name>`, and the
   * `ordering` name of each custom column (null: not sortable).
   */
  customFilters?: Record<string, FieldDef>;
  customSortKeys?: Record<string, string | null>;
}

const SPECS: Record<ResourceName, { icon: IconName; columns: string[]; titleSort: string }> = {
  leads: { icon: 'lead', columns: ['email', 'company_name', 'status', 'priority', 'lead_score', 'created_at'], titleSort: 'last_name' },
  contacts: { icon: 'contact', columns: ['email', 'company', 'job_title', 'contact_type', 'created_at'], titleSort: 'last_name' },
  companies: { icon: 'company', columns: ['industry', 'size', 'domain', 'owner', 'created_at'], titleSort: 'name' },
  opportunities: { icon: 'opportunity', columns: ['stage', 'amount', 'probability', 'close_date', 'company', 'owner'], titleSort: 'name' },
  tasks: { icon: 'task', columns: ['status', 'priority', 'task_type', 'due_date', 'assigned_to'], titleSort: 'title' },
  activities: { icon: 'activity', columns: ['activity_type', 'direction', 'contact', 'occurred_at', 'user'], titleSort: 'subject' },
};

const WIDTHS: Partial<Record<FieldKind, number>> = {
  enum: 140,
  int: 110,
  decimal: 150,
  date: 130,
  datetime: 200,
  email: 240,
  bool: 90,
  ref: 190,
  longtext: 260,
  url: 220,
  phone: 160,
};

function humanize(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A choice column fits its longest option label as a badge (12 px text, ~7 px a letter, badge and cell padding). */
function optionsWidth(def: FieldDef | undefined): number {
  const labels = def?.optionLabels ? Object.values(def.optionLabels) : [];
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  return longest === 0 ? 0 : Math.min(320, Math.ceil(longest * 7 + 48));
}

export function columnFor(resource: ResourceDef, field: string): ColumnDef {
  const def = resource.fields[field];
  const kind = def?.kind ?? 'text';
  const label = def?.label ?? humanize(field);
  const custom = resource.customSortKeys?.[field];
  return {
    field,
    label,
    kind,
    sortKey: custom !== undefined ? custom : field,
    optionLabels: def?.optionLabels,
    align: kind === 'int' || kind === 'decimal' ? 'end' : 'start',
    // Wide enough for the header too: uppercase 12 px letters (~9 px each with the letter
    // spacing; wide ones like M and W push past 8.5), the sort arrow and padding.
    width: Math.max(WIDTHS[kind] ?? 180, Math.ceil(label.length * 9 + 52), optionsWidth(def)),
  };
}

/** Fields a list can show as a column (JSON blobs are not readable in a cell). */
export function columnChoices(resource: ResourceDef): string[] {
  return Object.entries(resource.fields)
    .filter(([name, def]) => def.kind !== 'json' && name !== 'id')
    .map(([name]) => name);
}

function buildResource(name: ResourceName): ResourceDef {
  const entity = entityByResource(name);
  if (!entity) throw new Error(`No entity for ${name}`);
  const spec = SPECS[name];
  return {
    name,
    title: humanize(name),
    singular: entity.label.toLowerCase(),
    icon: spec.icon,
    entity,
    fields: allFields(entity),
    defaultColumns: spec.columns,
    titleSortField: spec.titleSort,
    defaultOrdering: '-created_at',
  };
}

export const RESOURCE_NAMES: readonly ResourceName[] = ['leads', 'contacts', 'companies', 'opportunities', 'tasks', 'activities'];

export const RESOURCES: Record<ResourceName, ResourceDef> = Object.fromEntries(RESOURCE_NAMES.map((n) => [n, buildResource(n)])) as Record<
  ResourceName,
  ResourceDef
>;

export function isResourceName(value: string): value is ResourceName {
  return (RESOURCE_NAMES as readonly string[]).includes(value);
}

/** Resource of an entity name (`lead` -> leads), for refs and notifications. */
export function resourceOfEntity(entityName: string): ResourceDef | undefined {
  return RESOURCE_NAMES.map((n) => RESOURCES[n]).find((r) => r.entity.name === entityName);
}
