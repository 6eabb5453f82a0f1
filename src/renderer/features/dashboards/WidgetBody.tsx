import { useMemo } from 'react';
import type { Widget } from './dashboard-types';
import { ChartCanvas } from './charts/ChartCanvas';
import { barConfig, funnelConfig, heatmapConfig, lineConfig, pieConfig } from './charts/chart-configs';
import { mapConfig } from './charts/map-config';
import { MetricCardView } from './views/MetricCardView';
import { GoalView } from './views/GoalView';
import { LeaderboardView } from './views/LeaderboardView';
import { TimelineView } from './views/TimelineView';
import { TableView } from './views/TableView';
import { ListView } from './views/ListView';

type Look = Pick<Widget, 'widget_type' | 'name' | 'color_scheme' | 'value_prefix' | 'value_suffix'>;

/** A widget's data drawn the way its type says; chart types through chart.js and its plugins. */
export function WidgetBody({ widget, data }: { widget: Look; data: any }) {
  const look = { scheme: widget.color_scheme, prefix: widget.value_prefix, suffix: widget.value_suffix };
  const config = useMemo(() => {
    switch (widget.widget_type) {
      case 'line_chart':
        return lineConfig(data, look);
      case 'bar_chart':
        return barConfig(data, look);
      case 'pie_chart':
        return pieConfig(data, look);
      case 'funnel':
        return funnelConfig(data.stages, look);
      case 'heatmap':
        return heatmapConfig(data, look);
      case 'map':
        return mapConfig(data.regions, look.scheme);
      default:
        return null;
    }
    // The look is part of the widget; data identity changes on every refresh.
  }, [data, widget.widget_type, widget.color_scheme, widget.value_prefix, widget.value_suffix]);

  if (config) {
    const empty = widget.widget_type !== 'map' && widget.widget_type !== 'heatmap' && isEmpty(widget.widget_type, data);
    return empty ? <p className="muted widget-empty">No data for this period yet.</p> : <ChartCanvas config={config} label={widget.name} />;
  }
  switch (widget.widget_type) {
    case 'metric_card':
      return <MetricCardView data={data} prefix={look.prefix} suffix={look.suffix} />;
    case 'goal':
      return <GoalView data={data} prefix={look.prefix} suffix={look.suffix} />;
    case 'leaderboard':
      return <LeaderboardView rows={data.rows} prefix={look.prefix} suffix={look.suffix} />;
    case 'timeline':
      return <TimelineView items={data.items} />;
    case 'table':
      return <TableView data={data} />;
    default:
      return <ListView data={data} />;
  }
}

function isEmpty(type: string, data: any): boolean {
  if (type === 'funnel') return !data.stages?.some((s: { value: number }) => s.value > 0);
  return !data.series?.some((s: { values: number[] }) => s.values.some((v) => v !== 0));
}
