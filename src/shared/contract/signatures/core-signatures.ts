import type {
  ApiToken,
  Conflict,
  DuplicateCandidate,
  FieldChange,
  FieldDefinition,
  FieldGroup,
  MergeResult,
  Page,
  Results,
  TeamUser,
  TokenPair,
} from '../api-types';
import type { DryRunView, ImportRequest, ImportView, SavedView, SavedViewInput } from '../data-transfer-types';
import type { NotificationView } from '../realtime-messages';
import type { EntityTimelinePage, TimelinePage } from '../timeline-types';
import { op, type Query } from './signature';

type LoginBody = { username?: string; email?: string; password: string };
type UserInput = Record<string, unknown> & { password?: string; password_confirm?: string };
type FieldDefinitionInput = Partial<Omit<FieldDefinition, 'id'>> & { content_type?: string };
type TimelineQuery = Query & { limit?: number; cursor?: string; activity_types?: string };

export const AUTH_SIGNATURES = {
  'auth.token': op('POST /api/v1/auth/token/').as<{ body: LoginBody; response: TokenPair }>(),
  'auth.refresh': op('POST /api/v1/auth/token/refresh/').as<{ body: { refresh: string }; response: TokenPair }>(),
  'auth.login': op('POST /api/auth/login/').as<{ body: LoginBody; response: TokenPair }>(),
  'auth.login_refresh': op('POST /api/auth/refresh/').as<{ body: { refresh: string }; response: TokenPair }>(),
  'auth.logout': op('POST /api/v1/auth/logout/').as<{ body: { refresh: string } }>(),
  'auth.setup_status': op('GET /api/v1/auth/setup/').as<{ response: { needs_setup: boolean } }>(),
  'auth.setup': op('POST /api/v1/auth/setup/').as<{ body: UserInput; response: TokenPair }>(),
  'auth.me': op('GET /api/v1/auth/me/').as<{ response: TeamUser & Record<string, unknown> }>(),
  'auth.update_me': op('PATCH /api/v1/auth/me/').as<{ body: Record<string, unknown>; response: TeamUser & Record<string, unknown> }>(),
  'auth.change_password': op('POST /api/v1/auth/password/').as<{ body: { current_password: string; new_password: string } }>(),
  'api_tokens.list': op('GET /api/v1/auth/api-tokens/').as<{ response: Page<ApiToken> }>(),
  'api_tokens.create': op('POST /api/v1/auth/api-tokens/').as<{ body: { name: string; expires_in_days?: number }; response: ApiToken & { token: string } }>(),
  'api_tokens.revoke': op('DELETE /api/v1/auth/api-tokens/{id}/').as(),
  'users.list': op('GET /api/v1/users/').as<{ query: Query; response: Page<TeamUser> }>(),
  'users.create': op('POST /api/v1/users/').as<{ body: UserInput; response: TeamUser }>(),
  'users.retrieve': op('GET /api/v1/users/{id}/').as<{ response: TeamUser }>(),
  'users.update': op('PATCH /api/v1/users/{id}/').as<{ body: Partial<UserInput>; response: TeamUser }>(),
  'users.destroy': op('DELETE /api/v1/users/{id}/').as(),
  'users.restore': op('POST /api/v1/users/{id}/restore/').as<{ response: TeamUser }>(),
};

export const NOTIFICATION_SIGNATURES = {
  'notifications.list': op('GET /api/v1/notifications/').as<{ query: Query & { is_read?: boolean }; response: Page<NotificationView> }>(),
  'notifications.unread_count': op('GET /api/v1/notifications/unread_count/').as<{ response: { count: number } }>(),
  'notifications.mark_all_read': op('POST /api/v1/notifications/mark_all_read/').as<{ response: unknown }>(),
  'notifications.preferences': op('GET /api/v1/notifications/preferences/').as<{ response: Record<string, unknown> }>(),
  'notifications.update_preferences': op('PUT /api/v1/notifications/preferences/').as<{ body: Record<string, unknown>; response: Record<string, unknown> }>(),
  'notifications.retrieve': op('GET /api/v1/notifications/{id}/').as<{ response: NotificationView }>(),
  'notifications.mark_read': op('POST /api/v1/notifications/{id}/mark_read/').as<{ response: NotificationView }>(),
  'notifications.destroy': op('DELETE /api/v1/notifications/{id}/').as(),
};

