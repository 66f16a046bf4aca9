import { Router, type Request, type Response } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { gridsQuerySchema } from '../../shared/protocol/reports.ts';
import { incidentsQuerySchema } from '../../shared/protocol/incidents.ts';
import type { IncidentPage, IncidentQuery, Store } from '../repositories/store.ts';
import { DomainError } from '../services/domain-error.ts';
import type { GridSource } from '../services/ogc-features-service.ts';
import { INCIDENT_COLUMNS, incidentFeature, incidentRow } from '../services/ogc-incident-features.ts';
import type { AuthGuards } from './require-auth.ts';
import { incidentAccess } from './standards-access.ts';
import { parse } from './validate.ts';

/** The list endpoint's filters, without paging: an export holds every match. */
const exportQuerySchema = incidentsQuerySchema.omit({ limit: true, cursor: true });

const PAGE = 500;

/**
 * A spreadsheet must not run what a reporter typed: text cells starting like a formula are
 * prefixed with an apostrophe (OWASP CSV injection). Numbers are written as they are.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Waits when the socket's buffer is full, so a large export never sits in memory whole. */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

/**
 * Streams every stored page. The first page is read before any byte is sent, so a failing store
 * still gets a proper error response; a failure later can only cut the download short.
 */
async function streamPages(
  store: Store,
  query: Omit<IncidentQuery, 'limit' | 'cursor'>,
  res: Response,
  out: { start: () => void; each: (page: IncidentPage) => Promise<void>; end: string },
): Promise<void> {
  let page = await store.listIncidents({ ...query, limit: PAGE });
  out.start();
  try {
    for (;;) {
      await out.each(page);
      if (!page.next) break;
      page = await store.listIncidents({ ...query, limit: PAGE, cursor: page.next });
    }
    res.end(out.end);
  } catch (error) {
    console.error('[exports] stream broken:', error);
    res.destroy(error as Error);
  }
}

export function exportsRoutes(store: Store, grids: GridSource, guards: AuthGuards): Router {
  const router = Router();
  /** A county's whole grid, all four levels in one collection (the data/grids file format, and what the grid import reads). */
  router.get('/exports/grids.geojson', (req, res) => {
    const q = parse(gridsQuerySchema.pick({ county: true }), req.query, 'query');
    const county = normalizeCountyCode(q.county)!;
    const features = grids.features(county);
    if (!features) throw new DomainError('UNKNOWN_COUNTY', `county ${q.county} is not served here; GET /api/v1/counties lists the ones that are`);
    res
      .type('application/geo+json')
      .set('Content-Disposition', `attachment; filename="grids-${county.slice(0, 6)}.geojson"`)
      .send(JSON.stringify({ type: 'FeatureCollection', features }));
  });
  /** The list endpoint's filters and scope rule: outside the caller's county there is nothing (an empty file). */
  const filters = (req: Request, res: Response) => {
    const q = parse(exportQuerySchema, req.query, 'query');
    const access = incidentAccess(guards, req, res);
    const asked = q.county ? normalizeCountyCode(q.county)! : undefined;
    const outside = access.countyCode !== null && asked !== undefined && asked !== access.countyCode;
    const visible = outside ? () => false : access.visible;
    return {
      visible,
      query: {
        countyCode: asked ?? access.countyCode ?? undefined,
        status: q.status,
        from: q.from ? new Date(q.from).toISOString() : undefined,
        to: q.to ? new Date(q.to).toISOString() : undefined,
      },
      label: ['incidents', q.county?.slice(0, 6), q.status].filter(Boolean).join('-'),
    };
  };

  router.get('/exports/incidents.csv', async (req, res) => {
    const { query, label, visible } = filters(req, res);
    await streamPages(store, query, res, {
      start: () => {
        res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${label}.csv"`).set('Cache-Control', 'no-store');
        // The BOM makes Excel read UTF-8, so Chinese names and descriptions open correctly.
        res.write(`\uFEFF${INCIDENT_COLUMNS.join(',')}\r\n`);
      },
      each: async (page) => {
        const items = page.items.filter(visible);
        if (items.length === 0) return;
        const lines = items.map((i) => {
          const row = incidentRow(i);
          return INCIDENT_COLUMNS.map((c) => csvCell(row[c])).join(',');
        });
        await write(res, `${lines.join('\r\n')}\r\n`);
      },
      end: '',
    });
  });

  router.get('/exports/incidents.geojson', async (req, res) => {
    const { query, label, visible } = filters(req, res);
    let first = true;
    await streamPages(store, query, res, {
      start: () => {
        res.status(200).type('application/geo+json').set('Content-Disposition', `attachment; filename="${label}.geojson"`).set('Cache-Control', 'no-store');
        res.write('{"type":"FeatureCollection","features":[\n');
      },
      each: async (page) => {
        const items = page.items.filter(visible);
        if (items.length === 0) return;
        const body = items.map((i) => JSON.stringify(incidentFeature(i))).join(',\n');
        await write(res, `${first ? '' : ',\n'}${body}`);
        first = false;
      },
      end: '\n]}\n',
    });
  });
  return router;
}
