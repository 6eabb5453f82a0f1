import type { Db } from '../../db/open-database';
import type { Clock } from '../../core/clock';
import type { Caller } from '../../core/handler';
import { StatementCache } from '../../db/statement-cache';
import type { ListQueryEngine } from '../query';
import type { RecordReader, RecordsEngine } from '../records';
import type { TimelineEngine } from '../timeline';
import { DefinitionStore } from './definition-store';
import { PlacementStore } from './placement-store';
import type { DashboardDefinition, WidgetDefinition } from './dashboard-types';
import { WidgetCache } from './widget-cache';
import { SourceRegistry } from './sources/source-registry';
import { RecordScopes } from './sources/record-scope';
import { GroupLabels } from './sources/shapes';
import type { DataSource } from './sources/source-types';
import { ViewerDirectory } from './viewer-directory';
import { IndexedColumns } from './sources/indexed-columns';
import { WidgetsService } from './widgets-service';
import { DashboardsService } from './dashboards-service';
import { starterDashboardId, starterWidgetId, starterWidgets } from './starter-dashboard';

export interface DashboardsEngineDeps {
  db: Db;
  clock: Clock;
  records: RecordsEngine;
  query: ListQueryEngine;
  reader: RecordReader;
  timeline: TimelineEngine;
  /** Sources that replace catalogue entries by name: the analytics engine's metric, forecast, funnel and cohort. */
  analyticsSources?: readonly DataSource[];
}

/** Dashboards, widgets, the catalogue of data sources and the widget data cache. */
export class DashboardsEngine {
  readonly widgets: WidgetsService;
  readonly dashboards: DashboardsService;
  readonly registry: SourceRegistry;
  private readonly cache = new WidgetCache();
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: DashboardsEngineDeps) {
    const statements = new StatementCache(deps.db);
    this.registry = new SourceRegistry(
      {
        statements,
        scopes: new RecordScopes(deps.query),
        labels: new GroupLabels(deps.db),
        timeline: deps.timeline,
        query: deps.query,
        reader: deps.reader,
        indexes: new IndexedColumns(deps.db),
      },
      deps.analyticsSources,
    );
    const widgetStore = new DefinitionStore<WidgetDefinition>(deps.db, deps.records, 'widget');
    const dashboardStore = new DefinitionStore<DashboardDefinition>(deps.db, deps.records, 'dashboard');
    const viewers = new ViewerDirectory(deps.db);
    const placements = new PlacementStore(deps.db, deps.records);
    this.widgets = new WidgetsService({
      clock: deps.clock,
      widgets: widgetStore,
      dashboards: dashboardStore,
      placements,
      registry: this.registry,
      cache: this.cache,
      viewers,
    });
    this.dashboards = new DashboardsService({
      db: deps.db,
      clock: deps.clock,
      transaction: (fn) => deps.records.transaction(fn),
      dashboards: dashboardStore,
      widgets: widgetStore,
      placements,
      widgetsService: this.widgets,
      viewers,
    });
    this.starter = { widgetStore, dashboardStore, placements };
    // A bulk batch (import, bootstrap) is announced once: the widgets over its entities recompute.
    const offBatch = deps.records.events.on('records.arrived', (batch) => {
      if ('custom_field' in batch.byEntity || 'widget' in batch.byEntity) this.cache.clear();
      else for (const entity of Object.keys(batch.byEntity)) this.cache.invalidateEntity(entity);
    });
    const offChange = deps.records.events.on('record.changed', (change) => {
      // A custom field defined, changed or removed changes what filters and fields mean for every widget.
      if (change.entity === 'custom_field') this.cache.clear();
      // A teammate's edit of a widget arrives here, not through the widgets service.
      else if (change.entity === 'widget') this.cache.invalidateWidget(change.id);
      else this.cache.invalidateEntity(change.entity);
    });
    this.unsubscribe = () => {
      offBatch();
      offChange();
    };
  }

  private readonly starter: {
    widgetStore: DefinitionStore<WidgetDefinition>;
    dashboardStore: DefinitionStore<DashboardDefinition>;
    placements: PlacementStore;
  };

  /**
   * The caller's default dashboard. On first use on this install: their starter dashboard,
   * adopted when it came from another of their devices, made (or restored) otherwise. Its ids
   * are derived from the user's id, so two devices that each make it offline write the same
   * documents and sync merges them into one dashboard, not two.
   */
  defaultDashboard(caller: Caller): Record<string, unknown> {
    const id = this.dashboards.defaultId(caller);
    if (id) return this.dashboards.get(id, caller);
    const dashboardId = starterDashboardId(caller.id);
    if (!this.starter.dashboardStore.get(dashboardId)) this.makeStarter(caller, dashboardId);
    return this.dashboards.setDefault(dashboardId, caller);
  }

  private makeStarter(caller: Caller, dashboardId: string): void {
    const at = this.deps.clock.now().toISOString();
    this.deps.records.transaction(() => {
      this.starter.dashboardStore.put({
        id: dashboardId,
        owner_id: caller.id,
        created_at: at,
        updated_at: at,
        definition: {
          name: 'My overview',
          description: 'Your numbers for today. Edit to add, move or resize widgets.',
          layout_config: { columns: 12, rowHeight: 90 },
          visibility: 'private',
          shared_roles: [],
          share_permission: 'view',
        },
      });
      for (const { definition, at: place } of starterWidgets(this.registry)) {
        const widgetId = starterWidgetId(caller.id, definition.name);
        this.starter.widgetStore.put({ id: widgetId, owner_id: caller.id, definition, created_at: at, updated_at: at });
        this.starter.placements.put(dashboardId, { widget_id: widgetId, ...place }, caller.id);
      }
    });
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
  }
}
