import type { FieldKind } from '../../../shared/entities/field-def';

export const TEXT_LOOKUPS = ['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'in', 'isnull'] as const;
export const RANGE_LOOKUPS = ['exact', 'gt', 'gte', 'lt', 'lte', 'in', 'range', 'isnull'] as const;

/** Which lookups each kind of field takes; anything else is a 400 naming the parameter. */
export const LOOKUPS_BY_KIND: Record<FieldKind, readonly string[]> = {
  text: TEXT_LOOKUPS,
  longtext: ['icontains', 'contains', 'isnull'],
  email: TEXT_LOOKUPS,
  url: TEXT_LOOKUPS,
  phone: TEXT_LOOKUPS,
  enum: ['exact', 'in', 'isnull'],
  int: RANGE_LOOKUPS,
  decimal: RANGE_LOOKUPS,
  date: RANGE_LOOKUPS,
  datetime: RANGE_LOOKUPS,
  bool: ['exact', 'isnull'],
  ref: ['exact', 'in', 'isnull'],
  tags: ['exact', 'all', 'isnull'],
  json: [],
};

export const ALL_LOOKUPS = new Set(Object.values(LOOKUPS_BY_KIND).flat());

/** `amount__gte` -> ['amount', 'gte']; `company__industry` -> ['company__industry', 'exact']. */
export function splitLookup(param: string): [string, string] {
  const at = param.lastIndexOf('__');
  if (at > 0) {
    const suffix = param.slice(at + 2);
    if (ALL_LOOKUPS.has(suffix)) return [param.slice(0, at), suffix];
  }
  return [param, 'exact'];
}
