export { ListQueryEngine, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListResult, type ListOptions, type QueryParams } from './list-query-engine';
export type { FilterField, FilterFieldProvider } from './filter-fields';
export { FilterValueError, type SqlPart } from './filter-condition';
export { ftsQuery } from './fts-query';
export { listEnvelope, type ListEnvelope } from './list-envelope';
export { pageOf, type Page } from './paging';
export { upgradeSearchIndexes, type CustomSearchTextOf } from './search-index-upgrade';
