import type { WidgetType } from '../../../../shared/contract/dashboard-operations';
import type { Period } from '../periods';

/** One parameter of a data source, as the catalogue shows it and as a widget's query_params are checked. */
export interface ParamSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'period' | 'entity' | 'field' | 'filters' | 'string_list';
  description: string;
  required?: boolean;
  /** For `enum` and `entity`. */
  options?: readonly string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

/** Who reads the data and where they are: periods resolve in their time zone, `me` is them. */
export interface DataViewer {
  id: string;
  role: string;
  timezone: string;
}

export interface ReadContext {
  params: Record<string, unknown>;
  viewer: DataViewer;
  widgetType: WidgetType;
  /** The widget's name, for labels (the metric card's `label`). */
  label: string;
  now: Date;
}

/** What a source's data depends on: the cache keeps one entry per viewer only where it must. */
export type ViewerDependence = 'user' | 'role';

/**
 * A named source of widget data. Adding one is one entry in the registry: its parameters,
 * the widget types it fits, the record entities whose changes make its data stale, and
 * `read`, which returns the data in the shape of the widget type.
 */
export interface DataSource {
  name: string;
  label: string;
  description: string;
  widgetTypes: readonly WidgetType[];
  params: Record<string, ParamSpec>;
  /**
   * Record entities it reads (a change to one clears cached data early). Users are left out
   * on purpose: every sign-in writes the user record, and a renamed person may show under
   * the old name until the refresh interval runs out.
   */
  entities(params: Record<string, unknown>): readonly string[];
  dependsOn(params: Record<string, unknown>): ViewerDependence;
  /** Checks that go beyond the parameter specs (a field of the chosen entity); errors keyed by parameter. */
  check?(params: Record<string, unknown>, viewer: DataViewer, errors: Record<string, string[]>, widgetType: WidgetType): void;
  /** Null for a source whose engine is not on this install yet (analytics): listed, not usable. */
  read: ((ctx: ReadContext) => unknown) | null;
}

export type { Period };
