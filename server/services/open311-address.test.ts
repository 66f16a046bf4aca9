import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { featuresAt } from '../../test/helpers/grid-data.ts';
import { locateAddress } from './open311-address.ts';

const COUNTIES = ['410923', '371521', '330822', '350521', '410325'];
const features = [...featuresAt('410923', 'county'), ...featuresAt('410923', 'township'), ...featuresAt('410923', 'village')];

describe('locateAddress', () => {
  it('places an address at an interior point of the deepest division it names', () => {
    const village = featuresAt('410923', 'village')[12]!;
    const township = features.find((f) => f.properties.code === village.properties.parentCode)!;
    const match = locateAddress(`南乐县 ${township.properties.name} ${village.properties.name}东头`, features);
    expect(match.ok && match.feature.properties.code).toBe(village.properties.code);
    if (match.ok) expect(booleanPointInPolygon([match.lon, match.lat], village)).toBe(true);
  });

  it('falls back to the township when no village is named', () => {
    const township = featuresAt('410923', 'township')[3]!;
    const match = locateAddress(`${township.properties.name}政府门口`, features);
    expect(match.ok && match.feature.properties.code).toBe(township.properties.code);
  });

  it('uses the named township to tell villages of the same name apart, and refuses a bare duplicate', () => {
    const everywhere = COUNTIES.flatMap((c) => [...featuresAt(c, 'county'), ...featuresAt(c, 'township'), ...featuresAt(c, 'village')]);
    const villages = everywhere.filter((f) => f.properties.level === 'village');
    const names = villages.map((v) => v.properties.shortName);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (!dup) throw new Error('the seed grids have no duplicate village names to test with');
    const twins = villages.filter((v) => v.properties.shortName === dup);
    const bare = locateAddress(dup, everywhere);
    expect(bare).toMatchObject({ ok: false, reason: 'ambiguous' });
    const township = everywhere.find((f) => f.properties.code === twins[1]!.properties.parentCode)!;
    const match = locateAddress(`${township.properties.name}${dup}`, everywhere);
    expect(match.ok && match.feature.properties.code).toBe(twins[1]!.properties.code);
  });

  it('reports addresses it cannot place', () => {
    expect(locateAddress('北京市东城区东长安街', features)).toEqual({ ok: false, reason: 'none', candidates: [] });
  });
});
