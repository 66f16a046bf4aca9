import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../i18n/catalogue.ts';
import { collectionBbox } from './import-layers.ts';
import { XLSX_TYPE, apiCrs, canApply, defaultCrs, errorKey, fileContentType, phasePercent, uploadPath } from './import-request.ts';
import type { GridImportJobView as GridImportJob, TableImportJobView as TableImportJob } from '../../../../shared/protocol/imports.ts';

describe('choosing how to upload a file', () => {
  it('sends grids as GeoJSON or zip and tables as CSV or XLSX, by the file name', () => {
    expect(fileContentType('grid', '南乐县网格.geojson')).toEqual({ ok: true, contentType: 'application/geo+json' });
    expect(fileContentType('grid', 'GRIDS.JSON')).toEqual({ ok: true, contentType: 'application/geo+json' });
    expect(fileContentType('grid', 'nanle.zip')).toEqual({ ok: true, contentType: 'application/zip' });
    expect(fileContentType('catalogue', 'matters.csv')).toEqual({ ok: true, contentType: 'text/csv' });
    expect(fileContentType('devolution', '赋权.xlsx')).toEqual({ ok: true, contentType: XLSX_TYPE });
  });

  it('says what to do with a file it cannot send', () => {
    expect(fileContentType('grid', 'nanle.shp')).toEqual({ ok: false, error: 'impErrShpNeedsZip' });
    expect(fileContentType('grid', 'nanle.kml')).toEqual({ ok: false, error: 'impErrGridFileType' });
    expect(fileContentType('catalogue', 'old.xls')).toEqual({ ok: false, error: 'impErrXls' });
    expect(fileContentType('devolution', 'grids.geojson')).toEqual({ ok: false, error: 'impErrTableFileType' });
    expect(fileContentType('catalogue', 'noextension')).toEqual({ ok: false, error: 'impErrTableFileType' });
  });

  it('declares only the web-map offsets to the API; a .prj speaks for itself', () => {
    expect(apiCrs('prj')).toBe('WGS84');
    expect(apiCrs('GCJ02')).toBe('GCJ02');
    expect(defaultCrs('a.zip')).toBe('prj');
    expect(defaultCrs('a.geojson')).toBe('WGS84');
    expect(uploadPath('grid', '410923000000', 'BD09')).toBe('/imports/grids?county=410923&crs=BD09');
    expect(uploadPath('devolution', '410923000000', 'prj')).toBe('/imports/devolution?county=410923');
    expect(uploadPath('catalogue', '410923000000', 'prj')).toBe('/imports/catalogue');
  });
});

describe('progress, apply and errors', () => {
  it('gives the percent of the phase the API reports', () => {
    expect(phasePercent({ phase: 'topology', done: 10, total: 40 })).toBe(25);
    expect(phasePercent({ phase: 'geometry', done: 0, total: 0 })).toBe(100);
    expect(phasePercent({ phase: 'attributes', done: 5, total: 3 })).toBe(100);
  });

  const grid = (over: Partial<GridImportJob>, ok = true): GridImportJob => ({
    id: 'g',
    kind: 'grid',
    countyCode: '410923000000',
    createdAt: '',
    state: 'checked',
    progress: null,
    baseVersion: 1,
    applied: null,
    report: { ok, countyCode: '410923000000', sourceCrs: 'EPSG:4326', counts: null, problemCount: { error: ok ? 0 : 1, warning: 3 }, problems: [], changes: null },
    ...over,
  });

  it('enables Apply only for a finished check the API calls ok, not yet applied (warnings do not block)', () => {
    expect(canApply(grid({}))).toBe(true);
    expect(canApply(grid({}, false))).toBe(false);
    expect(canApply(grid({ state: 'checking', report: null }))).toBe(false);
    expect(canApply(grid({ state: 'failed' }, false))).toBe(false);
    expect(canApply(grid({ applied: { version: 2, appliedAt: '', appliedBy: 'x', seq: 1 } }))).toBe(false);
    const table: TableImportJob = { id: 't', kind: 'catalogue', countyCode: null, createdAt: '', state: 'checked', applied: null, report: { ok: true, format: 'csv', sheet: null, rows: 3, problemCount: { error: 0, warning: 1 }, problems: [], summary: {} } };
    expect(canApply(table)).toBe(true);
    expect(canApply(null)).toBe(false);
  });

  it('turns every error code the import calls send into a message in both languages', () => {
    for (const code of ['IMPORT_STALE', 'IMPORT_HAS_ERRORS', 'IMPORT_ALREADY_APPLIED', 'IMPORT_NOT_READY', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'NETWORK', 'SOMETHING_ELSE']) {
      const key = errorKey(code);
      expect(MESSAGES['zh-CN'][key]).toMatch(/\p{Script=Han}/u);
      expect(MESSAGES.en[key]).toBeTruthy();
    }
    expect(errorKey('IMPORT_STALE')).toBe('impErrStale');
    expect(errorKey('SOMETHING_ELSE')).toBe('impErrOther');
  });

  it('frames a drawing by all its coordinates', () => {
    expect(
      collectionBbox({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 5], [1, 2]]] } },
          { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[[-1, 0], [0, 0], [0, 1], [-1, 0]]]] } },
        ],
      }),
    ).toEqual([-1, 0, 3, 5]);
    expect(collectionBbox({ type: 'FeatureCollection', features: [] })).toBeNull();
  });
});