export const CUSTOM_FIELD_SIGNATURES = {
  'content_types.list': op('GET /api/v1/content-types/').as<{ response: unknown }>(),
  'custom_fields.list': op('GET /api/v1/custom-fields/').as<{ query: Query & { model?: string }; response: Page<FieldDefinition> }>(),
  'custom_fields.create': op('POST /api/v1/custom-fields/').as<{ body: FieldDefinitionInput; response: FieldDefinition }>(),
  'custom_fields.retrieve': op('GET /api/v1/custom-fields/{id}/').as<{ response: FieldDefinition }>(),
  'custom_fields.replace': op('PUT /api/v1/custom-fields/{id}/').as<{ body: FieldDefinitionInput; response: FieldDefinition }>(),
  'custom_fields.update': op('PATCH /api/v1/custom-fields/{id}/').as<{ body: FieldDefinitionInput; response: FieldDefinition }>(),
  'custom_fields.destroy': op('DELETE /api/v1/custom-fields/{id}/').as(),
  'custom_fields.restore': op('POST /api/v1/custom-fields/{id}/restore/').as<{ response: FieldDefinition }>(),
  'custom_fields.validate_value': op('POST /api/v1/custom-fields/{id}/validate_value/').as<{ body: { value: unknown }; response: unknown }>(),
  'custom_field_groups.list': op('GET /api/v1/custom-field-groups/').as<{ query: Query & { model?: string }; response: Page<FieldGroup> }>(),
  'custom_field_groups.create': op('POST /api/v1/custom-field-groups/').as<{ body: Partial<FieldGroup> & { content_type: string }; response: FieldGroup }>(),
  'custom_field_groups.retrieve': op('GET /api/v1/custom-field-groups/{id}/').as<{ response: FieldGroup }>(),
  'custom_field_groups.replace': op('PUT /api/v1/custom-field-groups/{id}/').as<{ body: Partial<FieldGroup>; response: FieldGroup }>(),
  'custom_field_groups.update': op('PATCH /api/v1/custom-field-groups/{id}/').as<{ body: Partial<FieldGroup>; response: FieldGroup }>(),
  'custom_field_groups.destroy': op('DELETE /api/v1/custom-field-groups/{id}/').as(),
  'custom_field_values.list': op('GET /api/v1/custom-field-values/').as<{ query: Query; response: unknown }>(),
  'custom_field_values.create': op('POST /api/v1/custom-field-values/').as<{ body: Record<string, unknown>; response: unknown }>(),
  'custom_field_values.for_object': op('GET /api/v1/custom-field-values/for_object/').as<{ query: Query; response: unknown }>(),
  'custom_field_values.bulk_update': op('POST /api/v1/custom-field-values/bulk_update/').as<{ body: Record<string, unknown>; response: unknown }>(),
};

