/** The definitions' shapes live once, in the shared contract. */
export type { FieldDefinition, FieldGroup } from '../../../shared/contract/api-types';

/** Models that take custom fields, in the order the app shows them. */
export const CUSTOM_FIELD_MODELS = [
  { id: 'lead', label: 'Leads' },
  { id: 'contact', label: 'Contacts' },
  { id: 'company', label: 'Companies' },
  { id: 'opportunity', label: 'Opportunities' },
  { id: 'task', label: 'Tasks' },
] as const;

export const TYPE_LABELS: Record<string, string> = {
  text: 'Text',
  textarea: 'Long text',
  number: 'Whole number',
  decimal: 'Decimal',
  boolean: 'Yes / no',
  date: 'Date',
  datetime: 'Date and time',
  email: 'Email',
  url: 'Web address',
  phone: 'Phone',
  select: 'Choice (one)',
  multiselect: 'Choice (several)',
  radio: 'Choice (one, buttons)',
  checkbox: 'Choice (several, boxes)',
};

export const WITH_OPTIONS = new Set(['select', 'multiselect', 'radio', 'checkbox']);

/** `Deal size` -> `deal_size`: the key a new field gets unless the admin types one. */
export function nameFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const start = /^[a-z]/.test(slug) ? slug : `f_${slug}`;
  return start.slice(0, 50) || 'field';
}
