import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/api-context';
import { asApiError } from '../../ui/as-api-error';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { useSubmit } from '../../ui/use-submit';
import { useToast } from '../../ui/toast-context';
import type { EmailSettings, EmailTemplate } from './campaign-types';
import { SegmentEditor } from './SegmentEditor';

interface Form {
  name: string;
  template: string;
  from_email: string;
  from_name: string;
  segment_filter: Record<string, string>;
  scheduled_send: string;
  track_clicks: boolean;
  ab: boolean;
  subjects: string[];
  test_share: number;
  winner_metric: 'clicks' | 'opens';
  duration_minutes: number;
}

const EMPTY: Form = {
  name: '',
  template: '',
  from_email: '',
  from_name: '',
  segment_filter: {},
  scheduled_send: '',
  track_clicks: true,
  ab: false,
  subjects: ['', ''],
  test_share: 20,
  winner_metric: 'clicks',
  duration_minutes: 240,
};

function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Create or edit a campaign: audience with its live count, template or A/B variants, schedule, send. */
export function CampaignWizard({ campaignId }: { campaignId: string | undefined }) {
  const api = useApi();
  const toast = useToast();
  const [form, setForm] = useState<Form | undefined>(campaignId ? undefined : EMPTY);
  const [templates, setTemplates] = useState<EmailTemplate[]>([]);
  const [settings, setSettings] = useState<EmailSettings | null | undefined>();
  useEffect(() => {
    api.call('email_templates.list', { query: { page_size: 100 } }).then(
      (p) => setTemplates(p.results),
      () => undefined,
    );
    api.call('email_settings.retrieve').then(setSettings, () => setSettings(null));
    if (campaignId) {
      api.call('email_campaigns.retrieve', { params: { id: campaignId } }).then(
        (c) =>
          setForm({
            ...EMPTY,
            name: c.name,
            template: c.template ?? '',
            from_email: c.from_email,
            from_name: c.from_name ?? '',
            segment_filter: Object.fromEntries(Object.entries(c.segment_filter).map(([k, v]) => [k, String(v)])),
            scheduled_send: toLocalInput(c.scheduled_send),
            track_clicks: c.track_clicks,
            ab: !!c.ab_test,
            subjects: c.ab_test ? c.ab_test.variants.map((v) => v.subject ?? '') : ['', ''],
            test_share: Math.round((c.ab_test?.test_share ?? 0.2) * 100),
            winner_metric: c.ab_test?.winner_metric ?? 'clicks',
            duration_minutes: c.ab_test?.duration_minutes ?? 240,
          }),
        (e: unknown) => setError(asApiError(e)),
      );
    }
  }, [api, campaignId]);

  const body = (f: Form) => ({
    name: f.name,
    template: f.template || null,
    from_email: f.from_email,
    from_name: f.from_name || null,
    segment_filter: f.segment_filter,
    track_clicks: f.track_clicks,
    ...(f.scheduled_send ? { scheduled_send: new Date(f.scheduled_send).toISOString() } : { scheduled_send: null }),
    ab_test: f.ab
      ? {
          variants: f.subjects.map((s) => ({ subject: s })),
          test_share: f.test_share / 100,
          winner_metric: f.winner_metric,
          duration_minutes: f.duration_minutes,
        }
      : null,
  });
  const [savedId, setSavedId] = useState(campaignId);
  const save = async (then: 'draft' | 'send' | 'schedule' | 'test') => {
    if (!form) return;
    const saved = savedId
      ? await api.call('email_campaigns.update', { params: { id: savedId }, body: body(form) })
      : await api.call('email_campaigns.create', { body: body(form) });
    setSavedId(saved.id);
    if (then === 'test') {
      const r = await api.call('email_campaigns.test', { params: { id: saved.id }, body: {} });
      toast(`Test sent to ${r.to}`);
      return;
    }
    if (then === 'send') await api.call('email_campaigns.send', { params: { id: saved.id }, body: {} });
    if (then === 'schedule') await api.call('email_campaigns.schedule', { params: { id: saved.id }, body: {} });
    toast(then === 'send' ? 'Sending started' : then === 'schedule' ? 'Campaign scheduled' : 'Draft saved');
    window.location.hash = `#/campaigns/${saved.id}`;
  };
  // Which button submitted: read when the submit runs, in the same event as the click.
  const action = useRef<'draft' | 'send' | 'schedule' | 'test'>('draft');
  const { busy, error, setError, submit } = useSubmit(() => save(action.current));

  if (!form) return <section className="card pad-lg">{error ? <ErrorBanner error={error} /> : <p className="muted">Loading…</p>}</section>;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const fieldError = (name: string) => error?.fieldMessage(name);
  return (
    <form className="card pad-lg form-stack campaign-wizard" onSubmit={submit} data-testid="campaign-wizard">
      <h3>{campaignId ? 'Edit campaign' : 'New campaign'}</h3>
      {settings === null || (settings && !settings.configured) ? (
        <div className="alert">No SMTP account is set up yet: an admin sets one under “Sending account”.</div>
      ) : null}
      {settings && !settings.tracking && (
        <div className="alert" data-testid="no-relay-notice">
          No team relay is configured: messages go out without open and click tracking, and unsubscribing is a reply by email (mailto).
        </div>
      )}
      <ErrorBanner error={error && !Object.keys(error.fields).length ? error : undefined} />
      <div className="form-grid">
        <Field label="Name" error={fieldError('name')}>
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} data-testid="campaign-name" />
        </Field>
        <Field label="Template" error={fieldError('template')}>
          <select value={form.template} onChange={(e) => set({ template: e.target.value })} data-testid="campaign-template">
            <option value="">Choose a template…</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From email" error={fieldError('from_email')}>
          <input type="email" value={form.from_email} onChange={(e) => set({ from_email: e.target.value })} data-testid="campaign-from-email" />
        </Field>
        <Field label="From name" error={fieldError('from_name')}>
          <input value={form.from_name} onChange={(e) => set({ from_name: e.target.value })} data-testid="campaign-from-name" />
        </Field>
      </div>
      <SegmentEditor value={form.segment_filter} onChange={(segment_filter) => setForm((f) => (f ? { ...f, segment_filter } : f))} />
      {Object.entries(error?.fields ?? {})
        .filter(([k]) => k.startsWith('segment_filter'))
        .map(([k, m]) => (
          <p key={k} className="field-error">
            {k}: {m.join(' ')}
          </p>
        ))}
      <fieldset>
        <legend>A/B test</legend>
        <label className="check">
          <input type="checkbox" checked={form.ab} onChange={(e) => set({ ab: e.target.checked })} data-testid="campaign-ab" /> Test subject lines on part of
          the audience, then send the winner to the rest
        </label>
        {form.ab && (
          <div className="form-grid">
            {form.subjects.map((s, i) => (
              <Field key={i} label={`Subject ${String.fromCharCode(65 + i)}`} error={fieldError(`ab_test.variants[${i}].subject`)}>
                <input
                  value={s}
                  onChange={(e) => set({ subjects: form.subjects.map((x, j) => (j === i ? e.target.value : x)) })}
                  data-testid={`campaign-variant-${i}`}
                />
              </Field>
            ))}
            <Field label="Test share (%)">
              <input type="number" min={1} max={99} value={form.test_share} onChange={(e) => set({ test_share: Number(e.target.value) })} />
            </Field>
            <Field label="Winner by">
              <select value={form.winner_metric} onChange={(e) => set({ winner_metric: e.target.value as Form['winner_metric'] })}>
                <option value="clicks">Clicks</option>
                <option value="opens">Opens</option>
              </select>
            </Field>
            <Field label="Test duration (minutes)">
              <input type="number" min={1} value={form.duration_minutes} onChange={(e) => set({ duration_minutes: Number(e.target.value) })} />
            </Field>
            {form.subjects.length < 5 && (
              <button type="button" className="button" onClick={() => set({ subjects: [...form.subjects, ''] })}>
                Add variant
              </button>
            )}
          </div>
        )}
        {Object.entries(error?.fields ?? {})
          .filter(([k]) => k.startsWith('ab_test') && !/variants\[\d+\]\.subject/.test(k))
          .map(([k, m]) => (
            <p key={k} className="field-error">
              {m.join(' ')}
            </p>
          ))}
      </fieldset>
      <div className="form-grid">
        <Field label="Send at (for scheduling)" error={fieldError('scheduled_send')}>
          <input
            type="datetime-local"
            value={form.scheduled_send}
            onChange={(e) => set({ scheduled_send: e.target.value })}
            data-testid="campaign-schedule-at"
          />
        </Field>
        <label className="check">
          <input type="checkbox" checked={form.track_clicks} onChange={(e) => set({ track_clicks: e.target.checked })} /> Track clicks (rewrites links through
          the relay)
        </label>
      </div>
      <p className="muted small">
        This install sends the campaign. A scheduled campaign goes out at its time while this app runs; if it is closed then, it goes out once when it starts
        again.
      </p>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy} onClick={() => (action.current = 'test')} data-testid="campaign-test">
          Send a test to me
        </button>
        <button type="submit" className="button" disabled={busy} onClick={() => (action.current = 'draft')} data-testid="campaign-save">
          Save draft
        </button>
        <button
          type="submit"
          className="button"
          disabled={busy || !form.scheduled_send}
          onClick={() => (action.current = 'schedule')}
          data-testid="campaign-schedule"
        >
          Schedule
        </button>
        <button type="submit" className="button primary" disabled={busy} onClick={() => (action.current = 'send')} data-testid="campaign-send">
          Send now
        </button>
      </div>
    </form>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <label className={error ? 'field has-error' : 'field'}>
      <span>{label}</span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
