/** Voronoi cells of the seeds, clipped to the parent polygon and rounded to the grid. */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import type { MultiPolygon as PcMultiPolygon, Ring as PcRing } from 'polygon-clipping';
import { mpolyBBox, openRing, type MPoly, type Pt } from './int-geometry.ts';
import { cleanMPoly } from './ring-clean.ts';
import type { Seed } from './seeds.ts';

function closed(ring: Pt[]): PcRing {
  const first = ring[0];
  return first ? [...ring, [first[0], first[1]]] : [];
}

/**
 * One piece per seed, in seed order. The Voronoi diagram is computed with longitude
 * scaled by kx (cos latitude) so cells are not stretched east-west; its vertices are
 * scaled back before clipping. Children still need snapping (see snap.ts): two cells
 * clip the same boundary crossing independently and may round it differently.
 */
export function voronoiPieces(parent: MPoly, seeds: Seed[], kx: number): MPoly[] {
  if (seeds.length === 1) return [parent.map((poly) => poly.map((ring) => ring.slice()))];
  const [w, s, e, n] = mpolyBBox(parent);
  const pad = Math.max(e - w, n - s) * 0.25 + 1000;
  const delaunay = Delaunay.from(seeds.map(([x, y]) => [x * kx, y] as [number, number]));
  const voronoi = delaunay.voronoi([(w - pad) * kx, s - pad, (e + pad) * kx, n + pad]);
  const clip: PcMultiPolygon = parent.map((poly) => poly.map((ring) => closed(ring)));
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i);
    if (!cell) throw new Error(`voronoiPieces: no cell for seed ${i}`);
    const cellRing: PcRing = cell.map(([x, y]) => [x / kx, y] as [number, number]);
    const piece = polygonClipping.intersection([cellRing], clip);
    const rounded: MPoly = piece.map((poly) =>
      poly.map((ring) => openRing(ring.map(([x, y]) => [Math.round(x), Math.round(y)] as Pt))),
    );
    return cleanMPoly(rounded);
  });
}
