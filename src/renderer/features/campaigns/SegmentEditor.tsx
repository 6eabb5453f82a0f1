import { useEffect, useState } from 'react';
import { useApi } from '../../app/api-context';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { asApiError } from '../../ui/as-api-error';
import type { ApiError } from '../../api/api-error';
import type { AudienceCount } from './campaign-types';

type Row = { key: string; value: string };

/**
 * The audience as filter rows in the list query grammar (`status`, `created_at__gte`,
 * `industry`, `company__size`, `cf_tier`, ...), counted live as it is edited.
 */
export function SegmentEditor({ value, onChange }: { value: Record<string, string>; onChange: (v: Record<string, string>) => void }) {
  const api = useApi();
  const [rows, setRows] = useState<Row[]>(() => Object.entries(value).map(([key, v]) => ({ key, value: String(v) })));
  const [count, setCount] = useState<AudienceCount | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const segment = useDebouncedValue(JSON.stringify(Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]))), 300);

  useEffect(() => {
    const parsed = JSON.parse(segment) as Record<string, string>;
    onChange(parsed);
    let live = true;
    api.call('email_campaigns.audience', { body: { segment_filter: parsed } }).then(
      (c) => live && (setCount(c), setError(undefined)),
      (e: unknown) => live && (setCount(undefined), setError(asApiError(e))),
    );
    return () => {
      live = false;
    };
  }, [segment]);

  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="segment-editor">
      <legend>Audience</legend>
      <p className="muted small">
        Contacts matching every filter. Names of the contact’s company apply to the company (<code>industry</code>, <code>size</code>); lookups as in lists (
        <code>created_at__gte</code>, <code>email__endswith</code>).
      </p>
      {rows.map((r, i) => (
        <div className="segment-row" key={i}>
          <input
            aria-label="Filter field"
            placeholder="field, e.g. industry"
            value={r.key}
            onChange={(e) => set(i, { key: e.target.value })}
            data-testid="segment-key"
          />
          <input
            aria-label="Filter value"
            placeholder="value"
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
            data-testid="segment-value"
          />
          <button type="button" className="button ghost" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label="Remove filter">
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="button" onClick={() => setRows([...rows, { key: '', value: '' }])} data-testid="segment-add">
        Add filter
      </button>
      <div className="audience-count" aria-live="polite" data-testid="audience-count">
        {error && <span className="field-error">{Object.values(error.fields).flat().join(' ') || error.message}</span>}
        {count && (
          <>
            <strong>{count.eligible}</strong> recipients
            <span className="muted">
              {' '}
              — {count.matched} match; excluded: {count.excluded.unsubscribed} unsubscribed, {count.excluded.bounced} bounced, {count.excluded.no_email} without
              email
            </span>
          </>
        )}
      </div>
    </fieldset>
  );
}
