import type { ImportOptions } from '../../shared/protocol/imports.ts';
import { Router, raw, type Request, type Response } from 'express';
import { z } from 'zod';
import { can, type Actor } from '../../shared/domain/capabilities.ts';
import { catalogueRows } from '../../shared/domain/catalogue-import.ts';
import { csvText } from '../../shared/csv/csv-writer.ts';
import { IMPORT_LIMITS } from '../services/import/import-limits.ts';
import { devolutionRows } from '../../shared/domain/devolution-import.ts';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { DomainError } from '../services/domain-error.ts';
import type { GridService } from '../services/grid-service.ts';
import type { GridImportService } from '../services/import/grid-import-service.ts';
import { DECLARED_CRS } from '../services/import/grid-upload.ts';
import type { ImportApplier, ImportJob } from '../services/import/import-applier.ts';
import type { TableImportService } from '../services/import/table-import-service.ts';
import { tableKindOf } from '../services/import/table-upload.ts';
import type { VersionLog } from '../services/import/version-log.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

const countyCode = z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923');
const gridImportQuery = z.strictObject({ county: countyCode, crs: z.enum(DECLARED_CRS).default('WGS84') });
const countyQuery = z.strictObject({ county: countyCode });
const importIdParams = z.object({ id: z.string().min(1) });

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const GEOJSON_TYPES = ['application/geo+json', 'application/json'];
const TABLE_HINT = 'send CSV (Content-Type: text/csv, UTF-8) or an XLSX workbook (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)';

export interface ImportsDeps {
  gridImports: GridImportService;
  tableImports: TableImportService;
  applier: ImportApplier;
  versions: VersionLog;
  grids: GridService;
  guards: AuthGuards;
}

