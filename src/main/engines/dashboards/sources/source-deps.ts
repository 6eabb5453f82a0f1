import type { StatementCache } from '../../../db/statement-cache';
import type { TimelineEngine } from '../../timeline';
import type { ListQueryEngine } from '../../query';
import type { RecordReader } from '../../records';
import type { GroupLabels } from './shapes';
import type { RecordScopes } from './record-scope';
import type { IndexedColumns } from './indexed-columns';

/** What record-backed sources read through: the list query engine's scopes and plain SQL. */
export interface SourceDeps {
  statements: StatementCache;
  scopes: RecordScopes;
  labels: GroupLabels;
  timeline: TimelineEngine;
  query: ListQueryEngine;
  reader: RecordReader;
  indexes: IndexedColumns;
}
