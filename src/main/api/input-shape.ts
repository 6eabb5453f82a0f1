import { AppError } from '../../shared/errors';
import { isJsonObject } from '../core/json-object';

/**
 * Shape rules every request passes at the transport, before any handler sees it, so no
 * endpoint can forget them: JSON nesting is bounded (a 30 KB body nested 5,000 deep overflowed
 * the stack of recursive validators), and keys that name Object.prototype members are refused
 * at any depth and in query strings (`body[key]` / `fields[name]` look-ups returned the inherited
 * function and ended in a 500).
 */
export const MAX_JSON_DEPTH = 32;

/** Every name an ordinary object inherits, plus `__proto__` / `prototype`. */
const HOSTILE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

export function isHostileKey(key: string): boolean {
  return HOSTILE_KEYS.has(key);
}

/**
 * Deepest bracket nesting of a JSON text, counted without parsing (strings skipped), so an
 * over-deep body is refused before any recursive code runs. Stops counting past the limit.
 */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function refuse(path: string, key: string, where: 'body' | 'query'): AppError {
  const message = `"${key}" is not an accepted ${where === 'body' ? 'field' : 'parameter'} name.`;
  return new AppError('validation_failed', message, { [where]: [`${message} (at ${path})`], [path]: [message] });
}

/** Refuses hostile keys at any depth of a parsed body (depth already bounded). */
export function assertSafeKeys(value: unknown, path = 'body'): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeKeys(item, `${path}[${i}]`));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const key of Object.keys(value)) {
    const at = path === 'body' ? key : `${path}.${key}`;
    if (isHostileKey(key)) throw refuse(at, key, 'body');
    assertSafeKeys(value[key], at);
  }
}

/** Parses a JSON request body under the shape rules; AppError (400) on any breach. */
export function parseJsonBody(text: string, parse: (text: string) => unknown): unknown {
  if (jsonDepthExceeds(text)) {
    throw new AppError('validation_failed', `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`, {
      body: [`Nest objects and lists at most ${MAX_JSON_DEPTH} levels deep.`],
    });
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    throw new AppError('validation_failed', 'Malformed JSON body.', { body: ['Malformed JSON.'] });
  }
  assertSafeKeys(value);
  return value;
}

/** Query parameter names (and `fields=a,b` style list items are the handlers' business). */
export function assertSafeQuery(query: unknown): void {
  if (typeof query !== 'object' || query === null) return;
  for (const key of Object.keys(query)) if (isHostileKey(key)) throw refuse(key, key, 'query');
}
