/**
 * Answers of the operations the app's screens call, declared once beside the operation table
 * (the renderer used to re-declare each next to the screen that read it). Shapes that already
 * had a shared home (campaign-types, data-transfer-types, timeline-types, realtime-messages,
 * dashboard-operations) stay there.
 */
import type { Placement, WidgetDefinition, WidgetType } from './dashboard-operations';

/** Any record as the generic record operations return it; its fields depend on the entity. */
export type ApiRecord = Record<string, unknown> & { id: string };

/** The list envelope every paged collection returns (`listEnvelope` in record-schemas). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** A bare `{ results }` answer (lists that are not paged). */
export interface Results<T> {
  results: T[];
}

/** The signed-in user as the auth endpoints return it. */
// Type aliases, not interfaces, so a user reads as any record (`Record<string, unknown>`).
export type SessionUser = {
  id: string;
  username: string;
  email: string;
  full_name: string;
  role: string;
};

/** `auth.token`, `auth.refresh`, `auth.setup`, `sync.join`. */
export interface TokenPair {
  access: string;
  refresh: string;
  user: SessionUser;
}

export type TeamUser = SessionUser & {
  is_active: boolean;
  last_login: string | null;
};

export interface ApiToken {
  id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A field change as `GET /field-history/` returns it, values already formatted for people. */
export interface FieldChange {
  id: string;
  field_name: string;
  field_label: string;
  old_value_display: string;
  new_value_display: string;
  changed_by: string;
  changed_at: string;
  audit_id: string;
}

/** A custom field definition (`/custom-fields/`). */
export interface FieldDefinition {
  id: string;
  name: string;
  label: string;
  field_type: string;
  model: string;
  is_required: boolean;
  is_active?: boolean;
  is_filterable?: boolean;
  order: number;
  group: string | null;
  options: { value: string; label: string }[];
  visible_to_roles: string[];
  help_text?: string;
  placeholder?: string;
  min_value?: number | null;
  max_value?: number | null;
}

export interface FieldGroup {
  id: string;
  name: string;
  order: number;
}

export interface ListColumnsView {
  entity: string;
  columns: string[] | null;
  widths: Record<string, number>;
  updated_at: string | null;
}

export interface PipelineSummary {
  groups: { key: string | null; count: number; amount: Record<string, string> }[];
}

export interface ConvertResult {
  contact: { id: string };
  company: { id: string } | null;
  opportunity: { id: string } | null;
}

export interface Conflict {
  id: string;
  field: string;
  field_label: string;
  losing_value: unknown;
  current_value: unknown;
  detected_at: string;
}

export interface DuplicateCandidate {
  model: 'lead' | 'contact' | 'company';
  id: string;
  label: string;
  reasons: string[];
}

export interface MergeResult {
  id: string;
  moved: number;
}

export interface TeamMember {
  account_id: string;
  email: string;
  display_name: string;
  role: string;
  joined_at: string;
}

/** GET/POST /api/v1/sync/compaction/: the team's compaction on the relay, and this install's re-bootstrap. */
export interface TeamCompaction {
  epoch: number;
  state: 'compacting' | 'ready';
  stats: {
    records?: number;
    rewritten?: number;
    kept?: number;
    bytes_before?: number;
    bytes_after?: number;
    started_at?: string;
    finished_at?: string;
  };
  this_install: { epoch: number; state: string; staged?: number; total?: number; swapped?: number; reauthored?: number };
}

export interface TeamInvite {
  code: string;
  expires_at: string;
  email: string;
  role: string;
}

export interface Widget extends WidgetDefinition {
  id: string;
  can_edit: boolean;
}

export interface Dashboard {
  id: string;
  name: string;
  description: string;
  layout_config: { columns: number; rowHeight: number };
  is_default: boolean;
  visibility: 'private' | 'team' | 'roles';
  can_edit: boolean;
  widgets: (Placement & { widget: Widget })[];
}

export interface ParamSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'period' | 'entity' | 'field' | 'filters' | 'string_list';
  description: string;
  required?: boolean;
  options?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

export interface SourceInfo {
  name: string;
  label: string;
  description: string;
  widget_types: WidgetType[];
  available: boolean;
  params: Record<string, ParamSpec>;
}

export interface WidgetData {
  // Each data source answers in its own shape; the chart for its widget type reads it.
  data: any;
  cached: boolean;
}
