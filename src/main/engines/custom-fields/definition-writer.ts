import { newId } from '../../core/ids';
import { AppError, notFound, validationError, type FieldErrors } from '../../../shared/errors';
import { entityByName } from '../../../shared/entities/entities';
import { customFieldKey, type WriteContext } from '../records';
import type { CustomFieldsEngine } from './custom-fields-engine';
import { parseDefinition, type DefinitionMode } from './definition-input';
import type { CustomFieldDef, DefinitionAttributes } from './field-types';
import { convertValue } from './value-conversion';
import { objectOr } from '../../core/json-object';

/** How many unconvertible values a refused type change lists. */
const MAX_LISTED = 100;

interface Conversion {
  id: string;
  from: unknown;
  to: unknown;
}

/**
 * Creates, changes, deletes and restores definitions. A change of type (or of a choice field's
 * options) converts the values already stored, through the write path, in the transaction that
 * saves the definition, or refuses listing the values that cannot be converted. Deleting keeps
 * the values in the documents, so a restore brings them back.
 */
export class DefinitionWriter {
  constructor(private readonly engine: CustomFieldsEngine) {}

  private get store() {
    return this.engine.store;
  }

  create(body: unknown, ctx: WriteContext): CustomFieldDef {
    const parsed = parseDefinition(body, 'create');
    this.checkGroup(parsed.entity, parsed.attrs, parsed.errors);
    const clash = parsed.entity && parsed.attrs.name ? this.store.byName(parsed.entity, parsed.attrs.name) : undefined;
    if (clash && !parsed.errors.name) {
      parsed.errors.name = [
        clash.deleted_at
          ? `A deleted ${parsed.entity} field has this name; restore it (POST /api/v1/custom-fields/${clash.id}/restore/) or choose another name.`
          : `A ${parsed.entity} custom field with this name already exists.`,
      ];
    }
    if (Object.keys(parsed.errors).length) throw validationError(parsed.errors);
    const id = newId();
    this.saving(() => this.store.insert(id, parsed.entity, parsed.attrs, ctx.actor));
    return this.store.byId(id)!;
  }

  update(id: string, body: unknown, mode: Exclude<DefinitionMode, 'create'>, ctx: WriteContext): CustomFieldDef {
    const existing = this.live(id);
    const parsed = parseDefinition(body, mode, existing);
    this.checkGroup(parsed.entity, parsed.attrs, parsed.errors);
    if (Object.keys(parsed.errors).length) throw validationError(parsed.errors);
    const next = { ...existing, ...parsed.attrs };
    const rulesChanged = next.field_type !== existing.field_type || JSON.stringify(next.options) !== JSON.stringify(existing.options);
    const conversions = rulesChanged ? this.conversions(existing, next) : [];
    this.saving(() => {
      this.store.update(id, parsed.attrs, null, ctx.actor);
      this.store.reload();
      const system: WriteContext = { actor: ctx.actor, origin: 'system' };
      for (const c of conversions) {
        this.engine.deps.records.writeSystemFields(existing.entity, c.id, { [customFieldKey(existing.name)]: c.to }, system);
      }
      // Who may see the values changed: they move to the documents of the new scope (records/scoped-docs.ts).
      if (JSON.stringify([...next.visible_to_roles].sort()) !== JSON.stringify([...existing.visible_to_roles].sort())) {
        this.engine.deps.records.rescopeField(existing.entity, existing.name, system);
      }
    });
    return this.store.byId(id)!;
  }

  remove(id: string): void {
    const existing = this.live(id);
    this.saving(() => this.store.update(id, attributesOf(existing), this.now()));
  }

  restore(id: string): CustomFieldDef {
    const existing = this.store.byId(id);
    if (!existing) throw notFound('Custom field');
    if (!existing.deleted_at) throw new AppError('conflict', 'This custom field is not deleted.');
    this.saving(() => this.store.update(id, attributesOf(existing), null));
    return this.store.byId(id)!;
  }

  private live(id: string): CustomFieldDef {
    const def = this.store.byId(id);
    if (!def || def.deleted_at) throw notFound('Custom field');
    return def;
  }

  private now(): string {
    return this.engine.deps.clock.now().toISOString();
  }

  /** Runs a definition write in the write path's transaction; the cache and index follow the outcome. */
  private saving(fn: () => void): void {
    try {
      this.engine.deps.records.transaction(() => {
        fn();
        this.store.reload();
        for (const def of this.store.everything()) this.store.syncIndex(def);
      });
    } finally {
      this.store.reload();
    }
  }

  private checkGroup(entity: string, attrs: DefinitionAttributes, errors: FieldErrors): void {
    if (!attrs.group) return;
    const group = this.store.group(attrs.group);
    if (!group) errors.group = [`Invalid pk "${attrs.group}" - object does not exist.`];
    else if (entity && group.entity !== entity) errors.group = [`This group organises ${group.entity} fields, not ${entity} fields.`];
  }

  /** The stored values of live records under the new rules; refuses if any cannot be converted. */
  private conversions(from: CustomFieldDef, to: CustomFieldDef): Conversion[] {
    const table = entityByName(from.entity)!.table;
    const rows = this.engine.deps.db
      .prepare(`SELECT id, custom_fields FROM ${table} WHERE deleted_at IS NULL AND json_type(custom_fields, '$.${from.name}') IS NOT NULL ORDER BY id`)
      .all() as { id: string; custom_fields: string }[];
    const out: Conversion[] = [];
    const failures: FieldErrors = {};
    let failed = 0;
    for (const row of rows) {
      const value = objectOr(JSON.parse(row.custom_fields))[from.name];
      const result = convertValue(to, value);
      if (!result.ok) {
        if (++failed <= MAX_LISTED) failures[`values.${row.id}`] = [`${JSON.stringify(value)}: ${result.message}`];
      } else if (JSON.stringify(result.value) !== JSON.stringify(value)) {
        out.push({ id: row.id, from: value, to: result.value });
      }
    }
    if (failed > 0) {
      throw new AppError('conflict', `${failed} stored value(s) cannot be converted to ${to.field_type}; nothing was changed.`, {
        field_type: [`${failed} stored value(s) cannot be converted to ${to.field_type}${failed > MAX_LISTED ? ` (first ${MAX_LISTED} listed)` : ''}.`],
        ...failures,
      });
    }
    return out;
  }
}

function attributesOf(def: CustomFieldDef): DefinitionAttributes {
  const { id: _id, entity: _e, created_at: _c, updated_at: _u, deleted_at: _d, ...attrs } = def;
  return attrs;
}
