import { validationError, type FieldErrors } from '../../../shared/errors';
import { isValidDate, parseDateTime } from '../../../shared/entities/validate-field';
import type { QueryParams } from '../query';

/**
 * Reads the query parameters of an endpoint that is not an entity list (audit, field history,
 * timeline) with the list engine's conventions: an unknown parameter, a repeated one or a bad
 * value is collected as an error naming the parameter; `done()` throws them as one 400.
 */
export class QueryReader {
  readonly errors: FieldErrors = {};

  constructor(
    private readonly query: QueryParams,
    allowed: readonly string[],
  ) {
    for (const name of Object.keys(query)) {
      if (query[name] !== undefined && !allowed.includes(name)) this.errors[name] = [`Unknown parameter "${name}". Known: ${allowed.join(', ')}.`];
    }
  }

  fail(name: string, message: string): void {
    this.errors[name] = [message];
  }

  string(name: string): string | undefined {
    const value = this.query[name];
    if (Array.isArray(value)) {
      this.fail(name, 'Give this parameter once.');
      return undefined;
    }
    return value === '' ? undefined : value;
  }

  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!options.includes(value as T)) {
      this.fail(name, `Select a valid choice. "${value}" is not one of: ${options.join(', ')}.`);
      return undefined;
    }
    return value as T;
  }

  /** A comma-separated list whose every item is one of the options. */
  listOf<T extends string>(name: string, options: readonly T[]): T[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const items = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const bad = items.filter((v) => !options.includes(v as T));
    if (items.length === 0 || bad.length > 0) {
      this.fail(name, `Unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ') || '(empty)'}; use any of: ${options.join(', ')}.`);
      return undefined;
    }
    return items as T[];
  }

  /** A date (YYYY-MM-DD, widened to the start or end of that UTC day) or an ISO datetime. */
  dateTime(name: string, bound: 'start' | 'end'): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (isValidDate(value)) return bound === 'start' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
    const iso = parseDateTime(value);
    if (!iso) this.fail(name, `"${value}" is not a valid date (YYYY-MM-DD) or ISO 8601 datetime.`);
    return iso ?? undefined;
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.fail(name, `A whole number from ${min} to ${max} is required.`);
      return undefined;
    }
    return Number(value);
  }

  /** Checks that start <= end when both are given. */
  range(startName: string, start: string | undefined, endName: string, end: string | undefined): void {
    if (start && end && start > end) this.fail(endName, `${endName} is before ${startName}.`);
  }

  done(): void {
    if (Object.keys(this.errors).length > 0) throw validationError(this.errors);
  }
}
