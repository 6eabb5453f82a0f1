import { isUuid } from '../../core/ids';
import { AppError, notFound, validationError } from '../../../shared/errors';
import { ENTITIES, entityByName } from '../../../shared/entities/entities';
import { parseDateTime } from '../../../shared/entities/validate-field';
import type { EntityDef } from '../../../shared/entities/field-def';
import type { RecordsEngine, WriteContext } from '../records';
import { MASK, SECRET_KEY } from './audit-values';
import type { AuditWriter } from './audit-writer';
import { maskedRecord } from './audit-writer';
import type { StatementCache } from '../../db/statement-cache';
import { CUSTOM_FIELD_PREFIX } from '../../../shared/entities/field-def';
import { objectOr } from '../../core/json-object';
import type { BodyOf } from '../../core/typed-handler';
import type { REVERT_BODY } from '../../../shared/contract/audit-operations';

export interface AsOf {
  model: string;
  object_id: string;
  at: string;
  exists: boolean;
  deleted: boolean;
  values: Record<string, unknown> | null;
}

/** A point in a record's history: a time, or just after one audit entry (ties on time broken by entry order). */
interface Point {
  at: string;
  afterAuditId: string | null;
}

/**
 * A record as it was at any kept point of its history, and reverting to it. The current
 * state comes from the record's document; field history rows after the point are undone
 * newest first. A revert is an ordinary write through the write path (audited, synced).
 */
export class RecordHistory {
  constructor(
    private readonly records: RecordsEngine,
    private readonly writer: AuditWriter,
    private readonly statements: StatementCache,
  ) {}

  entity(model: string): EntityDef {
    const entity = entityByName(model);
    if (!entity) throw validationError({ model: [`Unknown model "${model}". One of: ${ENTITIES.map((e) => e.name).join(', ')}.`] });
    return entity;
  }

  /** `to` / `at`: an ISO date or datetime, or the id of one of the record's audit entries. */
  point(param: string, raw: unknown, objectId: string): Point {
    if (typeof raw !== 'string' || raw === '') throw validationError({ [param]: ['An ISO 8601 datetime or an audit entry id is required.'] });
    if (isUuid(raw)) {
      const entry = this.statements.get('SELECT at, object_id FROM audit_entries WHERE id = ?').get(raw) as { at: string; object_id: string } | undefined;
      if (!entry || entry.object_id !== objectId) throw validationError({ [param]: ['No audit entry with this id for this record.'] });
      return { at: entry.at, afterAuditId: raw };
    }
    const at = parseDateTime(raw);
    if (!at) throw validationError({ [param]: [`"${raw}" is not a valid ISO 8601 datetime.`] });
    return { at, afterAuditId: null };
  }

  asOf(entity: EntityDef, id: string, point: Point, param = 'at'): AsOf {
    const horizon = this.statements.get('SELECT purged_before FROM audit_history_horizons WHERE model = ?').pluck().get(entity.name) as string | undefined;
    if (horizon && point.at < horizon) {
      throw validationError({ [param]: [`History of ${entity.name} records before ${horizon} was removed by a retention policy.`] });
    }
    const current = this.records.currentValues(entity, id);
    if (!current) throw notFound(entity.label);
    const base = { model: entity.name, object_id: id, at: point.at };
    if (typeof current.created_at === 'string' && current.created_at > point.at) return { ...base, exists: false, deleted: false, values: null };
    const later = this.statements
      .get(
        `SELECT field_name, old_value FROM field_history WHERE object_id = ? AND (at > ? OR (at = ? AND audit_id > ?))
         ORDER BY at DESC, rowid DESC`,
      )
      .all(id, point.at, point.at, point.afterAuditId ?? '\uffff') as { field_name: string; old_value: string | null }[];
    const values: Record<string, unknown> = { ...current, custom_fields: { ...objectOr(current.custom_fields) } };
    for (const row of later) {
      const old = row.old_value === null ? null : JSON.parse(row.old_value);
      if (row.field_name.startsWith(CUSTOM_FIELD_PREFIX)) {
        const custom = objectOr(values.custom_fields);
        if (old === null) delete custom[row.field_name.slice(CUSTOM_FIELD_PREFIX.length)];
        else custom[row.field_name.slice(CUSTOM_FIELD_PREFIX.length)] = old;
      } else {
        values[row.field_name] = old;
      }
    }
    return { ...base, exists: true, deleted: Boolean(values.deleted_at), values: maskedRecord(values) };
  }

