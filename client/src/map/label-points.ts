import { area, booleanPointInPolygon, centerOfMass, pointOnFeature, polygon } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import type { GridCollection, GridFeature, GridLevel } from '../../../shared/domain/grid.ts';

export interface LabelProps {
  code: string;
  shortName: string;
  level: GridLevel;
  /** Larger polygons win label collisions: MapLibre places lower sort keys first. */
  sortKey: number;
}

export type LabelCollection = FeatureCollection<Point, LabelProps>;

/**
 * One label point per grid polygon, inside its largest part. Labelling the polygons directly
 * would put one label per tile a polygon touches; a point source labels each grid exactly once.
 */
export function labelPoints(grids: GridCollection): LabelCollection {
  return {
    type: 'FeatureCollection',
    features: grids.features.flatMap((feature) => {
      const point = labelPoint(feature);
      if (!point) return [];
      const props = feature.properties;
      return [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: point },
          properties: { code: props.code, shortName: props.shortName, level: props.level, sortKey: -areaOf(feature) },
        },
      ];
    }),
  };
}

export function labelPoint(feature: GridFeature): Position | null {
  const part = largestPart(feature);
  if (!part) return null;
  const centre = centerOfMass(part).geometry.coordinates;
  // Concave cells (a county edge bites into them) can have their centre of mass outside.
  if (booleanPointInPolygon(centre, part)) return centre;
  return pointOnFeature(part).geometry.coordinates;
}

function largestPart(feature: GridFeature): Feature<Polygon> | null {
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') return geometry.coordinates.length > 0 ? polygon(geometry.coordinates) : null;
  let best: Feature<Polygon> | null = null;
  let bestArea = -1;
  for (const rings of geometry.coordinates) {
    if (rings.length === 0) continue;
    const part = polygon(rings);
    const partArea = area(part);
    if (partArea > bestArea) {
      best = part;
      bestArea = partArea;
    }
  }
  return best;
}

function areaOf(feature: GridFeature): number {
  return Math.round(area(feature));
}
