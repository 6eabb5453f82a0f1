import type { StatementCache } from '../../db/statement-cache';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { SqlPart } from './filter-condition';

export const LIVE_ROWS = 't.deleted_at IS NULL';

/** The search condition of a list query (see ListQueryEngine.conditions). */
export function searchCondition(entity: EntityDef, match: string): SqlPart {
  return { sql: `t.rowid IN (SELECT rowid FROM ${entity.table}_fts WHERE ${entity.table}_fts MATCH ?)`, params: [match] };
}

/**
 * A plain search (live records, no other filter, newest stored first) is answered from the
 * full-text index alone: deleted records leave the index (Projector), so every row id it holds
 * is a live record. Counting "j*" over 100k contacts through the table read each matching row
 * (86 ms on the loaded M machine); the index alone counts it in 4 ms, and its row ids come in
 * order for the page.
 */
export function plainSearch(entity: EntityDef, where: readonly SqlPart[]): string | null {
  if (where.length !== 2 || where[0].sql !== LIVE_ROWS || where[1].sql !== searchCondition(entity, '').sql) return null;
  return String(where[1].params[0]);
}

export function searchCount(statements: StatementCache, entity: EntityDef, match: string): number {
  const fts = `${entity.table}_fts`;
  return statements.count(`SELECT count(*) FROM ${fts} WHERE ${fts} MATCH ?`, [match]);
}

export function searchPageRowids(statements: StatementCache, entity: EntityDef, match: string, page: number, pageSize: number): number[] {
  const fts = `${entity.table}_fts`;
  return statements
    .get(`SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(match, pageSize, (page - 1) * pageSize) as number[];
}
