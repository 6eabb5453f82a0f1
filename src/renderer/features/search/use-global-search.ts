import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { Page } from '../../../shared/contract/api-types';
import { apiQueryOptions } from '../../api/use-api-query';
import { useApi } from '../../app/api-context';
import { RESOURCES, type ResourceName } from '../records/record-resources';
import { recordTitle, type ApiRecord } from '../records/record-title';
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

function groupOf(resource: ResourceName, page: Page<ApiRecord>): SearchGroup {
  return {
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
  };
}

/**
 * `?search=` on each list endpoint in parallel, five hits each, through the cache (typing a
 * query again answers at once). The hits of the last query stay until the new ones arrive;
 * a type whose list fails shows no group.
 */
export function useGlobalSearch(text: string): { groups: SearchGroup[]; loading: boolean } {
  const api = useApi();
  const q = text.trim();
  const results = useQueries({
    queries: SEARCHED.map((resource) => ({
      ...apiQueryOptions(api, recordOp(resource, 'list'), { query: { search: q, page_size: 5 } }),
      enabled: q !== '',
      placeholderData: keepPreviousData,
    })),
  });
  if (!q) return { groups: [], loading: false };
  const groups = results.flatMap((r, i) => (r.data && !r.isError ? [groupOf(SEARCHED[i], r.data)] : [])).filter((g) => g.hits.length > 0);
  return { groups, loading: results.some((r) => r.isFetching) };
}
