import type { ResourceDef } from '../records/record-resources';
import { isCoEditedEntity, NOTES_FIELD } from '../../../shared/co-editing/doc-channel';

export interface FieldGroup {
  title: string;
  fields: string[];
}

const ADDRESS = ['address_line_1', 'address_line_2', 'city', 'state', 'postal_code', 'country'];
const PEOPLE = ['owner', 'assigned_to', 'user', 'created_by'];
const NOTES = ['notes', 'description', 'body'];
const SYSTEM = ['tags', 'created_at', 'updated_at', 'deleted_at', 'id'];

/**
 * The detail page's sections: what the record is, where, who owns it, notes, then the
 * bookkeeping. Every field lands in exactly one group.
 */
export function fieldGroups(resource: ResourceDef): FieldGroup[] {
  const all = Object.keys(resource.fields).filter((f) => resource.fields[f]?.kind !== 'json');
  const taken = new Set([...ADDRESS, ...PEOPLE, ...NOTES, ...SYSTEM, ...resource.entity.titleFields.filter((f) => f !== 'company_name')]);
  const pick = (names: string[]) => names.filter((n) => all.includes(n) || n === 'id');
  const groups: FieldGroup[] = [
    { title: 'Details', fields: all.filter((f) => !taken.has(f)) },
    { title: 'Address', fields: pick(ADDRESS) },
    { title: 'People', fields: pick(PEOPLE) },
    // Co-edited notes have their own live card on the record page (features/co-editing).
    { title: 'Notes', fields: pick(NOTES.filter((n) => !(n === NOTES_FIELD && isCoEditedEntity(resource.entity.name)))) },
    { title: 'Record', fields: pick(SYSTEM) },
  ];
  return groups.filter((g) => g.fields.length > 0);
}
