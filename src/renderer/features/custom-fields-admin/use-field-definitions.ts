import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import type { FieldDefinition, FieldGroup } from './custom-field-admin-types';

/** One model's definitions (form order) and groups, reloaded after each change. */
export function useFieldDefinitions(model: string) {
  const api = useApi();
  const [fields, setFields] = useState<FieldDefinition[] | undefined>();
  const [groups, setGroups] = useState<FieldGroup[]>([]);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    Promise.all([
      api.call('custom_fields.list', { query: { model, page_size: 100 }, signal }),
      api.call('custom_field_groups.list', { query: { model, page_size: 100 }, signal }),
    ])
      .then(([f, g]) => {
        setFields([...f.results].sort((a, b) => a.order - b.order));
        setGroups([...g.results].sort((a, b) => a.order - b.order));
      })
      .catch(() => !signal.aborted && setFields([]));
    return () => controller.abort();
  }, [api, model, version]);

  return { fields, groups, reload };
}
