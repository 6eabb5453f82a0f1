import type { DataSource } from './source-types';
import type { SourceDeps } from './source-deps';
import { SCOPE_PARAMS } from './record-scope';
import { countryCentroid } from './country-centroids';

const WITH_ADDRESS = ['company', 'contact'] as const;
const MAX_CITIES = 200;

/** Where records are: counts per country (with the country's centre) and per city, from their address fields. */
export function locationsSource(deps: SourceDeps): DataSource {
  return {
    name: 'record_locations',
    label: 'Records on a map',
    description: 'Companies or contacts per country and city, from their address; country shapes ship with the app.',
    widgetTypes: ['map', 'table'],
    params: { ...SCOPE_PARAMS, entity: { type: 'entity', options: WITH_ADDRESS, required: true, description: 'company or contact' } },
    entities: (p) => [String(p.entity)],
    dependsOn: (p) => (JSON.stringify(p.filters ?? {}).includes('"me"') ? 'user' : 'role'),
    check: (p, viewer, errors) => deps.scopes.check(p, viewer, errors),
    read: ({ params: p, viewer, now, widgetType }) => {
      const scope = deps.scopes.scope(p, viewer, now, deps.scopes.resolve(p, viewer, now));
      const rows = deps.statements
        .get(
          `SELECT t.country AS country, t.city AS city, count(*) AS n FROM ${scope.entity.table} t ${scope.sql} AND t.country IS NOT NULL AND t.country <> ''
         GROUP BY 1, 2 ORDER BY 3 DESC LIMIT ${MAX_CITIES}`,
        )
        .all(...scope.params) as { country: string; city: string | null; n: number }[];
      const regions = new Map<
        string,
        { country: string; atlas_name: string | null; count: number; lon: number | null; lat: number | null; cities: { city: string; count: number }[] }
      >();
      for (const r of rows) {
        let region = regions.get(r.country);
        if (!region) {
          const c = countryCentroid(r.country);
          regions.set(
            r.country,
            (region = { country: r.country, atlas_name: c?.name ?? null, count: 0, lon: c?.lon ?? null, lat: c?.lat ?? null, cities: [] }),
          );
        }
        region.count += r.n;
        if (r.city) region.cities.push({ city: r.city, count: r.n });
      }
      const list = [...regions.values()].sort((a, b) => b.count - a.count);
      if (widgetType === 'table') {
        return {
          count: list.length,
          columns: [
            { key: 'country', label: 'Country' },
            { key: 'count', label: 'Records' },
          ],
          rows: list.map((r) => ({ id: r.country, country: r.country, count: r.count })),
        };
      }
      return {
        regions: list.map(({ cities, ...r }) => ({ ...r, top_cities: cities.slice(0, 5) })),
        points: list.filter((r) => r.lon !== null).map((r) => ({ name: r.country, lon: r.lon, lat: r.lat, count: r.count })),
        unplaced: list.filter((r) => r.lon === null).map((r) => r.country),
      };
    },
  };
}
