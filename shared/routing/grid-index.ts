import type { GridChain, GridFeature } from '../domain/grid.ts';
import { splitFeatures, type GridChains } from './chains.ts';
import { CellGrid, type CellStats } from './cell-grid.ts';
import { flatByteLength, flattenPolygons, type FlatPolygons } from './flat-polygons.ts';
import { distanceToRings, METRES_PER_DEGREE, metresPerDegreeLon } from './local-metres.ts';

/**
 * Point → group polygon → chain group→village→township→county.
 *
 * Group polygons live in flat typed arrays (./flat-polygons.ts); each county gets its own uniform
 * cell grid (./cell-grid.ts) so several counties hundreds of km apart do not share one mostly
 * empty grid. Points on shared edges and vertices belong to exactly one group: the one to their
 * east (north on horizontal edges); see ./point-in-part.ts for the rule and why it holds.
 *
 * Group indices are the order of group features in the input of build().
 * Distances are metres in a local equirectangular approximation (./local-metres.ts).
 */
export class GridIndex {
  readonly groupCount: number;
  /** Generation stamps for deduplicating candidates in nearest(); allocated on first use. */
  private seen: Uint32Array | null = null;
  private generation = 0;

  private constructor(
    private readonly groups: FlatPolygons,
    private readonly grids: readonly CellGrid[],
    private readonly chains: GridChains,
    private readonly townships: FlatPolygons,
    private readonly townshipByCode: ReadonlyMap<string, number>,
  ) {
    this.groupCount = chains.length;
  }

  /**
   * Indexes all levels of one or more counties. Chains follow parentCode links
   * (group → village → township → county); a missing link or a duplicate code throws.
   */
  static build(features: readonly GridFeature[]): GridIndex {
    const { groupGeometries, townshipFeatures, chains } = splitFeatures(features);
    const groups = flattenPolygons(groupGeometries);
    const grids = partsByCounty(chains, groups.geometryPartStart).map((parts) => CellGrid.build(groups, parts));
    const townships = flattenPolygons(townshipFeatures.map((f) => f.geometry));
    const townshipByCode = new Map(townshipFeatures.map((f, i) => [f.properties.code, i]));
    return new GridIndex(groups, grids, chains, townships, townshipByCode);
  }

  /**
   * The group containing the point and its chain group→village→township→county, or null.
   * Each call returns a new frozen chain object (three small allocations; the township and
   * county PlaceRefs inside are shared); compare chains by code, not by identity.
   */
  locate(lon: number, lat: number): GridChain | null {
    const g = this.locateGroupIndex(lon, lat);
    return g >= 0 ? this.chains.chain(g) : null;
  }

  /** Raw, allocation-free lookup: index of the group (input order of build()) or −1. */
  locateGroupIndex(lon: number, lat: number): number {
    const grids = this.grids;
    for (let i = 0; i < grids.length; i++) {
      const g = grids[i]!.locate(lon, lat);
      if (g >= 0) return g;
    }
    return -1;
  }

  /**
   * Nearest group within toleranceMeters when the point is in no polygon (gaps, just outside the
   * outline); a point inside a group returns it at distance 0. Equal distances go to the lower
   * group index, so the answer is deterministic.
   */
  nearest(lon: number, lat: number, toleranceMeters: number): { chain: GridChain; distanceMeters: number } | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !(toleranceMeters >= 0)) return null;
    const inside = this.locateGroupIndex(lon, lat);
    if (inside >= 0) return { chain: this.chains.chain(inside), distanceMeters: 0 };

    const kx = metresPerDegreeLon(lat);
    const dLon = toleranceMeters / kx;
    const dLat = toleranceMeters / METRES_PER_DEGREE;
    const seen = (this.seen ??= new Uint32Array(this.groupCount));
    if (++this.generation === 0xffffffff) {
      seen.fill(0);
      this.generation = 1;
    }
    const generation = this.generation;
    const { coords, ringStart, ringEnd, partRingStart, geometryPartStart } = this.groups;
    let best = -1;
    let bestDistance = Infinity;
    const consider = (g: number): void => {
      if (seen[g] === generation) return;
      seen[g] = generation;
      const p0 = geometryPartStart[g]!;
      const p1 = geometryPartStart[g + 1]!;
      const d = distanceToRings(coords, ringStart, ringEnd, partRingStart[p0]!, partRingStart[p1]!, lon, lat, kx);
      if (d < bestDistance || (d === bestDistance && g < best)) {
        bestDistance = d;
        best = g;
      }
    };
    for (const grid of this.grids) grid.forEachOwnerIn(lon - dLon, lat - dLat, lon + dLon, lat + dLat, consider);
    return best >= 0 && bestDistance <= toleranceMeters ? { chain: this.chains.chain(best), distanceMeters: bestDistance } : null;
  }

  /** Distance in metres from the point to the boundary of its township (for the boundary-review flag). */
  distanceToTownshipBoundary(lon: number, lat: number, townshipCode: string): number {
    const t = this.townshipByCode.get(townshipCode);
    if (t === undefined) throw new RangeError(`GridIndex: unknown township ${townshipCode}`);
    const { coords, ringStart, ringEnd, partRingStart, geometryPartStart } = this.townships;
    const r0 = partRingStart[geometryPartStart[t]!]!;
    const r1 = partRingStart[geometryPartStart[t + 1]!]!;
    return distanceToRings(coords, ringStart, ringEnd, r0, r1, lon, lat, metresPerDegreeLon(lat));
  }

  /** Cell-grid statistics summed over the counties (for the bench and tuning). */
  get cellStats(): CellStats {
    const sum: CellStats = { cells: 0, inside: 0, empty: 0, boundary: 0, covered: 0, overflow: 0, testsPerBoundaryCell: 0 };
    let tests = 0;
    for (const grid of this.grids) {
      const s = grid.stats;
      sum.cells += s.cells;
      sum.inside += s.inside;
      sum.empty += s.empty;
      sum.boundary += s.boundary;
      sum.covered += s.covered;
      sum.overflow += s.overflow;
      tests += s.testsPerBoundaryCell * s.boundary;
    }
    sum.testsPerBoundaryCell = sum.boundary ? tests / sum.boundary : 0;
    return sum;
  }

  /** Bytes of the polygons' and cell grids' typed arrays; the chain tables (~12 bytes per group, see ./chains.ts) are not included. */
  get byteLength(): number {
    return flatByteLength(this.groups) + flatByteLength(this.townships) + this.grids.reduce((n, g) => n + g.byteLength, 0);
  }
}

/** Part indices of each county's groups, one list per county (first-seen order). */
function partsByCounty(chains: GridChains, geometryPartStart: Int32Array): Int32Array[] {
  if (chains.countyCount === 1) {
    const all = new Int32Array(geometryPartStart[chains.length]!);
    for (let p = 0; p < all.length; p++) all[p] = p;
    return [all];
  }
  const countyOf = chains.groupCountySlots();
  const counts = new Int32Array(chains.countyCount);
  for (let g = 0; g < countyOf.length; g++) counts[countyOf[g]!]! += geometryPartStart[g + 1]! - geometryPartStart[g]!;
  const lists = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(chains.countyCount);
  for (let g = 0; g < countyOf.length; g++) {
    const k = countyOf[g]!;
    const list = lists[k]!;
    for (let p = geometryPartStart[g]!; p < geometryPartStart[g + 1]!; p++) list[filled[k]!++] = p;
  }
  return lists;
}
