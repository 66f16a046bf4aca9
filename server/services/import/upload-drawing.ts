import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

/** What the import page needs to draw one uploaded feature and tie it to the report. */
export interface UploadedFeatureProps {
  /** 0-based index in the file, as GridProblem.feature counts. */
  index: number;
  code: string | null;
  name: string | null;
  level: string | null;
  parentCode: string | null;
}

export type UploadDrawing = FeatureCollection<Polygon | MultiPolygon, UploadedFeatureProps>;

const text = (value: unknown): string | null => (typeof value === 'string' ? value.trim() || null : typeof value === 'number' && Number.isFinite(value) ? String(value) : null);

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);

/** Rings a renderer can triangulate: finite positions only, at least three of them. Broken ones are still drawn as far as they can be. */
function rings(part: unknown): Position[][] {
  if (!Array.isArray(part)) return [];
  return part.map((ring) => (Array.isArray(ring) ? ring.filter(isPosition).map((p) => [p[0]!, p[1]!]) : [])).filter((ring) => ring.length >= 3);
}

/**
 * The uploaded polygons as decoded (WGS84, after any .prj or GCJ-02/BD-09 conversion), reduced to
 * what the import page draws: broken files included — a self-intersecting or misplaced polygon is
 * exactly what the operator needs to see — but nothing a map renderer would choke on.
 */
export function uploadDrawing(features: readonly unknown[]): UploadDrawing {
  const out: Feature<Polygon | MultiPolygon, UploadedFeatureProps>[] = [];
  features.forEach((raw, index) => {
    const f = (raw ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null };
    const g = f.geometry;
    if (!g || !Array.isArray(g.coordinates)) return;
    let geometry: Polygon | MultiPolygon | null = null;
    if (g.type === 'Polygon') {
      const coordinates = rings(g.coordinates);
      if (coordinates.length > 0) geometry = { type: 'Polygon', coordinates };
    } else if (g.type === 'MultiPolygon') {
      const coordinates = g.coordinates.map(rings).filter((part) => part.length > 0);
      if (coordinates.length > 0) geometry = { type: 'MultiPolygon', coordinates };
    }
    if (!geometry) return;
    const p = f.properties ?? {};
    out.push({
      type: 'Feature',
      properties: { index, code: text(p.code), name: text(p.name), level: text(p.level), parentCode: text(p.parentCode ?? p.parentcode ?? p.parent_code) },
      geometry,
    });
  });
  return { type: 'FeatureCollection', features: out };
}
