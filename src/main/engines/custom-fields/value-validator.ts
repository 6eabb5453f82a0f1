import { RE2JS } from 're2js';
import type { FieldDef } from '../../../shared/entities/field-def';
import { validateFieldValue, type FieldResult } from '../../../shared/entities/validate-field';
import { DEFAULT_MAX_LENGTH, KIND_OF_TYPE, MULTI_CHOICE_TYPES, SINGLE_CHOICE_TYPES, TEXT_MAX_LENGTH, TEXT_TYPES, type CustomFieldDef } from './field-types';

/**
 * Patterns run on RE2JS, a pure-JS port of RE2: matching is linear in the input, so no pattern
 * (`^(a+)+$` included) can hang the process, and nothing native is built. The price: RE2 syntax,
 * no lookaround or backreferences; such patterns are refused when the field is defined.
 * Measured: `^(a+)+$` against 'a' x 5000 + '!' takes ~3 ms cold, under 1 ms warm.
 */
export const MAX_PATTERN_LENGTH = 500;

/**
 * RE2 is linear in the input but its cost is (program size) x (input length): `(.*a){1000}`
 * (11 characters, 5,002 instructions) took 19 s on 100,000 characters (measured, re2js). So a
 * pattern compiles to at most MAX_PATTERN_INSTRUCTIONS, and a value is matched only when
 * instructions x characters stays within MATCH_BUDGET (~10 ms on a quiet machine at the worst,
 * `(.*a){99}` on 503 characters); a longer value is refused with the limit named. Ordinary
 * patterns (an email: 13 instructions) still check values of 19,000+ characters.
 */
export const MAX_PATTERN_INSTRUCTIONS = 500;
export const MATCH_BUDGET = 250_000;

const compiled = new Map<string, RE2JS>();

/** Compiles once per pattern text; throws the RE2 syntax error for an unsupported pattern. */
export function compilePattern(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Instructions of the compiled program: what one input character costs at the worst. */
export function patternSize(re: RE2JS): number {
  const inner = re as unknown as { re2Input?: { prog?: { inst?: unknown[] } } };
  // re2js keeps its program internal; if a later version moves it, assume the worst allowed.
  return inner.re2Input?.prog?.inst?.length ?? MAX_PATTERN_INSTRUCTIONS;
}

/** The longest value a pattern may be matched against within the budget. */
export function longestMatchable(pattern: string): number {
  return Math.floor(MATCH_BUDGET / Math.max(1, patternSize(compilePattern(pattern))));
}

/** Null when the pattern is usable, else why not. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `Ensure this pattern has no more than ${MAX_PATTERN_LENGTH} characters.`;
  try {
    const size = patternSize(compilePattern(pattern));
    if (size > MAX_PATTERN_INSTRUCTIONS) {
      return `This pattern is too complex to check quickly (${size} steps; at most ${MAX_PATTERN_INSTRUCTIONS}). Use fewer or smaller counted repetitions.`;
    }
    return null;
  } catch (e) {
    return `Not a valid regular expression (RE2 syntax; lookaround and backreferences are not supported): ${(e as Error).message}`;
  }
}

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const fail = (message: string): FieldResult => ({ ok: false, message });

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0);
}

/** The built-in description a scalar type validates with (bounds, length, options). */
function builtInDef(def: CustomFieldDef): FieldDef {
  const kind = KIND_OF_TYPE[def.field_type] ?? 'text';
  return {
    kind,
    label: def.label,
    min: def.min_value ?? undefined,
    max: def.max_value ?? undefined,
    maxLength: TEXT_TYPES.includes(def.field_type) ? (def.max_length ?? DEFAULT_MAX_LENGTH[def.field_type] ?? TEXT_MAX_LENGTH) : undefined,
    options: SINGLE_CHOICE_TYPES.includes(def.field_type) ? def.options.map((o) => o.value) : undefined,
  };
}

function validateChoices(def: CustomFieldDef, raw: unknown): FieldResult {
  if (!Array.isArray(raw)) return fail('Expected a list of values.');
  const allowed = new Set(def.options.map((o) => o.value));
  const out: string[] = [];
  for (const v of raw) {
    if (typeof v !== 'string' || !allowed.has(v)) return fail(`"${String(v)}" is not a valid choice.`);
    if (!out.includes(v)) out.push(v);
  }
  return ok(out);
}

/**
 * Validates and normalises one custom value with the field's rules. Null (or '' or []) clears
 * the value, which a required field refuses. Messages follow validate-field.ts.
 */
export function validateCustomValue(def: CustomFieldDef, raw: unknown): FieldResult {
  if (isBlank(raw)) return def.is_required ? fail('This field may not be blank.') : ok(null);
  if (MULTI_CHOICE_TYPES.includes(def.field_type)) return validateChoices(def, raw);
  const result = validateFieldValue(builtInDef(def), raw);
  if (!result.ok) return result;
  if (result.value === null) return def.is_required ? fail('This field may not be blank.') : result;
  if (TEXT_TYPES.includes(def.field_type) && typeof result.value === 'string') {
    const value = result.value;
    if (def.min_length !== null && value.length < def.min_length) return fail(`Ensure this field has at least ${def.min_length} characters.`);
    if (def.regex_pattern) {
      const longest = longestMatchable(def.regex_pattern);
      if (value.length > longest) return fail(`Ensure this field has no more than ${longest} characters (the longest value its pattern is checked against).`);
      if (!compilePattern(def.regex_pattern).matcher(value).find()) return fail(def.regex_error_message || 'Enter a valid value.');
    }
  }
  return result;
}

/** What people see for a value: option labels for the choice types, else the value. */
export function displayValue(def: CustomFieldDef, value: unknown): unknown {
  const label = (v: unknown) => def.options.find((o) => o.value === v)?.label ?? v;
  if (SINGLE_CHOICE_TYPES.includes(def.field_type)) return label(value);
  if (MULTI_CHOICE_TYPES.includes(def.field_type) && Array.isArray(value)) return value.map(label);
  return value;
}
