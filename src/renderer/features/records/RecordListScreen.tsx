import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { ApiUrlBar } from './ApiUrlBar';
import {
  listStateFromParams, listStateToParams, listStateToQuery, nextOrdering, pageCount, PAGE_SIZES, type ListState,
} from './list-query';
import { Pagination } from './Pagination';
import type { ResourceDef } from './record-resources';
import { RecordTable } from './RecordTable';
import { SearchBox } from './SearchBox';
import { useRecordList } from './use-record-list';

const SEARCH_DEBOUNCE_MS = 250;
const numberFormat = new Intl.NumberFormat();

interface RecordListScreenProps {
  resource: ResourceDef;
  params: URLSearchParams;
  onParamsChange: (params: Record<string, string | number | undefined>) => void;
}

export function RecordListScreen({ resource, params, onParamsChange }: RecordListScreenProps) {
  const api = useApi();
  const state = listStateFromParams(params, resource.defaultOrdering);
  const [searchInput, setSearchInput] = useState(state.search);
  const debouncedSearch = useDebouncedValue(searchInput, SEARCH_DEBOUNCE_MS);

  const update = (patch: Partial<ListState>) =>
    onParamsChange(listStateToParams({ ...state, ...patch }, resource.defaultOrdering));

  useEffect(() => {
    if (debouncedSearch !== state.search) update({ search: debouncedSearch, page: 1 });
    // Only a settled search box drives the route; the route itself is the source of truth.
  }, [debouncedSearch]);

  const query = listStateToQuery(state);
  const { page, loading, error } = useRecordList(resource.name, query);
  const count = page?.count ?? 0;
  const pages = pageCount(count, state.pageSize);
  const first = count === 0 ? 0 : (state.page - 1) * state.pageSize + 1;
  const last = Math.min(count, state.page * state.pageSize);

  return (
    <div className="stack">
      <section className="page-header">
        <div>
          <h2>{resource.title}</h2>
          <p className="muted" data-testid="row-count" data-count={page ? count : undefined}>
            {page ? `${numberFormat.format(count)} ${count === 1 ? resource.singular : resource.name}` : 'Loading…'}
          </p>
        </div>
      </section>

      <div className="card table-card">
        <div className="toolbar">
          <SearchBox value={searchInput} onChange={setSearchInput} placeholder={`Search ${resource.name}…`} />
          <label className="page-size">
            Rows
            <select
              value={state.pageSize}
              onChange={(e) => update({ pageSize: Number(e.target.value), page: 1 })}
              data-testid="page-size"
            >
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>{n}</option>
              ))}
            </select>
          </label>
        </div>

        {error && (
          <div className="alert error inset" role="alert" data-testid="list-error">
            {error.message}
          </div>
        )}

        <RecordTable
          resource={resource}
          records={page?.results ?? []}
          ordering={state.ordering}
          loading={loading}
          onSort={(field) => update({ ordering: nextOrdering(state.ordering, field, resource.defaultOrdering), page: 1 })}
        />

        <div className="table-footer">
          <span className="muted">
            {count > 0 ? `Showing ${numberFormat.format(first)}–${numberFormat.format(last)} of ${numberFormat.format(count)}` : ''}
          </span>
          <Pagination page={state.page} pages={pages} onPage={(p) => update({ page: p })} />
        </div>
      </div>

      <ApiUrlBar url={api.url(`/${resource.name}/`, query)} />
    </div>
  );
}
