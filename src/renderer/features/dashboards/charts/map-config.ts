import { topojson } from 'chartjs-chart-geo';
import countries110m from 'world-atlas/countries-110m.json';
import { formatNumber } from '../number-format';
import { palette } from './chart-colors';
import type { ChartConfig } from './chart-configs';

interface Region {
  atlas_name: string | null;
  country: string;
  count: number;
}

type CountryFeature = { properties: { name: string } };
let features: CountryFeature[] | null = null;

/** Country shapes shipped with the app (world-atlas 1:110m): the map works offline. */
function countryFeatures(): CountryFeature[] {
  if (!features) {
    const topology = countries110m as unknown as Parameters<typeof topojson.feature>[0];
    const collection = topojson.feature(topology, (countries110m as { objects: { countries: unknown } }).objects.countries as never) as unknown as {
      features: CountryFeature[];
    };
    features = collection.features.filter((f) => f.properties.name !== 'Antarctica');
  }
  return features;
}

export function mapConfig(regions: Region[], scheme: string): ChartConfig {
  const counts = new Map(regions.filter((r) => r.atlas_name).map((r) => [r.atlas_name!, r.count]));
  const all = countryFeatures();
  return {
    type: 'choropleth',
    data: {
      labels: all.map((f) => f.properties.name),
      datasets: [{ label: 'Records', outline: all, data: all.map((f) => ({ feature: f, value: counts.get(f.properties.name) ?? 0 })) }],
    },
    options: {
      showOutline: true,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx: { raw: unknown }) => {
              const r = ctx.raw as { feature: CountryFeature; value: number };
              return `${r.feature.properties.name}: ${formatNumber(r.value)}`;
            },
          },
        },
      },
      scales: {
        projection: { axis: 'x', projection: 'equalEarth' },
        color: {
          axis: 'x',
          quantize: 5,
          interpolate: (v: number) =>
            v === 0
              ? '#eef1f5'
              : palette(scheme)[0] +
                Math.round(60 + v * 195)
                  .toString(16)
                  .padStart(2, '0'),
          legend: { position: 'bottom-right', align: 'right' },
        },
      },
    },
  };
}
