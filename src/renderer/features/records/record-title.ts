import type { ResourceDef } from './record-resources';

export type { ApiRecord } from '../../../shared/contract/api-types';

/** A record's name for people: its title fields joined, else its email or id. */
export function recordTitle(resource: ResourceDef, record: Record<string, unknown>): string {
  const parts = resource.entity.titleFields
    .filter((f) => !(resource.name === 'leads' && f === 'company_name'))
    .map((f) => record[f])
    .filter((v) => typeof v === 'string' && v.trim() !== '');
  if (parts.length > 0) return parts.join(' ');
  if (typeof record.email === 'string' && record.email) return record.email;
  return typeof record.id === 'string' ? record.id : 'Untitled';
}

/** The label of a nested brief (`{id, name}`, `{id, full_name}`, `{id, first_name, last_name}`). */
export function briefLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  const v = value as Record<string, unknown>;
  const named = v.name ?? v.full_name ?? v.title ?? v.subject;
  if (typeof named === 'string' && named.trim()) return named;
  const joined = [v.first_name, v.last_name].filter((s) => typeof s === 'string' && s).join(' ');
  if (joined) return joined;
  return typeof v.username === 'string' ? v.username : typeof v.email === 'string' ? v.email : String(v.id ?? '');
}

export function briefId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}
