import { entityByName } from '../../../shared/entities/entities';
import { allFields, type EntityDef, type FieldDef } from '../../../shared/entities/field-def';
import type { SqlPart } from './filter-condition';

/** A name the list query engine can filter or order on, and the SQL that reads it. */
export interface FilterField {
  def: FieldDef;
  /** SQL expression over the entity's table (aliased `t`). */
  expr: string;
  /** Set for one-hop relation fields (`company__industry`): the ref column and target. */
  via?: { column: string; target: EntityDef; expr: string };
  orderable: boolean;
  /** Builds the condition itself instead of the lookups of `def.kind` (list-valued custom fields). */
  condition?: (lookup: string, raw: string) => SqlPart;
}

/**
 * Supplies extra filterable names for an entity (the custom fields engine uses it). `viewer`
 * is the caller, when known: names a role may not see are left out.
 */
export type FilterFieldProvider = (entity: EntityDef, viewer?: { id: string; role: string }) => Record<string, FilterField>;

const NOT_ORDERABLE = new Set(['tags', 'json', 'longtext']);

const builtIn = new WeakMap<EntityDef, Readonly<Record<string, FilterField>>>();

/** The names every list of the entity can filter on; built once per entity (every list request asks). */
export function builtInFilterFields(entity: EntityDef): Readonly<Record<string, FilterField>> {
  let fields = builtIn.get(entity);
  if (!fields) builtIn.set(entity, (fields = buildFilterFields(entity)));
  return fields;
}

function buildFilterFields(entity: EntityDef): Record<string, FilterField> {
  const out: Record<string, FilterField> = {};
  for (const [name, def] of Object.entries(allFields(entity))) {
    if (def.kind === 'json') continue;
    out[name] = { def, expr: `t.${name}`, orderable: !NOT_ORDERABLE.has(def.kind) };
    if (def.kind !== 'ref' || !def.ref) continue;
    const target = entityByName(def.ref);
    if (!target) continue;
    for (const [targetName, targetDef] of Object.entries(allFields(target))) {
      if (targetDef.kind === 'json' || targetDef.kind === 'tags' || targetDef.kind === 'ref') continue;
      out[`${name}__${targetName}`] = {
        def: targetDef,
        expr: `r.${targetName}`,
        via: { column: `t.${name}`, target, expr: `r.${targetName}` },
        orderable: false,
      };
    }
  }
  return out;
}
