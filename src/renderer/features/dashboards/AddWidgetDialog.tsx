import { useEffect, useMemo, useState } from 'react';
import { WIDGET_TYPES, type WidgetType } from '../../../shared/contract/dashboard-operations';
import { useApi } from '../../app/api-context';
import type { ApiError } from '../../api/api-error';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { asApiError, isAbort } from '../../ui/as-api-error';
import type { Dashboard, SourceInfo, WidgetData } from './dashboard-types';
import { ParamFields } from './ParamFields';
import { WIDGET_PRESETS } from './widget-presets';
import { WidgetBody } from './WidgetBody';
import { useApiQuery } from '../../api/use-api-query';

/**
 * Pick a type, a source from the catalogue and its parameters; the widget is previewed with
 * live data before it is added to the dashboard.
 */
export function AddWidgetDialog({ dashboardId, onClose, onAdded }: { dashboardId: string; onClose: () => void; onAdded: (d: Dashboard) => void }) {
  const api = useApi();
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [type, setType] = useState<WidgetType>('metric_card');
  const [name, setName] = useState(WIDGET_PRESETS.metric_card.name);
  const [source, setSource] = useState(WIDGET_PRESETS.metric_card.data_source);
  const [params, setParams] = useState<Record<string, unknown>>(WIDGET_PRESETS.metric_card.query_params);
  const [preview, setPreview] = useState<{ data?: WidgetData; error?: ApiError; type?: WidgetType }>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ApiError>();

  const sourceList = useApiQuery('widgets.data_sources', {});
  useEffect(() => {
    if (sourceList.data) setSources(sourceList.data.results);
    if (sourceList.error) setSaveError(sourceList.error);
  }, [sourceList.data, sourceList.error]);

  const fitting = useMemo(() => sources.filter((s) => s.available && s.widget_types.includes(type)), [sources, type]);
  const info = sources.find((s) => s.name === source);
  const preset = WIDGET_PRESETS[type];
  const body = useMemo(
    () => ({ name: name || preset.label, widget_type: type, data_source: source, query_params: params, value_prefix: preset.value_prefix ?? '' }),
    [name, type, source, params, preset],
  );
  const debounced = useDebouncedValue(body, 300);

  useEffect(() => {
    const controller = new AbortController();
    api
      .call('widgets.preview', { body: debounced, signal: controller.signal })
      .then((data) => setPreview({ data, type: debounced.widget_type }))
      .catch((e) => {
        if (!isAbort(e)) setPreview({ error: asApiError(e) });
      });
    return () => controller.abort();
  }, [api, debounced]);

  const chooseType = (t: WidgetType) => {
    const p = WIDGET_PRESETS[t];
    setType(t);
    setName(p.name);
    setSource(p.data_source);
    setParams(p.query_params);
  };

  const add = async () => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const widget = await api.call('widgets.create', { body });
      onAdded(
        await api.call('dashboards.add_widget', {
          params: { id: dashboardId },
          body: { widget_id: widget.id, width: preset.width, height: preset.height },
        }),
      );
      onClose();
    } catch (e) {
      setSaveError(asApiError(e));
      setSaving(false);
    }
  };

  return (
    <Dialog
      title="Add widget"
      onClose={onClose}
      wide
      testId="add-widget-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={add} disabled={saving || !!preview.error} data-testid="add-widget-confirm">
            {saving ? 'Adding…' : 'Add to dashboard'}
          </button>
        </>
      }
    >
      <div className="add-widget">
        <div className="add-widget-form">
          <div className="type-picker" role="radiogroup" aria-label="Widget type">
            {WIDGET_TYPES.map((t) => (
              <button
                key={t}
                type="button"
                role="radio"
                aria-checked={t === type}
                className={t === type ? 'type-option selected' : 'type-option'}
                onClick={() => chooseType(t)}
                data-testid={`type-${t}`}
              >
                {WIDGET_PRESETS[t].label}
              </button>
            ))}
          </div>
          <label className="field" htmlFor="widget-name">
            <span className="field-label">Name</span>
            <input id="widget-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
          </label>
          <label className="field" htmlFor="widget-source">
            <span className="field-label">Data</span>
            <select
              id="widget-source"
              value={source}
              onChange={(e) => {
                setSource(e.target.value);
                setParams({});
              }}
              data-testid="widget-source"
            >
              {fitting.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.label}
                </option>
              ))}
            </select>
            {info && <span className="field-help">{info.description}</span>}
          </label>
          {info && <ParamFields params={info.params} values={params} onChange={setParams} />}
        </div>
        <div className="add-widget-preview" data-testid="widget-preview">
          <span className="field-label">Preview</span>
          <div className={`widget-card preview type-${type}`}>
            <header className="widget-header">
              <h3>{name || preset.label}</h3>
            </header>
            <div className="widget-content">
              {preview.error ? (
                <div className="widget-error" role="alert">
                  <strong>{preview.error.message}</strong>
                  <span>
                    {Object.entries(preview.error.fields)
                      .map(([k, v]) => `${k}: ${v.join(' ')}`)
                      .join(' ')}
                  </span>
                </div>
              ) : preview.data && preview.type === type ? (
                <WidgetBody widget={{ ...body, color_scheme: 'blue', value_suffix: '' }} data={preview.data.data} />
              ) : (
                <div className="widget-loading">Loading…</div>
              )}
            </div>
          </div>
        </div>
      </div>
      <ErrorBanner error={saveError} />
    </Dialog>
  );
}
