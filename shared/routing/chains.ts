import type { GridChain, GridFeature, PlaceRef } from '../domain/grid.ts';

/** Village's place in the hierarchy, shared by all of its groups' chains. */
interface VillageLinks {
  village: PlaceRef;
  township: PlaceRef;
  county: PlaceRef;
}

const place = (feature: GridFeature): PlaceRef =>
  Object.freeze({ code: feature.properties.code, name: feature.properties.shortName });

function missing(feature: GridFeature, level: string): never {
  const { level: own, code, parentCode } = feature.properties;
  throw new RangeError(`GridIndex: ${own} ${code} has no ${level} ${parentCode}`);
}

/**
 * One frozen chain per group (input order), following parentCode links group → village →
 * township → county. PlaceRefs above the group are shared between chains, so a group costs two
 * small objects. A missing link, or a duplicate county, township or village code, throws.
 * Group codes are not checked for uniqueness here (a 400k-entry set would cost more than the
 * rest of the chains); the data build validates them.
 */
export function buildChains(features: readonly GridFeature[]): { groupFeatures: GridFeature[]; chains: GridChain[] } {
  const counties = new Map<string, GridFeature>();
  const townships = new Map<string, GridFeature>();
  const villages = new Map<string, GridFeature>();
  const groupFeatures: GridFeature[] = [];
  const add = (map: Map<string, GridFeature>, feature: GridFeature): void => {
    if (map.has(feature.properties.code)) throw new RangeError(`GridIndex: duplicate ${feature.properties.level} code ${feature.properties.code}`);
    map.set(feature.properties.code, feature);
  };
  for (const feature of features) {
    const { level, code } = feature.properties;
    if (level === 'group') groupFeatures.push(feature);
    else if (level === 'village') add(villages, feature);
    else if (level === 'township') add(townships, feature);
    else if (level === 'county') add(counties, feature);
    else throw new RangeError(`GridIndex: unknown level ${String(level)} (${code})`);
  }

  const countyRefs = new Map<string, PlaceRef>();
  for (const [code, county] of counties) countyRefs.set(code, place(county));
  const townshipLinks = new Map<string, { township: PlaceRef; county: PlaceRef }>();
  for (const [code, township] of townships) {
    const county = countyRefs.get(township.properties.parentCode) ?? missing(township, 'county');
    townshipLinks.set(code, { township: place(township), county });
  }
  const villageLinks = new Map<string, VillageLinks>();
  for (const [code, village] of villages) {
    const up = townshipLinks.get(village.properties.parentCode) ?? missing(village, 'township');
    villageLinks.set(code, { village: place(village), township: up.township, county: up.county });
  }
  // Groups of a village are usually consecutive: remember the last village looked up.
  let lastCode: string | null = null;
  let last: VillageLinks | undefined;
  const chains = groupFeatures.map((group): GridChain => {
    const parentCode = group.properties.parentCode;
    if (parentCode !== lastCode) {
      last = villageLinks.get(parentCode);
      lastCode = parentCode;
    }
    const up = last ?? missing(group, 'village');
    return Object.freeze({ county: up.county, township: up.township, village: up.village, group: place(group) });
  });
  return { groupFeatures, chains };
}
