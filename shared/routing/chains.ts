import type { GridChain, GridFeature, GridGeometry, GridProps, PlaceRef } from '../domain/grid.ts';

const place = (props: GridProps): PlaceRef => Object.freeze({ code: props.code, name: props.shortName });

function missing(feature: GridFeature, level: string): never {
  const { level: own, code, parentCode } = feature.properties;
  throw new RangeError(`GridIndex: ${own} ${code} has no ${level} ${parentCode}`);
}

/**
 * The chain group → village → township → county of every group, stored as columns: per group
 * and per village, its parent's index (Int32Array) and a reference to its feature's properties
 * (read for code and shortName; treated as immutable, like all grid features). A chain object is
 * made only when asked for: 400k frozen chains built up front cost ~100 bytes and two objects
 * per group, most of them never read. Townships and counties are few, so their PlaceRefs are
 * made once and shared by every chain.
 */
export class GridChains {
  constructor(
    private readonly groupProps: readonly GridProps[],
    private readonly groupVillage: Int32Array,
    private readonly villageProps: readonly GridProps[],
    private readonly villageTownship: Int32Array,
    private readonly townships: readonly PlaceRef[],
    private readonly townshipCounty: Int32Array,
    private readonly counties: readonly PlaceRef[],
    /** Per county, its number in order of first appearance among the groups (−1 if it has none). */
    private readonly countySlots: Int32Array,
    /** Number of distinct counties the groups belong to. */
    readonly countyCount: number,
  ) {}

  get length(): number {
    return this.groupVillage.length;
  }

  /** A new frozen chain of group g (three small objects; the township and county PlaceRefs are shared). */
  chain(g: number): GridChain {
    const v = this.groupVillage[g]!;
    const t = this.villageTownship[v]!;
    return Object.freeze({
      county: this.counties[this.townshipCounty[t]!]!,
      township: this.townships[t]!,
      village: place(this.villageProps[v]!),
      group: place(this.groupProps[g]!),
    });
  }

  /** The county of every group as 0 … countyCount − 1, numbered in order of first appearance. */
  groupCountySlots(): Int32Array {
    const slots = new Int32Array(this.length);
    let lastVillage = -1;
    let slot = -1;
    for (let g = 0; g < slots.length; g++) {
      const v = this.groupVillage[g]!;
      if (v !== lastVillage) {
        lastVillage = v;
        slot = this.countySlots[this.townshipCounty[this.villageTownship[v]!]!]!;
      }
      slots[g] = slot;
    }
    return slots;
  }
}

export interface SplitFeatures {
  /** Geometries of the group features, in input order (the group indices of GridIndex). */
  groupGeometries: GridGeometry[];
  /** The township features, in input order. */
  townshipFeatures: GridFeature[];
  chains: GridChains;
}

/**
 * Sorts the features by level and follows parentCode links group → village → township →
 * county. A missing link, or a duplicate county, township or village code, throws. Group codes
 * are not checked for uniqueness here (a 400k-entry set would cost more than the rest of the
 * chains); the data build validates them.
 */
export function splitFeatures(features: readonly GridFeature[]): SplitFeatures {
  const counties = new Map<string, number>();
  const townships = new Map<string, number>();
  const villages = new Map<string, number>();
  const countyFeatures: GridFeature[] = [];
  const townshipFeatures: GridFeature[] = [];
  const villageFeatures: GridFeature[] = [];
  const add = (map: Map<string, number>, list: GridFeature[], feature: GridFeature): void => {
    if (map.has(feature.properties.code)) throw new RangeError(`GridIndex: duplicate ${feature.properties.level} code ${feature.properties.code}`);
    map.set(feature.properties.code, list.length);
    list.push(feature);
  };
  // Sized for every feature, trimmed to the groups afterwards (no growth copies).
  const groupVillage = new Int32Array(features.length);
  const groupProps = new Array<GridProps>(features.length);
  const groupGeometries = new Array<GridGeometry>(features.length);
  let n = 0;
  let pending = 0;
  // One pass reads each feature once (400k of them are scattered over the heap). A group's
  // village is looked up at once when it came earlier in the input, as it usually does, else
  // afterwards. Groups of a village are usually consecutive: the last village is remembered.
  let lastCode: string | null = null;
  let last = -1;
  for (const feature of features) {
    const props = feature.properties;
    const level = props.level;
    if (level === 'group') {
      if (props.parentCode !== lastCode) {
        lastCode = props.parentCode;
        last = villages.get(lastCode) ?? -1;
      }
      if (last < 0) {
        pending++;
        lastCode = null;
      }
      groupVillage[n] = last;
      groupProps[n] = props;
      groupGeometries[n++] = feature.geometry;
    } else if (level === 'village') add(villages, villageFeatures, feature);
    else if (level === 'township') add(townships, townshipFeatures, feature);
    else if (level === 'county') add(counties, countyFeatures, feature);
    else throw new RangeError(`GridIndex: unknown level ${String(level)} (${props.code})`);
  }
  groupProps.length = n;
  groupGeometries.length = n;
  for (let g = 0; pending > 0 && g < n; g++) {
    if (groupVillage[g]! >= 0) continue;
    const props = groupProps[g]!;
    const v = villages.get(props.parentCode);
    if (v === undefined) throw new RangeError(`GridIndex: group ${props.code} has no village ${props.parentCode}`);
    groupVillage[g] = v;
    pending--;
  }

  const townshipCounty = Int32Array.from(townshipFeatures, (t) => counties.get(t.properties.parentCode) ?? missing(t, 'county'));
  const villageTownship = Int32Array.from(villageFeatures, (v) => townships.get(v.properties.parentCode) ?? missing(v, 'township'));
  // Counties numbered by first appearance among the groups: the order of the cell grids.
  const countySlots = new Int32Array(countyFeatures.length).fill(-1);
  let countyCount = 0;
  let lastVillage = -1;
  for (let g = 0; g < n; g++) {
    const v = groupVillage[g]!;
    if (v === lastVillage) continue;
    lastVillage = v;
    const county = townshipCounty[villageTownship[v]!]!;
    if (countySlots[county] === -1) countySlots[county] = countyCount++;
  }
  const chains = new GridChains(
    groupProps,
    groupVillage.subarray(0, n),
    villageFeatures.map((v) => v.properties),
    villageTownship,
    townshipFeatures.map((t) => place(t.properties)),
    townshipCounty,
    countyFeatures.map((c) => place(c.properties)),
    countySlots,
    countyCount,
  );
  return { groupGeometries, townshipFeatures, chains };
}
