import { entityByResource } from '../../../shared/entities/entities';
import type { FieldKind } from '../../../shared/entities/field-def';
import type { IconName } from '../../app/icon-paths';

export type ResourceName = 'leads' | 'contacts' | 'companies' | 'opportunities' | 'tasks' | 'activities';

export interface ColumnDef {
  field: string;
  label: string;
  kind: FieldKind;
  /** Joined into one cell, e.g. first + last name. */
  with?: string;
  align?: 'start' | 'end';
}

export interface ResourceDef {
  name: ResourceName;
  title: string;
  singular: string;
  icon: IconName;
  columns: ColumnDef[];
  defaultOrdering: string;
}

interface ColumnSpec {
  field: string;
  with?: string;
  label?: string;
}

/** Which columns a list shows; labels and kinds come from the shared entity contract. */
const SPECS: Record<ResourceName, { icon: IconName; columns: ColumnSpec[] }> = {
  leads: {
    icon: 'lead',
    columns: [
      { field: 'first_name', with: 'last_name', label: 'Name' },
      { field: 'email' }, { field: 'company_name' }, { field: 'status' }, { field: 'priority' },
      { field: 'lead_score' }, { field: 'created_at' },
    ],
  },
  contacts: {
    icon: 'contact',
    columns: [
      { field: 'first_name', with: 'last_name', label: 'Name' },
      { field: 'email' }, { field: 'company_name' }, { field: 'job_title' }, { field: 'created_at' },
    ],
  },
  companies: {
    icon: 'company',
    columns: [{ field: 'name' }, { field: 'industry' }, { field: 'size' }, { field: 'domain' }, { field: 'created_at' }],
  },
  opportunities: {
    icon: 'opportunity',
    columns: [
      { field: 'name' }, { field: 'stage' }, { field: 'amount', with: 'currency' }, { field: 'probability' },
      { field: 'close_date' }, { field: 'created_at' },
    ],
  },
  tasks: {
    icon: 'task',
    columns: [{ field: 'title' }, { field: 'status' }, { field: 'priority' }, { field: 'due_date' }, { field: 'created_at' }],
  },
  activities: {
    icon: 'activity',
    columns: [{ field: 'activity_type' }, { field: 'subject' }, { field: 'occurred_at' }, { field: 'created_at' }],
  },
};

const FALLBACK_KINDS: Record<string, FieldKind> = {
  created_at: 'datetime', amount: 'decimal', lead_score: 'int', probability: 'int',
  close_date: 'date', due_date: 'date', occurred_at: 'datetime',
};

function humanize(field: string): string {
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function buildResource(name: ResourceName): ResourceDef {
  const entity = entityByResource(name);
  const spec = SPECS[name];
  const columns = spec.columns.map((c): ColumnDef => {
    const def = c.field === 'created_at' ? undefined : entity?.fields[c.field];
    const kind = def?.kind ?? FALLBACK_KINDS[c.field] ?? 'text';
    return {
      field: c.field,
      with: c.with,
      label: c.label ?? (c.field === 'created_at' ? 'Created' : (def?.label ?? humanize(c.field))),
      kind,
      align: kind === 'int' || kind === 'decimal' ? 'end' : 'start',
    };
  });
  const label = entity?.label ?? humanize(name);
  return {
    name,
    title: humanize(name),
    singular: label.toLowerCase(),
    icon: spec.icon,
    columns,
    defaultOrdering: '-created_at',
  };
}

export const RESOURCE_NAMES: readonly ResourceName[] = [
  'leads', 'contacts', 'companies', 'opportunities', 'tasks', 'activities',
];

export const RESOURCES: Record<ResourceName, ResourceDef> = Object.fromEntries(
  RESOURCE_NAMES.map((n) => [n, buildResource(n)]),
) as Record<ResourceName, ResourceDef>;

export function isResourceName(value: string): value is ResourceName {
  return (RESOURCE_NAMES as readonly string[]).includes(value);
}
