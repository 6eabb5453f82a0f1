/**
 * Widget data kept for its refresh interval, per widget and per viewer where the data depends
 * on who reads it. A change to a record of an entity a widget reads drops that widget's
 * entries at once, so a dashboard is never stale by minutes after an edit.
 */
interface Entry {
  data: unknown;
  expiresAt: number;
  widgetId: string;
  entities: readonly string[];
}

const MAX_ENTRIES = 5_000;

export class WidgetCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byEntity = new Map<string, Set<string>>();
  private readonly byWidget = new Map<string, Set<string>>();

  get(key: string, now: number): unknown | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.drop(key);
      return undefined;
    }
    return entry.data;
  }

  put(key: string, widgetId: string, entities: readonly string[], data: unknown, expiresAt: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.drop(key);
    this.entries.set(key, { data, expiresAt, widgetId, entities });
    for (const e of entities) index(this.byEntity, e).add(key);
    index(this.byWidget, widgetId).add(key);
  }

  /** A record of this entity changed: every entry reading that entity is stale. */
  invalidateEntity(entity: string): void {
    for (const key of [...(this.byEntity.get(entity) ?? [])]) this.drop(key);
  }

  /** The widget's definition changed or it was deleted. */
  invalidateWidget(widgetId: string): void {
    for (const key of [...(this.byWidget.get(widgetId) ?? [])]) this.drop(key);
  }

  clear(): void {
    this.entries.clear();
    this.byEntity.clear();
    this.byWidget.clear();
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const e of entry.entities) this.byEntity.get(e)?.delete(key);
    this.byWidget.get(entry.widgetId)?.delete(key);
  }
}

function index(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
