import { createRequire } from 'node:module';

/**
 * Country centres from the shapes shipped with the app (world-atlas, 1:50m, which still has
 * small countries such as Singapore), so the map widget works offline. Computed once, lazily.
 */
interface GeoLibs {
  feature(topology: unknown, object: unknown): { features: { properties: { name: string } }[] };
  geoCentroid(feature: unknown): [number, number];
}

/** Names people type for countries whose atlas name differs. */
const ALIASES: Record<string, string> = {
  'united states': 'United States of America',
  usa: 'United States of America',
  us: 'United States of America',
  uk: 'United Kingdom',
  'great britain': 'United Kingdom',
  england: 'United Kingdom',
  'the netherlands': 'Netherlands',
  holland: 'Netherlands',
  'czech republic': 'Czechia',
  'south korea': 'South Korea',
  russia: 'Russia',
};

let centroids: Map<string, { name: string; lon: number; lat: number }> | null = null;

function load(): Map<string, { name: string; lon: number; lat: number }> {
  const require = createRequire(import.meta.url);
  const topology = require('world-atlas/countries-50m.json') as { objects: { countries: unknown } };
  const { feature } = require('topojson-client') as Pick<GeoLibs, 'feature'>;
  const { geoCentroid } = require('d3-geo') as Pick<GeoLibs, 'geoCentroid'>;
  const out = new Map<string, { name: string; lon: number; lat: number }>();
  for (const f of feature(topology, topology.objects.countries).features) {
    const [lon, lat] = geoCentroid(f);
    out.set(f.properties.name.toLowerCase(), { name: f.properties.name, lon: Math.round(lon * 100) / 100, lat: Math.round(lat * 100) / 100 });
  }
  return out;
}

/** The atlas name and centre of a country as records spell it; null when the atlas has no such country. */
export function countryCentroid(country: string): { name: string; lon: number; lat: number } | null {
  centroids ??= load();
  const key = country.trim().toLowerCase();
  return centroids.get(ALIASES[key]?.toLowerCase() ?? key) ?? null;
}
