import type { StatementCache } from '../audit';
import { entityByName } from '../../../shared/entities/entities';
import type { RawItem, Related, SourceScope } from './timeline-sources';

/** Kinds whose creation a record's timeline shows from the record itself (tasks have their own "created" items). */
const KINDS = ['company', 'contact', 'lead', 'opportunity'] as const satisfies readonly (keyof Related)[];

/**
 * A record created on the bulk path (an import, a new device's bootstrap, seeding) has no
 * audit entry of its own: its batch has one entry for all. Its timeline still starts with
 * its creation, read here from the record's row (created_at, created_by) and, for an import,
 * from the import's own per-record ledger (import_records, written in the record's
 * transaction for undo): "Imported by X in import Y". Nothing is written per record for it,
 * so the bulk path keeps its rate; a record that has a per-record `create` entry shows that
 * entry instead (no double line).
 */
export function creationLines(statements: StatementCache, scope: SourceScope): RawItem[] {
  if (!scope.related || (scope.model && !(KINDS as readonly string[]).includes(scope.model))) return [];
  const out: RawItem[] = [];
  for (const kind of KINDS) {
    const ids = scope.related[kind];
    if (!ids || ids.length === 0 || (scope.model && scope.model !== kind)) continue;
    const entity = entityByName(kind)!;
    const t = entity.table;
    const where = [
      `${t}.id IN (SELECT value FROM json_each(?))`,
      `+${t}.created_at IS NOT NULL`,
      `NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.object_id = ${t}.id AND a.action = 'create')`,
    ];
    const params: unknown[] = [JSON.stringify(ids)];
    if (scope.start) (where.push(`+${t}.created_at >= ?`), params.push(scope.start));
    if (scope.end) (where.push(`+${t}.created_at <= ?`), params.push(scope.end));
    const key = `'created_' || ${t}.id`;
    if (scope.cursor) {
      where.push(`+${t}.created_at <= ? AND (+${t}.created_at < ? OR ${key} < ?)`);
      params.push(scope.cursor.ts, scope.cursor.ts, scope.cursor.key);
    }
    // Imports are few: walking them and probing import_records' key finds the import without an
    // index on record_id (which every imported row would pay for). Asked only for the page's rows,
    // unless the user filter needs it for every row.
    const importOf = (ref: string) => `(SELECT json_array(i.id, i.user_id, u.full_name, u.username) FROM imports i
       CROSS JOIN import_records r ON r.import_id = i.id AND r.record_id = ${ref}
       LEFT JOIN users u ON u.id = i.user_id WHERE r.action = 'create' ORDER BY i.created_at LIMIT 1)`;
    const base = `SELECT ${t}.id AS id, ${t}.created_by AS created_by, ${t}.created_at AS ts, ${key} AS key FROM ${t} WHERE ${where.join(' AND ')}`;
    const sql = scope.userId
      ? `SELECT * FROM (SELECT b.*, ${importOf('b.id')} AS import FROM (${base}) b) WHERE coalesce(json_extract(import, '$[1]'), created_by) = ?
         ORDER BY ts DESC, key DESC LIMIT ?`
      : `SELECT p.*, ${importOf('p.id')} AS import FROM (${base} ORDER BY ts DESC, key DESC LIMIT ?) p ORDER BY ts DESC, key DESC`;
    if (scope.userId) params.push(scope.userId);
    const rows = statements.get(sql).all(...params, scope.limit) as { id: string; created_by: string | null; ts: string; key: string; import: string | null }[];
    for (const row of rows) {
      const imported = row.import ? (JSON.parse(row.import) as [string, string, string | null, string | null]) : null;
      out.push({
        key: row.key,
        ts: row.ts,
        type: 'audit',
        action: 'create',
        description: imported
          ? `${entity.label} imported by ${imported[2] || imported[3] || 'a deleted user'} in import ${imported[0]}`
          : `${entity.label} created`,
        entityType: kind,
        entityId: row.id,
        userId: imported ? imported[1] : row.created_by,
        changes: [],
      });
    }
  }
  return out;
}
