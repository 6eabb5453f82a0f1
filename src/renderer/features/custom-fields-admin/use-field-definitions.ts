import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { invalidateOperations, useApiQuery } from '../../api/use-api-query';

/** One model's definitions (form order) and groups, read again after each change. */
export function useFieldDefinitions(model: string) {
  const client = useQueryClient();
  const query = { model, page_size: 100 };
  const fieldList = useApiQuery('custom_fields.list', { query });
  const groupList = useApiQuery('custom_field_groups.list', { query });
  // The record screens read the same cached definitions: they follow each change.
  const reload = useCallback(() => void invalidateOperations(client, ['custom_fields.list', 'custom_field_groups.list']), [client]);

  const fields = useMemo(
    () => (fieldList.isError ? [] : fieldList.data && [...fieldList.data.results].sort((a, b) => a.order - b.order)),
    [fieldList.data, fieldList.isError],
  );
  const groups = useMemo(() => (groupList.data ? [...groupList.data.results].sort((a, b) => a.order - b.order) : []), [groupList.data]);
  return { fields, groups, reload };
}
