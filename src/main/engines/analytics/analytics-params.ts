import { validationError, type FieldErrors } from '../../../shared/errors';
import type { QueryParams } from '../query';
import { PERIODS, type Period } from './periods';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the query parameters of an analytics endpoint: every problem is collected and thrown
 * as one 400 naming each bad parameter; unknown parameters are refused, not ignored.
 */
export class ParamReader {
  readonly errors: FieldErrors = {};

  constructor(
    private readonly query: QueryParams,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(query)) if (!allowed.includes(key)) this.errors[key] = [`Unknown parameter; known: ${allowed.join(', ')}.`];
  }

  text(name: string): string | undefined {
    const raw = this.query[name];
    if (raw === undefined || raw === '') return undefined;
    if (Array.isArray(raw)) {
      this.errors[name] = ['Give this parameter once.'];
      return undefined;
    }
    return raw;
  }

  /** A calendar date, YYYY-MM-DD, as epoch ms of its UTC midnight. */
  date(name: string): number | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const ms = DATE.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) {
      this.errors[name] = ['Enter a valid date (YYYY-MM-DD).'];
      return undefined;
    }
    return ms;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.errors[name] = [`A whole number from ${min} to ${max} is required.`];
      return fallback;
    }
    return Number(raw);
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T;
  choice<T extends string>(name: string, choices: readonly T[], fallback: null): T | null;
  choice<T extends string>(name: string, choices: readonly T[], fallback: T | null): T | null {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    if (!choices.includes(raw as T)) {
      this.errors[name] = [`One of: ${choices.join(', ')}.`];
      return fallback;
    }
    return raw as T;
  }

  period(name: string, fallback: Period): Period;
  period(name: string, fallback: null): Period | null;
  period(name: string, fallback: Period | null): Period | null {
    return fallback === null ? this.choice(name, PERIODS, null) : this.choice(name, PERIODS, fallback);
  }

  /** A comma list; empty items are refused. */
  list(name: string): string[] | undefined {
    const raw = this.text(name);
    if (raw === undefined) return undefined;
    const items = raw.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) {
      this.errors[name] = ['A comma-separated list without empty items is required.'];
      return undefined;
    }
    return [...new Set(items)];
  }

  /** start_date / end_date with their defaults; end before start names both. */
  range(defaults: { start: number; end: number }): { start: number; end: number } {
    const start = this.date('start_date');
    const end = this.date('end_date');
    const range = { start: start ?? defaults.start, end: end ?? defaults.end };
    if (start !== undefined && end === undefined && range.end < range.start) range.end = range.start;
    if (end !== undefined && start === undefined && range.start > range.end) range.start = range.end;
    if (range.end < range.start && !this.errors.start_date && !this.errors.end_date) {
      this.errors.end_date = ['The end date must not be before the start date.'];
    }
    return range;
  }

  fail(name: string, message: string): void {
    this.errors[name] = [message];
  }

  done(): void {
    if (Object.keys(this.errors).length) throw validationError(this.errors);
  }
}
