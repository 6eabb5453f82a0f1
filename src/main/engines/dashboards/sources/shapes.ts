import type { Db } from '../../../db/open-database';
import { StatementCache } from '../../../db/statement-cache';
import { entityByName } from '../../../../shared/entities/entities';
import type { FilterField } from '../../query';
import { comparisonLabel, previousPeriod, resolvePeriod, type ResolvedPeriod } from '../periods';
import type { ReadContext } from './source-types';
import type { RecordScopes } from './record-scope';

/** Figures rounded to cents: sums of decimals drift in binary floating point. */
export const round = (n: number): number => Math.round(n * 100) / 100;

/** `+15%`, `-3%`, `0%`; null when there is nothing to compare with. */
export function trend(current: number, previous: number): string | null {
  if (previous === 0) return current === 0 ? '0%' : null;
  const pct = Math.round(((current - previous) / Math.abs(previous)) * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

/** The metric card shape of the spec: a value, its label, and the trend against the period before. */
export function metricCard(ctx: ReadContext, scopes: RecordScopes, valueFor: (range: ResolvedPeriod | null) => number) {
  const period = scopes.period(ctx.params);
  if (!period) return { value: round(valueFor(null)), label: ctx.label, trend: null, comparison: null };
  const current = valueFor(resolvePeriod(period, ctx.now, ctx.viewer.timezone));
  const previous = valueFor(previousPeriod(period, ctx.now, ctx.viewer.timezone));
  return {
    value: round(current),
    label: ctx.label,
    trend: trend(current, previous),
    comparison: comparisonLabel(period),
    previous_value: round(previous),
    period,
  };
}

/** Readable names for grouped values: a user's full name for an owner id, an enum value as words. */
export class GroupLabels {
  private readonly statements: StatementCache;

  constructor(db: Db) {
    this.statements = new StatementCache(db);
  }

  label(field: FilterField | undefined, keys: readonly (string | number | null)[]): string[] {
    const refEntity = field?.def.kind === 'ref' && field.def.ref ? entityByName(field.def.ref) : undefined;
    if (!refEntity) return keys.map((k) => (k === null ? '(none)' : String(k).replace(/_/g, ' ')));
    const title =
      refEntity.name === 'user' ? "coalesce(nullif(full_name, ''), username)" : refEntity.titleFields.map((f) => `coalesce(${f}, '')`).join(" || ' ' || ");
    const rows = this.statements
      .get(`SELECT id, ${title} AS name FROM ${refEntity.table} WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(keys.filter((k) => k !== null))) as { id: string; name: string }[];
    const names = new Map(rows.map((r) => [r.id, r.name.trim()]));
    return keys.map((k) => (k === null ? '(none)' : (names.get(String(k)) ?? String(k))));
  }
}
