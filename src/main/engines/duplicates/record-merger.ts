import { ENTITIES, entityByName } from '../../../shared/entities/entities';
import { customFieldName, type EntityDef } from '../../../shared/entities/field-def';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import type { Clock } from '../../core/clock';
import { newId } from '../../core/ids';
import type { ListQueryEngine } from '../query';
import type { RecordsEngine, WriteContext } from '../records';
import { DUPLICATE_MODELS, type DuplicateModel } from './duplicate-finder';
import type { MergeStore, MovedLink } from './merge-store';
import { objectOr } from '../../core/json-object';
import type { BodyOf } from '../../core/typed-handler';
import type { MERGE_BODY } from '../../../shared/contract/duplicate-operations';

export interface MergeRequest {
  model: DuplicateModel;
  keep: string;
  merge: string;
  /** Fields whose value comes from the merged record (the rest keep the kept record's). */
  take: string[];
}

/** Linked records are moved a page at a time, each through the write path (so history records it). */
const PAGE = '100';

/**
 * Merges a duplicate into the record kept: the chosen fields' values, every linked record
 * (tasks, activities, deals, contacts of a company) moved over, then the duplicate deleted
 * (restorable). One transaction; what is needed to undo it is kept in the merge store.
 */
export class RecordMerger {
  constructor(private readonly deps: { records: RecordsEngine; query: ListQueryEngine; clock: Clock; store: MergeStore }) {}

  merge(req: MergeRequest, ctx: WriteContext & { actor: string }): { id: string; kept_id: string; moved: number } {
    const { records, query, store } = this.deps;
    const entity = entityByName(req.model) as EntityDef;
    return records.transaction(() => {
      const kept = this.live(entity, req.keep, 'keep');
      const merged = this.live(entity, req.merge, 'merge');
      const body: Record<string, unknown> = {};
      const custom: Record<string, unknown> = {};
      const before: Record<string, unknown> = {};
      for (const field of req.take) {
        const name = customFieldName(field);
        const from = name === null ? merged[field] : objectOr(merged.custom_fields)[name];
        if (name === null) body[field] = from ?? null;
        else custom[name] = from ?? null;
        before[field] = name === null ? (kept[field] ?? null) : (objectOr(kept.custom_fields)[name] ?? null);
      }
      if (Object.keys(custom).length > 0) body.custom_fields = custom;
      if (Object.keys(body).length > 0) records.update(entity.name, req.keep, body, ctx);

      const moved: MovedLink[] = [];
      for (const [linked, field] of linksTo(entity.name)) {
        for (;;) {
          const { rows } = query.list(linked, { [field]: req.merge, page_size: PAGE });
          if (rows.length === 0) break;
          for (const row of rows) {
            records.update(linked.name, String(row.id), { [field]: req.keep }, ctx);
            moved.push({ entity: linked.name, id: String(row.id), field });
          }
        }
      }
      records.remove(entity.name, req.merge, ctx);
      const id = newId();
      store.put({
        id,
        model: entity.name,
        kept_id: req.keep,
        merged_id: req.merge,
        kept_before: before,
        moved,
        merged_by: ctx.actor,
        merged_at: this.deps.clock.now().toISOString(),
      });
      return { id, kept_id: req.keep, moved: moved.length };
    });
  }

  /** Puts everything back: the duplicate restored, its links returned, the kept record's old values. */
  undo(mergeId: string, ctx: WriteContext): { kept_id: string; merged_id: string } {
    const { records, store } = this.deps;
    return records.transaction(() => {
      const row = store.get(mergeId);
      if (!row) throw notFound('Merge');
      if (row.undone_at) throw new AppError('conflict', 'This merge has already been undone.');
      const entity = entityByName(row.model) as EntityDef;
      records.restore(entity.name, row.merged_id, ctx);
      for (const link of row.moved) {
        const linked = entityByName(link.entity) as EntityDef;
        // A linked record deleted since stays deleted; the rest point at the restored record again.
        if (records.currentValues(linked, link.id)?.deleted_at) continue;
        records.update(linked.name, link.id, { [link.field]: row.merged_id }, ctx);
      }
      const body: Record<string, unknown> = {};
      const custom: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(row.kept_before)) {
        const name = customFieldName(field);
        if (name === null) body[field] = value;
        else custom[name] = value;
      }
      if (Object.keys(custom).length > 0) body.custom_fields = custom;
      if (Object.keys(body).length > 0) records.update(entity.name, row.kept_id, body, ctx);
      store.markUndone(mergeId, this.deps.clock.now().toISOString());
      return { kept_id: row.kept_id, merged_id: row.merged_id };
    });
  }

  private live(entity: EntityDef, id: string, param: string): Record<string, unknown> {
    const values = this.deps.records.currentValues(entity, id);
    if (!values || values.deleted_at) throw validationError({ [param]: [`No live ${entity.name} with id "${id}".`] });
    return values;
  }
}

/** Every writable link to an entity: [linked entity, its field]. */
function linksTo(model: string): [EntityDef, string][] {
  return ENTITIES.flatMap((e) =>
    Object.entries(e.fields).flatMap(([field, def]) => (def.kind === 'ref' && def.ref === model && !def.readOnly ? [[e, field] as [EntityDef, string]] : [])),
  );
}

/** The body of `POST /duplicates/merge/`, checked. */
export function checkMergeBody(b: BodyOf<typeof MERGE_BODY>): MergeRequest {
  const errors: FieldErrors = {};
  for (const key of Object.keys(b)) if (!['model', 'keep', 'merge', 'take'].includes(key)) errors[key] = ['Unknown field.'];
  if (typeof b.model !== 'string' || !(DUPLICATE_MODELS as readonly string[]).includes(b.model)) errors.model = [`One of: ${DUPLICATE_MODELS.join(', ')}.`];
  if (typeof b.keep !== 'string' || b.keep === '') errors.keep = ['The id of the record to keep.'];
  if (typeof b.merge !== 'string' || b.merge === '') errors.merge = ['The id of the duplicate to merge into it.'];
  if (!errors.keep && b.keep === b.merge) errors.merge = ['A record cannot be merged into itself.'];
  const take = b.take ?? [];
  if (!Array.isArray(take) || take.some((f) => typeof f !== 'string')) errors.take = ['A list of field names.'];
  else if (typeof b.model === 'string' && !errors.model) {
    const entity = entityByName(b.model) as EntityDef;
    const bad = take.filter((f) => customFieldName(f) === null && (!entity.fields[f] || entity.fields[f]?.readOnly));
    if (bad.length > 0) errors.take = bad.map((f) => `"${f}" is not a field you can take from the duplicate.`);
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return { model: b.model, keep: b.keep, merge: b.merge, take };
}
