import type { EntityDef } from '../../../shared/entities/field-def';
import type { Entry } from '../../../shared/record-doc/doc-format';
import type { StatementCache } from '../../db/statement-cache';
import type { Refusal } from './remote-checks';

/**
 * A personal kind (`privateTo`, e.g. a user's list preferences) is written by its owner alone:
 * a teammate's install could otherwise rewrite it, since every member receives every document.
 * The owner is the stored row's, or for a record this install has not seen, the one the update
 * itself names; an update that moves the record to another owner is refused too.
 */
export function privateKindRefusal(
  entity: EntityDef,
  fresh: readonly Entry[],
  authorOf: (writer: string) => string | null | undefined,
  record: { id: string; existed: boolean },
  statements: StatementCache,
): Refusal | null {
  const field = entity.privateTo;
  if (!field) return null;
  const stored = record.existed
    ? ((statements.get(`SELECT ${field} AS owner FROM ${entity.table} WHERE id = ?`).get(record.id) as { owner: string | null } | undefined)?.owner ?? null)
    : null;
  const named = fresh.find((e) => e.field === field)?.value;
  const owner = stored ?? (typeof named === 'string' ? named : null);
  if (!owner) return { reason: 'privilege', detail: `A ${entity.label.toLowerCase()} names its owner.` };
  if (stored && named !== undefined && named !== stored) return { reason: 'privilege', detail: `A ${entity.label.toLowerCase()} keeps its owner.` };
  for (const e of fresh) {
    if (authorOf(e.writer) !== owner) return { reason: 'privilege', detail: `Only its owner writes a ${entity.label.toLowerCase()}.` };
  }
  return null;
}
