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

/** `as const`: the merge handler's body type derives from it. */
export const MERGE_BODY = {
  type: 'object',
  required: ['model', 'keep', 'merge'],
  additionalProperties: false,
  properties: {
    model: { type: 'string', enum: ['lead', 'contact', 'company'] },
    keep: { type: 'string', description: 'Id of the record kept' },
    merge: { type: 'string', description: 'Id of the duplicate merged into it' },
    take: { type: 'array', items: { type: 'string' }, description: 'Fields whose value comes from the duplicate (custom fields as custom_fields.<name>)' },
  },
} as const;

export const DUPLICATE_OPERATIONS: readonly Operation[] = [
  {
    id: 'duplicates.find',
    method: 'GET',
    path: '/api/v1/duplicates/',
    tag: 'Duplicates',
    access: 'read',
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
  {
    id: 'duplicates.merge',
    method: 'POST',
    path: '/api/v1/duplicates/merge/',
    tag: 'Duplicates',
    access: 'write',
    summary:
      'Merge a duplicate into the record kept: the fields named in `take` come from the duplicate, every linked record moves over, the duplicate is deleted (restorable); undo with the returned id',
    requestBody: MERGE_BODY,
    response: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'The merge, for undo' },
        kept_id: { type: 'string' },
        moved: { type: 'integer', description: 'Linked records moved' },
      },
    },
  },
  {
    id: 'duplicates.undo_merge',
    method: 'POST',
    path: '/api/v1/duplicates/merges/{id}/undo/',
    tag: 'Duplicates',
    access: 'write',
    summary: "Undo a merge: the duplicate restored, its linked records moved back, the kept record's fields as they were",
    response: { type: 'object', properties: { kept_id: { type: 'string' }, merged_id: { type: 'string' } } },
  },
];
