/** Deterministic, compact output: fixed key order, shortest round-trip numbers, no whitespace. */
import type { CountySummary, GridFeature } from '../../shared/domain/grid.ts';

/** One FeatureCollection per county on a single line (plus a final newline). */
export function serializeCollection(features: GridFeature[]): string {
  const parts = features.map((f) =>
    JSON.stringify({
      type: 'Feature',
      properties: {
        level: f.properties.level,
        code: f.properties.code,
        name: f.properties.name,
        shortName: f.properties.shortName,
        parentCode: f.properties.parentCode,
        countyCode: f.properties.countyCode,
        synthetic: f.properties.synthetic,
      },
      geometry: f.geometry,
    }),
  );
  return `{"type":"FeatureCollection","features":[${parts.join(',')}]}\n`;
}

export function serializeIndex(summaries: CountySummary[]): string {
  return `${JSON.stringify(summaries, null, 2)}\n`;
}
