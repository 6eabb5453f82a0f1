import { validationError, type FieldErrors } from '../../../shared/errors';
import type { Audience } from './audience';
import type { CampaignRow } from './campaigns-store';
import type { TemplatesStore } from './templates-store';
import { isEmail, objectBody, text, unknownKeys } from './input-checks';
import type { Variant } from './campaign-messages';
import { headerSafe } from './template-syntax';
import { isJsonObject, objectOr } from '../../core/json-object';

export const CAMPAIGN_KEYS = ['name', 'template', 'segment_filter', 'scheduled_send', 'from_email', 'from_name', 'track_clicks', 'ab_test'];
export type CampaignDefinition = Pick<
  CampaignRow,
  'name' | 'template' | 'from_email' | 'from_name' | 'scheduled_send' | 'segment_filter' | 'track_clicks' | 'variants' | 'ab_test'
>;

export const WINNER_METRICS = ['clicks', 'opens'] as const;

export interface AbTest {
  variants: Variant[];
  test_share: number;
  winner_metric: (typeof WINNER_METRICS)[number];
  duration_minutes: number;
  winner?: string | null;
  test_ends_at?: string | null;
}

/**
 * A campaign definition from API input merged over the stored one: the fields of the
 * spec plus `track_clicks` and `ab_test` ({variants: [{subject?, template?}], test_share,
 * winner_metric, duration_minutes}). Everything checked; the first error set wins.
 */
export function campaignFromInput(
  body: unknown,
  prior: CampaignRow | undefined,
  deps: { templates: TemplatesStore; audience: Audience; now: Date },
): CampaignDefinition {
  const input = objectBody(body);
  const errors: FieldErrors = {};
  unknownKeys(input, CAMPAIGN_KEYS, errors);
  const merged: Record<string, unknown> = {
    ...(prior
      ? {
          name: prior.name,
          template: prior.template,
          from_email: prior.from_email,
          from_name: prior.from_name,
          scheduled_send: prior.scheduled_send,
          segment_filter: JSON.parse(prior.segment_filter),
          track_clicks: prior.track_clicks === 1,
        }
      : {}),
    ...input,
  };
  const name = text(merged, 'name', errors, { required: true, max: 200, oneLine: true });
  const fromName = text(merged, 'from_name', errors, { required: false, max: 200, oneLine: true, nullable: true });
  if (!isEmail(merged.from_email)) errors.from_email = ['Enter a valid email address.'];
  const template = merged.template === null || merged.template === undefined ? null : String(merged.template);
  if (template !== null && !deps.templates.get(template)) errors.template = [`No email template with id "${template}".`];
  const trackClicks = merged.track_clicks ?? true;
  if (typeof trackClicks !== 'boolean') errors.track_clicks = ['Must be a valid boolean.'];
  let scheduled: string | null = null;
  if (merged.scheduled_send !== undefined && merged.scheduled_send !== null) {
    const t = typeof merged.scheduled_send === 'string' ? Date.parse(merged.scheduled_send) : Number.NaN;
    if (Number.isNaN(t)) errors.scheduled_send = ['Datetime has wrong format. Use ISO 8601, e.g. 2025-02-15T09:00:00Z.'];
    else if ('scheduled_send' in input && t <= deps.now.getTime()) errors.scheduled_send = ['The send time must be in the future.'];
    else scheduled = new Date(t).toISOString();
  }
  let segment = '{}';
  try {
    deps.audience.check(merged.segment_filter ?? {});
    segment = JSON.stringify(merged.segment_filter ?? {});
  } catch (e) {
    Object.assign(errors, (e as { fields?: FieldErrors }).fields ?? { segment_filter: ['Invalid filter.'] });
  }
  const ab = 'ab_test' in input ? abTest(input.ab_test, deps.templates, errors) : prior?.ab_test ? (JSON.parse(prior.ab_test) as AbTest) : null;
  if (template === null && !ab?.variants.every((v) => v.template)) errors.template = ['This field is required (or give every A/B variant a template).'];
  if (Object.keys(errors).length) throw validationError(errors);
  return {
    name: name!.trim(),
    template,
    from_email: merged.from_email as string,
    from_name: fromName ? headerSafe(fromName) : null,
    scheduled_send: scheduled,
    segment_filter: segment,
    track_clicks: trackClicks ? 1 : 0,
    variants: ab ? JSON.stringify(ab.variants) : null,
    ab_test: ab
      ? JSON.stringify({ test_share: ab.test_share, winner_metric: ab.winner_metric, duration_minutes: ab.duration_minutes, winner: null, test_ends_at: null })
      : null,
  };
}

function abTest(raw: unknown, templates: TemplatesStore, errors: FieldErrors): AbTest | null {
  if (raw === null) return null;
  const bad = (field: string, msg: string) => (errors[`ab_test.${field}`] ??= []).push(msg);
  if (!isJsonObject(raw)) {
    errors.ab_test = ['Expected {variants, test_share, winner_metric, duration_minutes} or null.'];
    return null;
  }
  const a = raw;
  for (const k of Object.keys(a)) if (!['variants', 'test_share', 'winner_metric', 'duration_minutes'].includes(k)) bad(k, 'Unknown field.');
  const list = a.variants;
  const variants: Variant[] = [];
  if (!Array.isArray(list) || list.length < 2 || list.length > 5) bad('variants', 'Two to five variants, each {subject?, template?}.');
  else {
    list.forEach((v, i) => {
      const o = objectOr(v);
      const key = String.fromCharCode(65 + i);
      if (o.subject !== undefined && (typeof o.subject !== 'string' || o.subject.trim() === '' || /[\r\n]/.test(o.subject) || o.subject.length > 500))
        bad(`variants[${i}].subject`, 'A one-line subject.');
      if (o.template !== undefined && (typeof o.template !== 'string' || !templates.get(o.template)))
        bad(`variants[${i}].template`, `No email template with id "${String(o.template)}".`);
      if (o.subject === undefined && o.template === undefined) bad(`variants[${i}]`, 'A variant changes the subject, the template, or both.');
      variants.push({
        key,
        ...(typeof o.subject === 'string' ? { subject: o.subject } : {}),
        ...(typeof o.template === 'string' ? { template: o.template } : {}),
      });
    });
  }
  const share = a.test_share ?? 0.2;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) bad('test_share', 'A fraction of the audience between 0 and 1 (e.g. 0.2).');
  const metric = a.winner_metric ?? 'clicks';
  if (!(WINNER_METRICS as readonly unknown[]).includes(metric)) bad('winner_metric', 'One of: clicks, opens.');
  const duration = a.duration_minutes ?? 240;
  if (!Number.isInteger(duration) || (duration as number) < 1 || (duration as number) > 60 * 24 * 14)
    bad('duration_minutes', 'Whole minutes, from 1 to 20160.');
  return { variants, test_share: share as number, winner_metric: metric as AbTest['winner_metric'], duration_minutes: duration as number };
}
