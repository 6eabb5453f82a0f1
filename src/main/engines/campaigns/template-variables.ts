import { companyEntity, contactEntity, leadEntity } from '../../../shared/entities/entities';
import { allFields, type EntityDef } from '../../../shared/entities/field-def';
import type { ListQueryEngine } from '../query';
import { FILTER_PREFIX } from '../custom-fields';
import type { Row } from '../records';
import { objectOr } from '../../core/json-object';

/**
 * The names a template may use. Recipient fields by their name (`first_name`, `job_title`,
 * ...) plus `full_name`; `company_name` (the linked company's name, else the record's own
 * company text); `company.<field>` of the linked company; custom fields as `custom.<name>` or
 * by their bare name; `sender.name` and `sender.email`; `unsubscribe_url`. Built-ins need no
 * declaration; everything else a template uses must be in its `variables`.
 */
export const BUILT_IN_VARIABLES = ['unsubscribe_url', 'sender.name', 'sender.email'] as const;
const SKIPPED_KINDS = new Set(['ref', 'json', 'tags']);

function plainFields(entity: EntityDef): string[] {
  return Object.entries(allFields(entity))
    .filter(([, d]) => !SKIPPED_KINDS.has(d.kind))
    .map(([n]) => n);
}

/** With a viewer: only the custom fields their role may see (the variable picker lists these). */
export function knownVariables(query: ListQueryEngine, viewer?: { id: string; role: string }): Set<string> {
  const names = new Set<string>([...BUILT_IN_VARIABLES, 'full_name', 'company_name']);
  for (const entity of [contactEntity, leadEntity]) {
    for (const name of plainFields(entity)) if (!['deleted_at', 'custom_fields'].includes(name)) names.add(name);
    for (const key of Object.keys(query.fields(entity, viewer))) {
      if (!key.startsWith(FILTER_PREFIX)) continue;
      const name = key.slice(FILTER_PREFIX.length);
      names.add(`custom.${name}`);
      if (!names.has(name)) names.add(name);
    }
  }
  for (const name of plainFields(companyEntity)) names.add(`company.${name}`);
  return names;
}

export interface VariableSources {
  recipient: Row;
  company: Row | undefined;
  sender: { name: string; email: string };
  unsubscribeUrl: string;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** The value of one name for one recipient ('' when the record has none). */
export function variableValue(name: string, s: VariableSources): string {
  const r = s.recipient;
  switch (name) {
    case 'unsubscribe_url':
      return s.unsubscribeUrl;
    case 'sender.name':
      return s.sender.name;
    case 'sender.email':
      return s.sender.email;
    case 'full_name':
      return [r.first_name, r.last_name]
        .filter((v) => v)
        .map(text)
        .join(' ');
    case 'company_name':
      return text(s.company?.name ?? r.company_name);
  }
  if (name.startsWith('company.')) return text(s.company?.[name.slice('company.'.length)]);
  const custom = customValues(r);
  if (name.startsWith('custom.')) return text(custom[name.slice('custom.'.length)]);
  if (name in r && name !== 'custom_fields') return text(r[name]);
  return text(custom[name]);
}

function customValues(r: Row): Record<string, unknown> {
  try {
    const parsed = JSON.parse(String(r.custom_fields ?? '{}')) as unknown;
    return objectOr(parsed);
  } catch {
    return {};
  }
}
