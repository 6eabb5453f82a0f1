import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { validationError, type FieldErrors } from '../../shared/errors';
import type { Operation } from '../../shared/contract/operation';
import { bodySchema, querySchema } from '../../shared/contract/input-schemas';
import { objectOr } from '../core/json-object';

/**
 * Every request's body and query string are checked against its operation's schemas from the
 * contract table before the handler runs, so a handler receives only the shapes its entry
 * declares. Ajv (the validator fastify itself ships) compiles the table's JSON schemas as they
 * are: no second schema language to keep in step with the OpenAPI document.
 *
 * Formats (`date`, `email`, ...) are annotations here: the values' meaning is checked once, by
 * the field validator of the entity or engine, so one mistake has one wording.
 */
const bodyAjv = new Ajv({ verbose: true, allErrors: true, strict: false, validateFormats: false, coerceTypes: false, useDefaults: false });
/** Query values are text; a copy is coerced for the check (`page=2` is an integer 2). */
const queryAjv = new Ajv({ verbose: true, allErrors: true, strict: false, validateFormats: false, coerceTypes: true, useDefaults: false });

/** At most this many field errors in one answer (a 1,000-item body can fail 1,000 times). */
const MAX_REPORTED = 50;

export interface OperationValidator {
  body(value: unknown): void;
  query(value: Record<string, unknown>): void;
}

/**
 * The validator of one operation. Its schemas are compiled on the operation's first request:
 * compiling the whole table at start took 0.5-1 s of the 2 s cold-start budget (5 s on a
 * loaded machine), for operations a session mostly never calls.
 */
export function compileOperationValidator(op: Operation): OperationValidator {
  let body: ValidateFunction | undefined;
  let query: ValidateFunction | undefined;
  const bodyCheck = () => (body ??= bodyAjv.compile(bodySchema(op)));
  return {
    body: (value) => {
      // No body, or an empty object, is what an operation without a body schema takes.
      if (value === undefined) {
        if (op.requestBody && Array.isArray(op.requestBody.required) && op.requestBody.required.length) check(bodyCheck(), {}, 'body');
        return;
      }
      check(bodyCheck(), value, 'body');
    },
    query: (value) => check((query ??= queryAjv.compile(querySchema(op))), { ...value }, 'query'),
  };
}

function check(validate: ValidateFunction, value: unknown, part: 'body' | 'query'): void {
  if (validate(value)) return;
  throw validationError(fieldErrors(validate.errors ?? [], part));
}

/** Ajv's errors as `{ "opportunity.amount": ["A valid number is required."] }`, one wording per mistake. */
export function fieldErrors(errors: readonly ErrorObject[], part: 'body' | 'query'): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    // A branch of oneOf/anyOf failing is reported once, by the oneOf/anyOf itself.
    if (/\/(oneOf|anyOf)\/\d+\//.test(error.schemaPath)) continue;
    const at = fieldPath(error, part);
    if (out[at] || Object.keys(out).length >= MAX_REPORTED) continue;
    out[at] = [messageOf(error, part)];
  }
  return Object.keys(out).length ? out : { [part]: ['Invalid input.'] };
}

function fieldPath(error: ErrorObject, part: 'body' | 'query'): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = error.params;
  if (error.keyword === 'additionalProperties') segments.push(String(p.additionalProperty));
  if (error.keyword === 'required') segments.push(String(p.missingProperty));
  // A list item's mistake is the list field's (`tags`, not `tags[3]`), as the field validators name it.
  while (segments.length > 1 && /^\d+$/.test(segments[segments.length - 1])) segments.pop();
  let path = '';
  for (const s of segments) path = /^\d+$/.test(s) && path ? `${path}[${s}]` : path ? `${path}.${s}` : s;
  // A body that is not an object at all is the whole input's mistake, named as clients know it.
  return path || (part === 'body' ? 'non_field_errors' : part);
}

const TYPE_MESSAGES: Record<string, string> = {
  string: 'Not a valid string.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  boolean: 'Must be a valid boolean.',
  array: 'Expected a list.',
  object: 'Expected an object.',
};

function typeMessage(error: ErrorObject, part: 'body' | 'query'): string {
  const types = String((error.params as { type: unknown }).type)
    .split(',')
    .filter((t) => t !== 'null');
  if (part === 'query' && Array.isArray(error.data)) return 'Give this parameter once.';
  if (error.instancePath === '') return part === 'body' ? 'Invalid data. Expected a JSON object.' : 'Invalid query string.';
  for (const t of ['integer', 'number', 'boolean', 'array', 'object', 'string']) if (types.includes(t)) return TYPE_MESSAGES[t];
  return 'Has the wrong type.';
}

function messageOf(error: ErrorObject, part: 'body' | 'query'): string {
  const p = error.params;
  const schema = objectOr(error.parentSchema);
  if (error.instancePath === '' && error.keyword === 'type' && typeof schema['x-message-root'] === 'string') return schema['x-message-root'];
  // The contract may word a field's mistakes itself (the field validator's wording, see record-schemas).
  const custom = schema['x-message'];
  if (typeof custom === 'string' && ['type', 'enum', 'oneOf', 'anyOf', 'pattern', 'format'].includes(error.keyword))
    return custom.replace('{value}', String(error.data));
  switch (error.keyword) {
    case 'additionalProperties':
      return part === 'query' ? 'Unknown parameter.' : 'Unknown field.';
    case 'required':
      return 'This field is required.';
    case 'type':
      return typeMessage(error, part);
    case 'enum':
      return `"${String(error.data)}" is not a valid choice. Choices: ${(p.allowedValues as unknown[]).filter((v) => v !== null && v !== '').join(', ')}.`;
    case 'const':
      return `Must be ${JSON.stringify(p.allowedValue)}.`;
    case 'minimum':
      return `Ensure this value is greater than or equal to ${String(p.limit)}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${String(p.limit)}.`;
    case 'exclusiveMinimum':
      return `Ensure this value is greater than ${String(p.limit)}.`;
    case 'exclusiveMaximum':
      return `Ensure this value is less than ${String(p.limit)}.`;
    case 'minLength':
      return Number(p.limit) === 1 ? 'This field may not be blank.' : `Ensure this field has at least ${String(p.limit)} characters.`;
    case 'maxLength':
      return `Ensure this field has no more than ${String(p.limit)} characters.`;
    case 'minItems':
      return `Ensure this list has at least ${String(p.limit)} items.`;
    case 'maxItems':
      return `Ensure this list has no more than ${String(p.limit)} items.`;
    case 'minProperties':
      return `Give at least ${String(p.limit)} fields.`;
    case 'maxProperties':
      return `Give at most ${String(p.limit)} fields.`;
    case 'uniqueItems':
      return 'List items must be unique.';
    case 'pattern':
      return 'Has the wrong format.';
    case 'oneOf':
    case 'anyOf':
      return 'Has the wrong type or format.';
    default:
      return 'Invalid value.';
  }
}