function bodyBytes(req: Request): Uint8Array {
  const body = req.body as Buffer | undefined;
  if (!body || !Buffer.isBuffer(body) || body.length === 0) throw new DomainError('VALIDATION_FAILED', 'the request body is empty: upload the file as the body');
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * Validate-then-apply for the rules routing uses (issue 8): county grids (GeoJSON or a zipped
 * Shapefile, checked in a worker), the matter catalogue and a county's devolution (CSV or XLSX).
 * An upload only reports; POST /imports/{id}/apply makes it the next version. Everything here
 * needs config:manage; the catalogue is shared by every county, so only a system-wide admin may
 * change it.
 */
export function importsRoutes({ gridImports, tableImports, applier, versions, grids, guards }: ImportsDeps): Router {
  const router = Router();
  const servedCounty = (code: string) => {
    const county = normalizeCountyCode(code)!;
    if (!grids.hasCounty(county)) throw new DomainError('UNKNOWN_COUNTY', `county ${code} is not served here; GET /api/v1/counties lists the ones that are`);
    return county;
  };
  const assertSystemWide = (actor: Actor) => {
    guards.assertHolds(actor, 'config:manage');
    if (guards.jurisdictionOf(actor).countyCode !== null) {
      throw new DomainError('FORBIDDEN', `forbidden: the matter catalogue is shared by every county; only a system-wide admin may import it (${actor.username} manages ${actor.countyCode})`);
    }
  };
  const assertMayManage = (res: Response, job: ImportJob) => {
    const actor = actorOf(res);
    if (job.countyCode === null) assertSystemWide(actor);
    else guards.assertCan(actor, 'config:manage', { countyCode: job.countyCode });
  };
  // Sign-in comes before the body is read: an anonymous caller never gets to upload anything.
  const upload = (limit: string | number) => raw({ type: () => true, limit });

  router.post('/imports/grids', guards.requireAuth, upload(IMPORT_LIMITS.bodyBytes), (req, res) => {
    const q = parse(gridImportQuery, req.query, 'query');
    const county = servedCounty(q.county);
    guards.assertCan(actorOf(res), 'config:manage', { countyCode: county });
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const kind = ZIP_TYPES.includes(type) ? 'zip' : GEOJSON_TYPES.includes(type) ? 'geojson' : null;
    if (!kind) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send GeoJSON (Content-Type: application/geo+json) or a zipped Shapefile with its .prj (Content-Type: application/zip)');
    }
    const job = gridImports.start(county, bodyBytes(req), kind, q.crs);
    res.status(202).location(`${req.baseUrl}/imports/${job.id}`).json(job);
  });

  router.post('/imports/catalogue', guards.requireAuth, upload('20mb'), async (req, res) => {
    assertSystemWide(actorOf(res));
    const format = tableKindOf(req.get('content-type'));
    if (!format) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', TABLE_HINT);
    const job = await tableImports.check('catalogue', null, bodyBytes(req), format);
    res.status(201).location(`${req.baseUrl}/imports/${job.id}`).json(job);
  });

  router.post('/imports/devolution', guards.requireAuth, upload('20mb'), async (req, res) => {
    const county = servedCounty(parse(countyQuery, req.query, 'query').county);
    guards.assertCan(actorOf(res), 'config:manage', { countyCode: county });
    if (!grids.jurisdiction.configs.has(county)) throw new DomainError('UNKNOWN_COUNTY', `county ${county} has no configuration to import a devolution into`);
    const format = tableKindOf(req.get('content-type'));
    if (!format) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', TABLE_HINT);
    const job = await tableImports.check('devolution', county, bodyBytes(req), format);
    res.status(201).location(`${req.baseUrl}/imports/${job.id}`).json(job);
  });

  // What the signed-in account may import, so the import page offers only that.
  router.get('/imports/options', guards.requireAuth, (_req, res) => {
    const actor = actorOf(res);
    const configs = grids.jurisdiction.configs;
    const counties = grids.counties
      .filter((c) => can(actor, 'config:manage', { countyCode: c.code }, guards.org))
      .map((c) => ({ code: c.code, name: c.name, bbox: c.bbox, devolution: configs.has(c.code) }));
    let catalogue = false;
    try {
      assertSystemWide(actor);
      catalogue = true;
    } catch {
      // Only a system-wide admin imports the shared catalogue.
    }
    const options: ImportOptions = { counties, catalogue, crs: [...DECLARED_CRS] };
    res.set('Cache-Control', 'no-store').json(options);
  });

  const findJob = (req: Request, res: Response) => {
    const { id } = parse(importIdParams, req.params, 'path');
    const job = applier.find(id);
    if (!job) throw new DomainError('NOT_FOUND', `no import ${id}; imports are kept in memory on the server that checked them, for the last 20 uploads of each kind`);
    assertMayManage(res, job);
    return job;
  };

  router.get('/imports/:id', guards.requireAuth, (req, res) => {
    res.set('Cache-Control', 'no-store').json(findJob(req, res));
  });

  // The uploaded polygons (WGS84, as decoded), so the page can draw them under the report's problem locations.
  router.get('/imports/:id/features', guards.requireAuth, (req, res) => {
    const job = findJob(req, res);
    if (job.kind !== 'grid') throw new DomainError('NOT_FOUND', `import ${job.id} is a ${job.kind} table: it has no polygons to draw`);
    const drawing = gridImports.drawing(job.id);
    if (!drawing || drawing.state === 'pending') throw new DomainError('IMPORT_NOT_READY', `import ${job.id} is still being read; ask again in a moment`);
    if (drawing.state === 'none') {
      throw new DomainError(
        'NOT_FOUND',
        drawing.reason === 'unreadable'
          ? `import ${job.id}: the file could not be read, so there are no polygons to draw; its report says why`
          : `import ${job.id}: only the newest uploads keep their polygons for drawing; upload the file again to see it on the map`,
      );
    }
    res.set('Cache-Control', 'no-store').type('application/geo+json').send(drawing.json);
  });

  router.post('/imports/:id/apply', guards.requireAuth, async (req, res) => {
    const job = findJob(req, res);
    const applied = await applier.apply(job, actorOf(res));
    res.json({ id: job.id, kind: job.kind, countyCode: job.countyCode, ...applied });
  });

  // Version history (who applied what, when) is configuration metadata: for those who manage the county's configuration.
  const managedCounty = (req: Request, res: Response): string => {
    const county = servedCounty(parse(countyQuery, req.query, 'query').county);
    guards.assertCan(actorOf(res), 'config:manage', { countyCode: county });
    return county;
  };

  router.get('/grid-versions', guards.requireAuth, (req, res) => {
    const county = managedCounty(req, res);
    res.set('Cache-Control', 'no-store').json({ countyCode: county, current: grids.version(county).grid, versions: versions.gridVersions(county) });
  });

  router.get('/jurisdiction-versions', guards.requireAuth, (req, res) => {
    const county = managedCounty(req, res);
    const current = grids.version(county);
    res.set('Cache-Control', 'no-store').json({
      countyCode: county,
      current: { catalogue: current.catalogue, config: current.config },
      catalogue: versions.catalogueVersions(),
      config: versions.configVersions(county),
    });
  });

  // The import formats, filled with what is served now: edit and upload them back.
  router.get('/exports/catalogue.csv', (_req, res) => {
    res.type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="matters.csv"').send(csvText(catalogueRows(grids.jurisdiction.catalogue.matters)));
  });
  router.get('/exports/devolution.csv', (req, res) => {
    const county = servedCounty(parse(countyQuery, req.query, 'query').county);
    const config = grids.jurisdiction.configs.get(county);
    if (!config) throw new DomainError('UNKNOWN_COUNTY', `county ${county} has no configuration`);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="devolution-${county.slice(0, 6)}.csv"`).send(csvText(devolutionRows(config)));
  });
  return router;
}

const tableBody = z.string().describe('CSV (UTF-8, header row) or an XLSX workbook (first sheet, header row)');

export const importsOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/imports/grids',
    summary: 'Upload a county grid (GeoJSON or zipped Shapefile with .prj) to check it; 202, poll the job for progress and the report',
    tags: ['imports'],
    query: gridImportQuery,
    body: z.string().describe('GeoJSON FeatureCollection or a zip holding one Shapefile'),
    bodyContentType: 'application/zip',
    auth: true,
    responses: { 202: { description: 'GridImportJob (state checking)' }, 403: { description: 'FORBIDDEN: needs config:manage in the county' }, 415: { description: 'UNSUPPORTED_MEDIA_TYPE' } },
  },
  {
    method: 'post',
    path: '/imports/catalogue',
    summary: 'Upload the matter catalogue (CSV or XLSX) to check it; the report names each problem by row, column and cell. Nothing changes',
    tags: ['imports'],
    body: tableBody,
    bodyContentType: 'text/csv',
    auth: true,
    responses: { 201: { description: 'TableImportJob with its report' }, 403: { description: 'FORBIDDEN: only a system-wide admin' }, 415: { description: 'UNSUPPORTED_MEDIA_TYPE' } },
  },
  {
    method: 'post',
    path: '/imports/devolution',
    summary: "Upload a county's devolution batches (CSV or XLSX: kind, id, name, effective_from, effective_to, township_code, matter_code, note) to check them. Nothing changes",
    tags: ['imports'],
    query: countyQuery,
    body: tableBody,
    bodyContentType: 'text/csv',
    auth: true,
    responses: { 201: { description: 'TableImportJob with its report' }, 403: { description: 'FORBIDDEN: needs config:manage in the county' } },
  },
  {
    method: 'get',
    path: '/imports/options',
    summary: 'What the signed-in account may import: the counties it manages (grids; devolution where the county has a configuration), whether it may import the shared matter catalogue, and the declarable CRS',
    tags: ['imports'],
    auth: true,
    responses: { 200: { description: '{counties: [{code, name, bbox, devolution}], catalogue, crs}' } },
  },
  {
    method: 'get',
    path: '/imports/{id}/features',
    summary: 'The polygons of a grid upload as decoded to WGS84 (broken ones included, as far as they can be drawn), with index, code, name, level and parentCode; kept for the newest 3 grid uploads',
    tags: ['imports'],
    params: importIdParams,
    auth: true,
    responses: {
      200: { description: 'GeoJSON FeatureCollection', contentType: 'application/geo+json' },
      404: { description: 'NOT_FOUND: no such import, a table import, an unreadable file, or polygons no longer kept' },
      409: { description: 'IMPORT_NOT_READY: the file is still being read' },
    },
  },
  {
    method: 'get',
    path: '/imports/{id}',
    summary: 'An import: progress while a grid is checked, then its report, and the version it became once applied',
    tags: ['imports'],
    params: importIdParams,
    auth: true,
    responses: { 200: { description: 'GridImportJob or TableImportJob' }, 404: { description: 'NOT_FOUND' } },
  },
  {
    method: 'post',
    path: '/imports/{id}/apply',
    summary: 'Apply a checked import as the next version, atomically (one event on the log); every server swaps it in',
    tags: ['imports'],
    params: importIdParams,
    auth: true,
    responses: {
      200: { description: '{id, kind, countyCode, version, appliedAt, appliedBy, seq}' },
      409: { description: 'IMPORT_STALE (another version was applied since the check), IMPORT_NOT_READY, IMPORT_ALREADY_APPLIED' },
      422: { description: 'IMPORT_HAS_ERRORS' },
    },
  },
  {
    method: 'get',
    path: '/grid-versions',
    summary: "A county's grid versions: version, appliedAt, appliedBy, sourceHash, feature counts (1 = the data files)",
    tags: ['imports'],
    query: countyQuery,
    auth: true,
    responses: { 200: { description: '{countyCode, current, versions}' } },
  },
  {
    method: 'get',
    path: '/jurisdiction-versions',
    summary: "Versions of the matter catalogue and of a county's configuration",
    tags: ['imports'],
    query: countyQuery,
    auth: true,
    responses: { 200: { description: '{countyCode, current: {catalogue, config}, catalogue, config}' } },
  },
  {
    method: 'get',
    path: '/exports/catalogue.csv',
    summary: 'The matter catalogue served now, in the import format (data/catalogue/matters.csv)',
    tags: ['exports'],
    responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
  },
  {
    method: 'get',
    path: '/exports/devolution.csv',
    summary: "A county's devolution batches served now, in the import format",
    tags: ['exports'],
    query: countyQuery,
    responses: { 200: { description: 'CSV', contentType: 'text/csv' } },
  },
];
