import { entityByName } from '../../../shared/entities/entities';
import type { EntityDef } from '../../../shared/entities/field-def';
import { validationError, type FieldErrors } from '../../../shared/errors';
import type { ListQueryEngine, QueryParams } from '../query';
import type { RecordReader, Viewer } from '../records';

export const DUPLICATE_MODELS = ['lead', 'contact', 'company'] as const;
export type DuplicateModel = (typeof DUPLICATE_MODELS)[number];

/** What a new or imported record is compared on. */
export interface DuplicateProbe {
  email?: string;
  first_name?: string;
  last_name?: string;
  name?: string;
  domain?: string;
}

export interface DuplicateCandidate {
  model: DuplicateModel;
  id: string;
  label: string;
  /** Which values matched, in words: "same email", "same name". */
  reasons: string[];
}

/** At most this many candidates per question: a warning lists a few, not a search result. */
const MAX_CANDIDATES = 5;

/** `https://www.Acme.com/x` and `acme.com` are the same domain. */
export function bareDomain(value: string): string {
  return (
    value
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .split(/[/?#]/)[0] ?? ''
  );
}

/**
 * Existing live records a new one may duplicate: a lead or contact with the same email (a
 * lead is also compared with contacts, as converted people live there), the same first and
 * last name; a company with the same name or domain. Read through the list engine, so the
 * caller sees only what their role may see.
 */
export class DuplicateFinder {
  constructor(
    private readonly query: ListQueryEngine,
    private readonly reader: RecordReader,
  ) {}

  find(model: DuplicateModel, probe: DuplicateProbe, viewer: Viewer, excludeId?: string): DuplicateCandidate[] {
    const found = new Map<string, DuplicateCandidate>();
    const add = (target: DuplicateModel, params: QueryParams, reason: string) => {
      const entity = entityByName(target) as EntityDef;
      const result = this.query.list(entity, { ...params, page_size: String(MAX_CANDIDATES) }, { viewer });
      for (const row of this.reader.serialize(entity, result.rows, viewer)) {
        const id = String(row.id);
        if (id === excludeId) continue;
        const key = `${target}:${id}`;
        const known = found.get(key);
        if (known) known.reasons.push(reason);
        else found.set(key, { model: target, id, label: labelOf(target, row), reasons: [reason] });
      }
    };
    const email = probe.email?.trim();
    const first = probe.first_name?.trim();
    const last = probe.last_name?.trim();
    if (model === 'company') {
      if (probe.name?.trim()) add('company', { name__iexact: probe.name.trim() }, 'same name');
      const domain = probe.domain ? bareDomain(probe.domain) : '';
      if (domain) add('company', { domain__icontains: domain }, 'same domain');
    } else {
      if (email) add(model, { email__iexact: email }, 'same email');
      if (email && model === 'lead') add('contact', { email__iexact: email }, 'same email as a contact');
      if (first && last) add(model, { first_name__iexact: first, last_name__iexact: last }, 'same name');
    }
    return [...found.values()].slice(0, MAX_CANDIDATES);
  }
}

function labelOf(model: DuplicateModel, row: Record<string, unknown>): string {
  if (model === 'company') return String(row.name ?? row.domain ?? row.id);
  const name = [row.first_name, row.last_name].filter((v) => typeof v === 'string' && v).join(' ');
  return name ? `${name}${row.email ? ` <${String(row.email)}>` : ''}` : String(row.email ?? row.id);
}

/** The query of `GET /duplicates/`, checked: a model, and at least one value to compare. */
export function checkProbe(query: Record<string, unknown>): { model: DuplicateModel; probe: DuplicateProbe; exclude?: string } {
  const errors: FieldErrors = {};
  const model = query.model;
  if (typeof model !== 'string' || !(DUPLICATE_MODELS as readonly string[]).includes(model)) errors.model = [`One of: ${DUPLICATE_MODELS.join(', ')}.`];
  const probe: DuplicateProbe = {};
  const allowed = new Set(['model', 'exclude', 'email', 'first_name', 'last_name', 'name', 'domain']);
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.has(key)) errors[key] = [`Unknown parameter "${key}".`];
    else if (typeof value !== 'string') errors[key] = ['Give one value.'];
    else if (value.length > 254) errors[key] = ['At most 254 characters.'];
    else if (key !== 'model' && key !== 'exclude') probe[key as keyof DuplicateProbe] = value;
  }
  if (Object.keys(errors).length === 0 && Object.values(probe).every((v) => !v?.trim())) {
    errors.non_field_errors = ['Give at least one of email, first_name and last_name, name, domain.'];
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const exclude = typeof query.exclude === 'string' && query.exclude ? query.exclude : undefined;
  return { model: model as DuplicateModel, probe, exclude };
}
