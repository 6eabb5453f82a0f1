import { useMemo } from 'react';
import type { FieldDefinition } from '../../../shared/contract/api-types';
import { useApiQuery } from '../../api/use-api-query';
import { customFieldKey, type FieldDef } from '../../../shared/entities/field-def';
import { KIND_OF_TYPE } from '../../../shared/contract/custom-field-operations';

/** A custom field definition as `custom_fields.list` returns it. */
export type CustomFieldDef = FieldDefinition;

/** The model's active custom fields the caller may see; empty while loading or on error. */
export function useCustomFieldDefs(model: string): CustomFieldDef[] | undefined {
  // Shared with the admin screen's cache entry: an admin's change shows in the lists at once.
  const { data, isError } = useApiQuery('custom_fields.list', { query: { model, page_size: 100 } });
  return useMemo(() => (isError ? [] : data?.results.filter((d) => d.is_active !== false)), [data, isError]);
}

/** The form input of a custom type: its scalar kind, a tag list for the list types, text for a type this build does not know. */
function kindOf(fieldType: string): FieldDef['kind'] {
  if (!Object.hasOwn(KIND_OF_TYPE, fieldType)) return 'text';
  return KIND_OF_TYPE[fieldType as keyof typeof KIND_OF_TYPE] ?? 'tags';
}

/** The form vocabulary of built-in fields, so custom fields get the same inputs and conversions. */
export function asFieldDef(def: CustomFieldDef): FieldDef {
  return {
    kind: kindOf(def.field_type),
    label: def.label,
    required: def.is_required ?? false,
    options: def.options?.map((o) => o.value),
    optionLabels: def.options ? Object.fromEntries(def.options.map((o) => [o.value, o.label || o.value])) : undefined,
    min: def.min_value ?? undefined,
    max: def.max_value ?? undefined,
  };
}

/** Form keys of custom values match the API's error keys: `custom_fields.<name>`. */
export const customKey = customFieldKey;