export const HISTORY_SIGNATURES = {
  'audit_trail.list': op('GET /api/v1/audit-trail/').as<{ query: Query; response: Page<Record<string, unknown>> }>(),
  'audit_trail.stats': op('GET /api/v1/audit-trail/stats/').as<{ query: Query; response: unknown }>(),
  'audit_trail.snapshots': op('GET /api/v1/audit-trail/snapshots/').as<{ query: Query; response: unknown }>(),
  'audit_trail.retrieve': op('GET /api/v1/audit-trail/{id}/').as<{ response: Record<string, unknown> }>(),
  'field_history.list': op('GET /api/v1/field-history/').as<{ query: Query & { model?: string; object_id?: string }; response: Page<FieldChange> }>(),
  'field_history.retrieve': op('GET /api/v1/field-history/{id}/').as<{ response: FieldChange }>(),
  'record_history.as_of': op('GET /api/v1/records/{model}/{id}/as-of/').as<{ query: Query; response: unknown }>(),
  'record_history.revert': op('POST /api/v1/records/{model}/{id}/revert/').as<{ body: Record<string, unknown>; response: unknown }>(),
  'audit_settings.retrieve': op('GET /api/v1/audit-settings/').as<{ response: unknown }>(),
  'audit_settings.update': op('PATCH /api/v1/audit-settings/').as<{ body: Record<string, unknown>; response: unknown }>(),
  'audit_retention.list': op('GET /api/v1/audit-retention-policies/').as<{ query: Query; response: Page<Record<string, unknown>> }>(),
  'audit_retention.create': op('POST /api/v1/audit-retention-policies/').as<{ body: Record<string, unknown>; response: Record<string, unknown> }>(),
  'audit_retention.apply': op('POST /api/v1/audit-retention-policies/apply/').as<{ response: unknown }>(),
  'audit_retention.retrieve': op('GET /api/v1/audit-retention-policies/{id}/').as<{ response: Record<string, unknown> }>(),
  'audit_retention.update': op('PATCH /api/v1/audit-retention-policies/{id}/').as<{ body: Record<string, unknown>; response: Record<string, unknown> }>(),
  'audit_retention.destroy': op('DELETE /api/v1/audit-retention-policies/{id}/').as(),
  'timeline.list': op('GET /api/v1/timeline/').as<{ query: TimelineQuery; response: TimelinePage }>(),
  'timeline.my_activity': op('GET /api/v1/timeline/user/').as<{ query: TimelineQuery; response: TimelinePage }>(),
  'timeline.user_activity': op('GET /api/v1/timeline/user/{user_id}/').as<{ query: TimelineQuery; response: TimelinePage }>(),
  'timeline.entity': op('GET /api/v1/timeline/{entity_type}/{entity_id}/').as<{ query: TimelineQuery; response: EntityTimelinePage }>(),
};

export const DATA_SIGNATURES = {
  'imports.create': op('POST /api/v1/imports/').as<{ body: ImportRequest; response: DryRunView | ImportView }>(),
  'imports.list': op('GET /api/v1/imports/').as<{ query: Query; response: Page<ImportView> }>(),
  'imports.retrieve': op('GET /api/v1/imports/{id}/').as<{ response: ImportView }>(),
  'imports.undo': op('POST /api/v1/imports/{id}/undo/').as<{ response: ImportView }>(),
  'saved_views.list': op('GET /api/v1/saved-views/').as<{ query: Query & { model?: string }; response: Page<SavedView> }>(),
  'saved_views.create': op('POST /api/v1/saved-views/').as<{ body: SavedViewInput; response: SavedView }>(),
  'saved_views.retrieve': op('GET /api/v1/saved-views/{id}/').as<{ response: SavedView }>(),
  'saved_views.update': op('PATCH /api/v1/saved-views/{id}/').as<{ body: Partial<SavedViewInput>; response: SavedView }>(),
  'saved_views.destroy': op('DELETE /api/v1/saved-views/{id}/').as(),
  'duplicates.find': op('GET /api/v1/duplicates/').as<{ query: Query & { model?: string }; response: Results<DuplicateCandidate> }>(),
  'duplicates.merge': op('POST /api/v1/duplicates/merge/').as<{ body: Record<string, unknown>; response: MergeResult }>(),
  'duplicates.undo_merge': op('POST /api/v1/duplicates/merges/{id}/undo/').as<{ response: unknown }>(),
  'conflicts.list': op('GET /api/v1/conflicts/').as<{ query: Query & { model?: string; object_id?: string }; response: Page<Conflict> }>(),
  'conflicts.retrieve': op('GET /api/v1/conflicts/{id}/').as<{ response: Conflict }>(),
  'conflicts.restore': op('POST /api/v1/conflicts/{id}/restore/').as<{ response: unknown }>(),
  'conflicts.dismiss': op('POST /api/v1/conflicts/{id}/dismiss/').as<{ response: unknown }>(),
};
