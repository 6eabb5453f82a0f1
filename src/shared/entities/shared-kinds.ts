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
  name: 'custom_field', resource: 'custom-fields', table: 'custom_fields', label: 'Custom field', shared: true,
  titleFields: ['name'], lookupFields: ['name'],
  fields: {
    entity: text('Model', { required: true, maxLength: 40 }),
    name: text('Name', { required: true, maxLength: 100 }),
    definition: json('Definition', { required: true }),
  },
};

export const customFieldGroupKind: EntityDef = {
  name: 'custom_field_group', resource: 'custom-field-groups', table: 'custom_field_groups', label: 'Custom field group', shared: true,
  titleFields: ['name'], lookupFields: ['name'],
  fields: {
    entity: text('Model', { required: true, maxLength: 40 }),
    name: text('Name', { required: true, maxLength: 100 }),
    description: text('Description', { maxLength: 1000 }),
    sort_order: int('Order', { default: 0 }),
  },
};

export const SHARED_KINDS: readonly EntityDef[] = [customFieldKind, customFieldGroupKind];

const byName = new Map(SHARED_KINDS.map((k) => [k.name, k]));

/** A record entity or a shared kind: every kind of document the write path carries. */
export function documentKind(name: string): EntityDef | undefined {
  return entityByName(name) ?? byName.get(name);
}