  /** Reverts a record, or some of its fields, to a past point; undeletes it if it was live then. */
  revert(
    entity: EntityDef,
    id: string,
    b: BodyOf<typeof REVERT_BODY>,
    ctx: WriteContext,
    /** Throws when the caller may not make these changes (the resource's own rules). */
    guard?: (changes: Record<string, unknown>, restore: boolean) => void,
    /** Custom fields the caller may see; the others are neither reverted nor named. */
    mayRevertCustom: (name: string) => boolean = () => true,
  ): { reverted_fields: string[]; restored: boolean } {
    const unknownKeys = Object.keys(b).filter((k) => k !== 'to' && k !== 'fields');
    if (unknownKeys.length) throw validationError(Object.fromEntries(unknownKeys.map((k) => [k, ['Unknown field.']])));
    const point = this.point('to', b.to, id);
    const past = this.asOf(entity, id, point, 'to');
    if (!past.exists || !past.values) throw validationError({ to: ['The record did not exist at that point.'] });
    const current = this.records.currentValues(entity, id)!;
    const writable = this.writableFields(entity, past.values, current).filter(
      (f) => !f.startsWith(CUSTOM_FIELD_PREFIX) || mayRevertCustom(f.slice(CUSTOM_FIELD_PREFIX.length)),
    );
    let fields = writable;
    if (b.fields !== undefined) {
      if (!Array.isArray(b.fields) || b.fields.length === 0 || !b.fields.every((f) => typeof f === 'string')) {
        throw validationError({ fields: ['A non-empty list of field names.'] });
      }
      const bad = b.fields.filter((f) => !writable.includes(f));
      if (bad.length) throw validationError({ fields: [`Cannot revert: ${bad.join(', ')} (unknown, read-only or secret).`] });
      fields = b.fields;
    }
    const changes: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const field of fields) {
      const then = read(past.values, field);
      if (then === MASK || same(then, read(current, field))) continue;
      if (field.startsWith(CUSTOM_FIELD_PREFIX)) custom[field.slice(CUSTOM_FIELD_PREFIX.length)] = then;
      else changes[field] = then;
    }
    if (Object.keys(custom).length) changes.custom_fields = custom;
    const restore = Boolean(current.deleted_at) && !past.deleted && b.fields === undefined;
    const reverted = [...Object.keys(changes).filter((k) => k !== 'custom_fields'), ...Object.keys(custom).map((k) => `${CUSTOM_FIELD_PREFIX}${k}`)];
    if (current.deleted_at && !restore)
      throw new AppError('conflict', `${entity.label} ${id} is deleted; revert it whole (without fields) or restore it first.`);
    guard?.(changes, restore);
    this.writer.withNote(`Reverted ${entity.label.toLowerCase()} to its state of ${point.at}`, () =>
      this.records.transaction(() => {
        if (restore) this.records.restore(entity.name, id, ctx);
        if (reverted.length) this.records.update(entity.name, id, changes, ctx);
      }),
    );
    return { reverted_fields: reverted, restored: restore };
  }

  private writableFields(entity: EntityDef, past: Record<string, unknown>, current: Record<string, unknown>): string[] {
    const fields = Object.entries(entity.fields)
      .filter(([name, def]) => !def.readOnly && !SECRET_KEY.test(name))
      .map(([name]) => name);
    fields.push('tags');
    const customNames = new Set([...Object.keys((past.custom_fields ?? {}) as object), ...Object.keys((current.custom_fields ?? {}) as object)]);
    for (const name of customNames) if (!SECRET_KEY.test(name)) fields.push(`${CUSTOM_FIELD_PREFIX}${name}`);
    return fields;
  }
}

function read(values: Record<string, unknown>, field: string): unknown {
  if (field.startsWith(CUSTOM_FIELD_PREFIX)) return objectOr(values.custom_fields)[field.slice(CUSTOM_FIELD_PREFIX.length)] ?? null;
  return values[field] ?? null;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
