import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { RESOURCES, type ResourceName } from '../records/record-resources';
import { recordTitle } from '../records/record-title';
import { recordOp } from '../../../shared/contract/signatures';

export const SEARCHED: ResourceName[] = ['leads', 'contacts', 'companies', 'opportunities', 'tasks'];

export interface SearchHit {
  resource: ResourceName;
  id: string;
  title: string;
  detail: string;
}

export interface SearchGroup {
  resource: ResourceName;
  count: number;
  hits: SearchHit[];
}

const DETAIL: Record<string, string[]> = {
  leads: ['email', 'company_name'],
  contacts: ['email', 'company_name'],
  companies: ['domain', 'industry'],
  opportunities: ['stage'],
  tasks: ['status'],
};

/** `?search=` on each list endpoint in parallel, five hits each; the newest query wins. */
export function useGlobalSearch(text: string): { groups: SearchGroup[]; loading: boolean } {
  const api = useApi();
  const [groups, setGroups] = useState<SearchGroup[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setGroups([]);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    Promise.all(
      SEARCHED.map((resource) =>
        api.call(recordOp(resource, 'list'), { query: { search: q, page_size: 5 }, signal: controller.signal }).then(
          (page): SearchGroup => ({
            resource,
            count: page.count,
            hits: page.results.map((r) => ({
              resource,
              id: r.id,
              title: recordTitle(RESOURCES[resource], r),
              detail: (DETAIL[resource] ?? [])
                .map((f) => r[f])
                .filter((v) => typeof v === 'string' && v)
                .join(' · ')
                .replace(/_/g, ' '),
            })),
          }),
          (): SearchGroup => ({ resource, count: 0, hits: [] }),
        ),
      ),
    ).then((all) => {
      if (controller.signal.aborted) return;
      setGroups(all.filter((g) => g.hits.length > 0));
      setLoading(false);
    });
    return () => controller.abort();
  }, [api, text]);

  return { groups, loading };
}
