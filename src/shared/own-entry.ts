/**
 * `table[key]` for the table's own keys only: a name a request sends ("toString",
 * "constructor", "__proto__") must not find what every object inherits (one reached the SQL).
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
