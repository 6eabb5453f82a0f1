import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../app/api-context';
import { recordHref } from '../../app/hash-route';
import { Icon } from '../../app/Icon';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { navigateTo } from '../../app/use-hash-route';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useToast } from '../../ui/toast-context';
import { RecordFormDialog } from '../record-form/RecordFormDialog';
import { ApiUrlBar } from './ApiUrlBar';
import { BulkActionBar } from './BulkActionBar';
import { ColumnPicker } from './ColumnPicker';
import { exportCsv } from './export-csv';
import { FilterBar } from './FilterBar';
import {
  DELETED_FILTER,
  listStateFromParams,
  listStateFromSaved,
  listStateToParams,
  listStateToQuery,
  nextOrdering,
  PAGE_SIZE,
  queryString,
  showsDeleted,
  type ListState,
} from './list-query';
import { columnFor, type ResourceDef } from './record-resources';
import { SavedViewsMenu } from './SavedViewsMenu';
import { useColumnPreference } from './use-column-preference';
import { withCustomFields } from './custom-columns';
import { useCustomFieldDefs } from '../custom-fields/use-custom-field-defs';
import { SearchBox } from './SearchBox';
import { usePagedRecords } from './use-paged-records';
import { VirtualTable } from './VirtualTable';
import { recordOp } from '../../../shared/contract/signatures';

const SEARCH_DEBOUNCE_MS = 250;
const numberFormat = new Intl.NumberFormat();

interface RecordListScreenProps {
  resource: ResourceDef;
  params: URLSearchParams;
}

