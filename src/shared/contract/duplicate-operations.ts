import type { JsonSchema, Operation } from './operation';

/** Possible duplicates of a lead, contact or company about to be created (issue 15). */
const CANDIDATE: JsonSchema = {
  type: 'object',
  properties: {
    model: { type: 'string', enum: ['lead', 'contact', 'company'] },
    id: { type: 'string' },
    label: { type: 'string' },
    reasons: { type: 'array', items: { type: 'string' }, description: 'What matched, e.g. "same email"' },
  },
};

export const DUPLICATE_OPERATIONS: readonly Operation[] = [
  {
    id: 'duplicates.find', method: 'GET', path: '/api/v1/duplicates/', tag: 'Duplicates', access: 'read',
    summary: 'Existing records a new lead, contact or company may duplicate: same email, same first and last name, or (companies) same name or domain',
    query: [
      { name: 'model', description: 'lead, contact or company', required: true },
      { name: 'email', description: 'Compared case-insensitively (a lead also with contacts)' },
      { name: 'first_name', description: 'With last_name: same person' },
      { name: 'last_name', description: 'With first_name: same person' },
      { name: 'name', description: 'Company name, case-insensitive' },
      { name: 'domain', description: 'Company domain or web address (scheme and www. ignored)' },
      { name: 'exclude', description: 'A record id to leave out (the record being edited)' },
    ],
    response: { type: 'object', properties: { results: { type: 'array', items: CANDIDATE } } },
  },
];
