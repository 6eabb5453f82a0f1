import type { CustomFieldDef } from './field-types';

/**
 * Role rules of a field: empty lists mean everyone. Admins manage the definitions and always
 * see and edit every field. Editing implies seeing (checked when a field is defined).
 */
export function roleCanSee(def: CustomFieldDef, role: string): boolean {
  return role === 'admin' || def.visible_to_roles.length === 0 || (def.visible_to_roles as string[]).includes(role);
}

export function roleCanEdit(def: CustomFieldDef, role: string): boolean {
  if (role === 'viewer') return false;
  if (!roleCanSee(def, role)) return false;
  return role === 'admin' || def.editable_by_roles.length === 0 || (def.editable_by_roles as string[]).includes(role);
}

/** Restricted fields stay out of the shared full-text index: a search hit would reveal them. */
export function isPublicSearchable(def: CustomFieldDef): boolean {
  return def.is_searchable && !def.deleted_at && def.visible_to_roles.length === 0;
}
