import { useEffect, useLayoutEffect, useRef } from 'react';
import { GridStack, type GridItemHTMLElement } from 'gridstack';
import 'gridstack/dist/gridstack.min.css';
import type { Dashboard, Placement } from './dashboard-types';
import { WidgetCard } from './WidgetCard';

interface GridProps {
  dashboard: Dashboard;
  editing: boolean;
  /** Every placement after a drag or resize ends. */
  onLayout: (layout: Placement[]) => void;
  onRemove: (widgetId: string) => void;
}

/**
 * The 12-column grid. React renders the items with their gs-* attributes; gridstack owns
 * their positions while the grid lives, so items React adds are handed to it with
 * makeWidget and items to be removed are taken from it before React drops their nodes.
 */
export function DashboardGrid({ dashboard, editing, onLayout, onRemove }: GridProps) {
  const container = useRef<HTMLDivElement>(null);
  const grid = useRef<GridStack | null>(null);
  const layoutCallback = useRef(onLayout);
  layoutCallback.current = onLayout;

  useEffect(() => {
    const g = GridStack.init({ column: 12, cellHeight: dashboard.layout_config.rowHeight, margin: 6, staticGrid: true, animate: false }, container.current!);
    if (!g) return;
    grid.current = g;
    g.on('change', () => {
      const layout = g.engine.nodes.map((n) => ({ widget_id: String(n.id), row: n.y ?? 0, column: n.x ?? 0, width: n.w ?? 1, height: n.h ?? 1 }));
      layoutCallback.current(layout);
    });
    return () => {
      g.offAll();
      g.destroy(false);
      grid.current = null;
    };
  }, [dashboard.id, dashboard.layout_config.rowHeight]);

  useEffect(() => {
    grid.current?.setStatic(!editing);
  }, [editing]);

  // Items React has just rendered that gridstack does not manage yet.
  useLayoutEffect(() => {
    const g = grid.current;
    if (!g || !container.current) return;
    for (const el of container.current.querySelectorAll<GridItemHTMLElement>(':scope > .grid-stack-item')) {
      if (!el.gridstackNode) g.makeWidget(el);
    }
  });

  const remove = (widgetId: string) => {
    const el = container.current?.querySelector<GridItemHTMLElement>(`:scope > .grid-stack-item[gs-id="${widgetId}"]`);
    if (el && grid.current) grid.current.removeWidget(el, false, false);
    onRemove(widgetId);
  };

  return (
    <div ref={container} className={`grid-stack${editing ? ' editing' : ''}`} data-testid="dashboard-grid">
      {dashboard.widgets.map((p) => (
        <div
          key={p.widget_id}
          className="grid-stack-item"
          gs-id={p.widget_id}
          gs-x={p.column}
          gs-y={p.row}
          gs-w={p.width}
          gs-h={p.height}
          gs-min-w={2}
          data-testid={`grid-item-${p.widget_id}`}
        >
          <div className="grid-stack-item-content">
            <WidgetCard widget={p.widget} editing={editing} onRemove={() => remove(p.widget_id)} />
          </div>
        </div>
      ))}
    </div>
  );
}