export function RecordListScreen({ resource: baseResource, params }: RecordListScreenProps) {
  const api = useApi();
  const toast = useToast();
  const customDefs = useCustomFieldDefs(baseResource.entity.name);
  const resource = useMemo(() => withCustomFields(baseResource, customDefs), [baseResource, customDefs]);
  const preference = useColumnPreference(baseResource.entity.name);
  const state = listStateFromParams(params, resource, preference.columns);
  const [searchInput, setSearchInput] = useState(state.search);
  const debouncedSearch = useDebouncedValue(searchInput, SEARCH_DEBOUNCE_MS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);

  const update = (patch: Partial<ListState>) => {
    navigateTo(resource.name, listStateToParams({ ...state, ...patch }, resource), true);
    setSelected(new Set());
  };

  useEffect(() => {
    if (debouncedSearch !== state.search) update({ search: debouncedSearch });
    // Only a settled search box drives the route; the route itself is the source of truth.
  }, [debouncedSearch]);
  useEffect(() => setSearchInput(state.search), [state.search]);

  const query = listStateToQuery(state);
  const queryKey = JSON.stringify(query);
  const stableQuery = useMemo(() => query, [queryKey]);
  const data = usePagedRecords(resource.name, stableQuery);

  // Custom columns show once the definitions say they exist (and that this role may see them).
  const shownColumns = state.columns.filter((f) => f in resource.fields);
  const columns = shownColumns.map((f) => {
    const column = columnFor(resource, f);
    return preference.widths[f] ? { ...column, width: preference.widths[f] } : column;
  });
  const keepChoice = (next: string[], widths?: Record<string, number>) =>
    preference.save(next, widths).catch((err: unknown) => toast(`Column choice not kept: ${asApiError(err).message}`, { tone: 'error' }));
  const deleted = showsDeleted(state);
  const loaded = data.loadedRecords();
  const allSelected = loaded.length > 0 && loaded.every((r) => selected.has(r.id));

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function runExport() {
    setExporting(true);
    try {
      await exportCsv(api, resource.name, query, [...resource.entity.titleFields, ...state.columns.filter((c) => !resource.entity.titleFields.includes(c))]);
    } catch (err) {
      toast(`Export failed: ${asApiError(err).message}`, { tone: 'error' });
    } finally {
      setExporting(false);
    }
  }

  const count = data.count;
  const hasFilters = state.search !== '' || state.filters.some((f) => f.key !== DELETED_FILTER);
  return (
    <div className="list-screen">
      <section className="page-header">
        <div>
          <h2>{deleted ? `Deleted ${resource.name}` : resource.title}</h2>
          <p className="muted" data-testid="row-count" data-count={count}>
            {count === undefined
              ? 'Loading…'
              : `${numberFormat.format(count)} ${count === 1 ? resource.singular : resource.name}${hasFilters ? ' match this view' : ''}`}
          </p>
        </div>
        <div className="header-actions">
          <button type="button" className="button ghost" onClick={() => void runExport()} disabled={exporting || count === 0} data-testid="export-csv">
            <Icon name="download" size={15} /> {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
          {!deleted && (
            <button type="button" className="button primary" onClick={() => setCreating(true)} data-testid="new-record">
              <Icon name="plus" size={15} /> New {resource.singular}
            </button>
          )}
        </div>
      </section>

      <div className="card table-card">
        <div className="toolbar">
          <SearchBox value={searchInput} onChange={setSearchInput} placeholder={`Search ${resource.name}…`} />
          <div className="toolbar-group">
            <SavedViewsMenu
              model={resource.entity.name}
              query={queryString(query)}
              columns={state.columns}
              onApply={(view) => {
                const next = listStateFromSaved(view.query, view.columns, resource);
                setSearchInput(next.search);
                update(next);
              }}
            />
            <ColumnPicker
              resource={resource}
              columns={shownColumns}
              onChange={(c) => {
                update({ columns: c });
                void keepChoice(c);
              }}
            />
            <label className="toggle" title="Show deleted records (restorable)">
              <input
                type="checkbox"
                checked={deleted}
                onChange={(e) =>
                  update({
                    filters: [...state.filters.filter((f) => f.key !== DELETED_FILTER), ...(e.target.checked ? [{ key: DELETED_FILTER, value: 'false' }] : [])],
                  })
                }
                data-testid="show-deleted"
              />
              Show deleted
            </label>
          </div>
        </div>
        <FilterBar resource={resource} filters={state.filters} onChange={(filters) => update({ filters })} />
        {selected.size > 0 && (
          <BulkActionBar
            resource={baseResource}
            ids={[...selected]}
            deletedView={deleted}
            onDone={() => {
              setSelected(new Set());
              data.refresh();
            }}
            onClear={() => setSelected(new Set())}
          />
        )}
        {data.error && (
          <div className="inset">
            <ErrorBanner error={data.error} onRetry={data.refresh} testId="list-error" />
          </div>
        )}
        <VirtualTable
          resource={resource}
          columns={columns}
          data={data}
          ordering={state.ordering}
          onSort={(field) => update({ ordering: nextOrdering(state.ordering, field, resource.defaultOrdering) })}
          selected={selected}
          onToggle={toggle}
          allSelected={allSelected}
          onToggleAll={() => setSelected(allSelected ? new Set() : new Set(loaded.map((r) => r.id)))}
          onOpen={(id) => navigateTo(`${resource.name}/${id}`)}
          onResize={(field, width) => void keepChoice(shownColumns, { ...preference.widths, [field]: width })}
          emptyMessage={
            deleted
              ? `No deleted ${resource.name}. Deleted records show here and can be restored.`
              : hasFilters
                ? `No ${resource.name} match this view. Remove a filter or change the search.`
                : `No ${resource.name} yet. Create one with “New ${resource.singular}”, or import a CSV file.`
          }
        />
      </div>

      <ApiUrlBar url={api.urlOf(recordOp(resource.name, 'list'), { query: { ...query, page: 1, page_size: PAGE_SIZE } })} />

      {creating && (
        <RecordFormDialog
          resource={baseResource}
          onClose={() => setCreating(false)}
          onSaved={(record) => {
            setCreating(false);
            window.location.hash = recordHref(resource.name, record.id);
          }}
        />
      )}
    </div>
  );
}
