import { Icon } from '../../app/Icon';
import type { Widget } from './dashboard-types';
import { useWidgetData } from './use-widget-data';
import { WidgetBody } from './WidgetBody';

/** One widget in its card: title, data or its error in place, and in edit mode a remove button. */
export function WidgetCard({ widget, editing, onRemove }: { widget: Widget; editing: boolean; onRemove: () => void }) {
  const { data, error, loading, reload } = useWidgetData(widget.id, widget.refresh_interval);
  return (
    <section
      className={`widget-card scheme-${widget.color_scheme} type-${widget.widget_type}`}
      data-testid="widget"
      data-widget-type={widget.widget_type}
      data-widget-id={widget.id}
      aria-label={widget.name}
    >
      <header className="widget-header">
        <h3 title={widget.name}>{widget.name}</h3>
        {editing && (
          <button type="button" className="button ghost icon-only widget-remove" aria-label={`Remove ${widget.name}`} onClick={onRemove}>
            <Icon name="trash" size={16} />
          </button>
        )}
      </header>
      <div className="widget-content">
        {error && !data ? (
          <div className="widget-error" role="alert" data-testid="widget-error">
            <strong>This widget could not load.</strong>
            <span>
              {error.message}
              {Object.keys(error.fields).length ? ` ${Object.values(error.fields).flat().join(' ')}` : ''}
            </span>
            <button type="button" className="link-button" onClick={reload}>
              Try again
            </button>
          </div>
        ) : loading && !data ? (
          <div className="widget-loading" aria-busy="true">
            Loading…
          </div>
        ) : data ? (
          <WidgetBody widget={widget} data={data.data} />
        ) : null}
      </div>
    </section>
  );
}
