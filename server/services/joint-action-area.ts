import { booleanIntersects, polygon as turfPolygon } from '@turf/turf';
import type { GridCollection, GridFeature, GridLevel } from '../../shared/domain/grid.ts';
import type { JointActionAreaResponse } from '../../shared/protocol/joint-actions.ts';
import { townshipOfCode, type JointActionArea } from '../../shared/domain/joint-action.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import { DomainError } from './domain-error.ts';
import type { GridService } from './grid-service.ts';

/**
 * Resolves an action's area to the townships it touches: chosen cells by their codes (each must be
 * a real cell of the county), a drawn ring by intersecting it with the township polygons.
 */
export class JointActionAreas {
  private readonly codes = new Map<string, Set<string>>();
  private readonly townships = new Map<string, GridCollection>();

  constructor(private readonly grids: GridService) {}

  townshipsOf(countyCode: string, area: JointActionArea): string[] {
    if (area.kind === 'grids') {
      const known = this.cellCodes(countyCode);
      const unknown = area.codes.filter((c) => !known.has(c));
      if (unknown.length > 0) {
        throw new DomainError('VALIDATION_FAILED', bilingual(`网格编码不属于本县：${unknown.slice(0, 5).join('、')}`, `grid codes not in county ${countyCode}: ${unknown.slice(0, 5).join(', ')}`), [{ path: 'area.codes', message: `unknown: ${unknown.join(', ')}` }]);
      }
      return [...new Set(area.codes.map(townshipOfCode))].sort();
    }
    const ring = [...area.ring];
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
    if (ring.length < 4) throw new DomainError('VALIDATION_FAILED', bilingual('绘制的区域至少需要 3 个点', 'a drawn area needs at least 3 points'));
    const drawn = turfPolygon([ring]);
    const hits = this.townshipCollection(countyCode).features.filter((f) => booleanIntersects(drawn, f));
    if (hits.length === 0) throw new DomainError('VALIDATION_FAILED', bilingual('绘制的区域不在本县任何乡镇内', `the drawn area touches no township of county ${countyCode}`), [{ path: 'area.ring', message: 'outside the county' }]);
    return hits.map((f) => f.properties.code).sort();
  }

  /**
   * The area as map features for a participant's phone: the chosen cells (or the drawn ring) and
   * the outlines of the townships it touches, so a small map shows where to go without the county's
   * whole grid.
   */
  geometry(countyCode: string, area: JointActionArea, townshipCodes: readonly string[]): JointActionAreaResponse {
    const cells: GridFeature[] = [];
    if (area.kind === 'grids') {
      const wanted = new Set(area.codes);
      for (const level of ['township', 'village', 'group'] as const) {
        for (const f of this.level(countyCode, level).features) if (wanted.has(f.properties.code)) cells.push(f);
      }
    }
    const ring = area.kind === 'polygon' ? [...area.ring] : [];
    if (ring.length > 0 && (ring[0]![0] !== ring.at(-1)![0] || ring[0]![1] !== ring.at(-1)![1])) ring.push(ring[0]!);
    const touched = new Set(townshipCodes);
    return {
      area: {
        type: 'FeatureCollection',
        features:
          area.kind === 'grids'
            ? cells.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { code: f.properties.code, name: f.properties.shortName } }))
            : [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: 'drawn', name: '' } }],
      },
      townships: {
        type: 'FeatureCollection',
        features: this.townshipCollection(countyCode)
          .features.filter((f) => touched.has(f.properties.code))
          .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { code: f.properties.code, name: f.properties.shortName } })),
      },
    };
  }

  private level(countyCode: string, level: GridLevel): GridCollection {
    const json = this.grids.levelGeoJson(countyCode, level);
    if (json === null) throw new DomainError('UNKNOWN_COUNTY', `county ${countyCode} has no grids here`);
    return JSON.parse(json) as GridCollection;
  }

  private townshipCollection(countyCode: string): GridCollection {
    let collection = this.townships.get(countyCode);
    if (!collection) {
      collection = this.level(countyCode, 'township');
      this.townships.set(countyCode, collection);
    }
    return collection;
  }

  private cellCodes(countyCode: string): Set<string> {
    let codes = this.codes.get(countyCode);
    if (!codes) {
      codes = new Set<string>();
      for (const level of ['township', 'village', 'group'] as const) for (const f of this.level(countyCode, level).features) codes.add(f.properties.code);
      this.codes.set(countyCode, codes);
    }
    return codes;
  }
}
