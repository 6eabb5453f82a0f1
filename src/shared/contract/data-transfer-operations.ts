import { PAGING_QUERY, listEnvelope } from './record-schemas';
import type { JsonSchema, Operation, QueryParamDoc } from './operation';
import { LIST_QUERY_DOCS, RECORD_ENTITIES } from './record-operations';

/** CSV import (with dry run, progress and undo) and CSV export of any list view (issue 6). */

/** Models an import can write: every record entity (users are created by admins only). */
export const IMPORT_MODELS = RECORD_ENTITIES.map((e) => e.name);
export const IMPORT_STATUSES = ['running', 'completed', 'failed', 'undone'] as const;
/**
 * 20 MiB holds the row cap at ~100 bytes a row. A 50 MiB body took the process from 226 to
 * 799 MB (the body text, the parsed JSON string and the rows are all held at once).
 */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;
export const EXPORT_MAX_ROWS = 100_000;

const ROW_ERROR: JsonSchema = {
  type: 'object',
  properties: {
    row: { type: 'integer', description: 'Data row, from 1 (the header row is not counted)' },
    fields: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
  },
};

const IMPORT_BODY: JsonSchema = {
  type: 'object',
  required: ['model', 'csv'],
  properties: {
    model: { type: 'string', enum: IMPORT_MODELS },
    csv: { type: 'string', description: 'The text of the CSV file; its first row names the columns.' },
    mapping: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'CSV column -> field name, `custom_fields.<name>`, or "" to skip. Omitted: columns named like a field (name or label, any case) are mapped.',
    },
    dry_run: { type: 'boolean', description: 'Validate and count without writing (200). Default false (202, runs in the background).' },
    match_on: { type: ['string', 'null'], enum: ['email', 'id', null], description: 'Update the record with this email or id instead of creating one.' },
  },
};

const IMPORT: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: [...IMPORT_STATUSES] },
    model: { type: 'string' },
    total_rows: { type: 'integer' },
    processed: { type: 'integer' },
    created: { type: 'integer' },
    updated: { type: 'integer' },
    skipped: { type: 'integer' },
    errors: { type: 'array', items: ROW_ERROR, description: 'Rows left out, the first 1,000' },
    created_at: { type: 'string', format: 'date-time' },
    finished_at: { type: ['string', 'null'], format: 'date-time' },
  },
};

const FIELD_DIFF: JsonSchema = {
  type: 'object',
  description: 'Field -> { old, new }',
  additionalProperties: { type: 'object', properties: { old: {}, new: {} } },
};

const DRY_RUN: JsonSchema = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    total_rows: { type: 'integer' },
    create: { type: 'integer' },
    update: { type: 'integer' },
    skip: { type: 'integer' },
    errors: { type: 'array', items: ROW_ERROR },
    preview: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer' },
          action: { type: 'string', enum: ['create', 'update', 'skip'] },
          values: { type: 'object' },
          changes: FIELD_DIFF,
        },
      },
    },
    updates: {
      type: 'array',
      description: 'Updated rows (the first 200): the record and each changed field before and after',
      items: { type: 'object', properties: { row: { type: 'integer' }, record_id: { type: 'string' }, changes: FIELD_DIFF } },
    },
    duplicates: {
      type: 'array',
      description:
        'Rows that would create a lead, contact or company that may already exist (same email, name or domain); the first 500 rows to be created are checked, at most 200 listed',
      items: {
        type: 'object',
        properties: {
          row: { type: 'integer' },
          candidates: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                model: { type: 'string' },
                id: { type: 'string' },
                label: { type: 'string' },
                reasons: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
    },
    columns: { type: 'array', items: { type: 'string' } },
    mapping: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const importOperations: Operation[] = [
  {
    id: 'imports.create',
    method: 'POST',
    path: '/api/v1/imports/',
    tag: 'Import and export',
    access: 'write',
    status: 202,
    bodyLimit: IMPORT_BODY_LIMIT,
    summary: `Import a CSV file (at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows): a dry run answers 200 with counts and a preview; a real run answers 202 and runs in the background. Rows with errors are skipped and reported.`,
    requestBody: IMPORT_BODY,
    response: { oneOf: [IMPORT, DRY_RUN] },
  },
  {
    id: 'imports.list',
    method: 'GET',
    path: '/api/v1/imports/',
    summary: 'Your imports, newest first',
    tag: 'Import and export',
    access: 'read',
    query: [...PAGING_QUERY],
    response: listEnvelope(IMPORT),
  },
  {
    id: 'imports.retrieve',
    method: 'GET',
    path: '/api/v1/imports/{id}/',
    summary: 'One import with its progress',
    tag: 'Import and export',
    access: 'read',
    response: IMPORT,
  },
  {
    id: 'imports.undo',
    method: 'POST',
    path: '/api/v1/imports/{id}/undo/',
    tag: 'Import and export',
    access: 'write',
    response: IMPORT,
    summary:
      'Undo a whole import: records it created are deleted (restorable), fields it changed get their previous values back unless edited since. 409 while it runs.',
  },
];

const EXPORT_QUERY: QueryParamDoc[] = [
  ...LIST_QUERY_DOCS.filter((q) => q.name !== 'page' && q.name !== 'page_size'),
  { name: 'fields', description: 'Comma-separated columns (field names, `custom_fields.<name>`). Default: every field but JSON ones.' },
];

/** `GET /api/v1/<resource>/export/`: the list endpoint's query as a CSV file. */
const exportOperations: Operation[] = RECORD_ENTITIES.map((entity) => ({
  id: `${entity.resource}.export`,
  method: 'GET',
  path: `/api/v1/${entity.resource}/export/`,
  tag: entity.label,
  access: 'read',
  summary: `Export ${entity.resource} matching the list query as CSV (text/csv, at most ${EXPORT_MAX_ROWS.toLocaleString('en-US')} rows; cells a spreadsheet would run as formulas start with ')`,
  query: EXPORT_QUERY,
  response: { type: 'string', description: 'CSV: a header row of field names, then one row per record' },
}));

export const DATA_TRANSFER_OPERATIONS: readonly Operation[] = [...importOperations, ...exportOperations];
