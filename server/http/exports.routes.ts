import { csvCell } from '../../shared/csv/csv-writer.ts';
import { Router, type Request, type Response } from 'express';
import type { CaseEvent } from '../../shared/domain/case-lifecycle.ts';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { gridsQuerySchema } from '../../shared/protocol/reports.ts';
import { incidentsQuerySchema } from '../../shared/protocol/incidents.ts';
import type { IncidentPage, IncidentQuery, IncidentWithOrders, Store } from '../repositories/store.ts';
import { DomainError } from '../services/domain-error.ts';
import type { GridSource } from '../services/ogc-features-service.ts';
import { INCIDENT_COLUMNS, incidentFeature, incidentRow } from '../services/ogc-incident-features.ts';
import type { OperationDoc } from './api-docs.ts';
import type { AuthGuards } from './require-auth.ts';
import { incidentAccess } from './standards-access.ts';
import { parse } from './validate.ts';

/** The list endpoint's filters, without paging: an export holds every match. */
const exportQuerySchema = incidentsQuerySchema.omit({ limit: true, cursor: true });

const PAGE = 500;


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

/** One step of a case's status history, as exported. */
interface HistoryStep {
  at: string;
  action: CaseEvent['type'];
  from: CaseEvent['from'];
  to: CaseEvent['to'];
  actorId: string;
  actorUnitId: string;
  reason?: string;
  targetUnitId?: string;
}

/**
 * Every case's status history in one pass over the event log (case:transitioned), instead of one
 * query per case. Events of cases received before `from` cannot belong to the export.
 */
async function caseHistories(store: Store, countyCode: string | undefined, from: string | undefined): Promise<Map<string, HistoryStep[]>> {
  const histories = new Map<string, HistoryStep[]>();
  for (let afterSeq = 0; ; ) {
    const events = await store.audit({ countyCode, from, afterSeq, limit: 1000 });
    for (const e of events) {
      if (e.type !== 'case:transitioned') continue;
      const { incidentId, event } = e.payload as { incidentId: string; event: CaseEvent };
      const step: HistoryStep = { at: event.at, action: event.type, from: event.from, to: event.to, actorId: event.actorId, actorUnitId: event.actorUnitId };
      if (event.reason) step.reason = event.reason;
      if (event.targetUnitId) step.targetUnitId = event.targetUnitId;
      const list = histories.get(incidentId) ?? [];
      list.push(step);
      histories.set(incidentId, list);
    }
    const last = events[events.length - 1];
    if (!last || events.length < 1000) return histories;
    afterSeq = last.seq;
  }
}

const CASE_COLUMNS = ['holderId', 'assigneeId', 'officerIds', 'lastEventAt', 'caseVersion', 'gridVersion', 'history'] as const;

/** The case columns beside the incident's: who holds it now, and its history as `at action from→to (unit)` steps joined by ' | '. */
function caseRow(i: IncidentWithOrders, history: readonly HistoryStep[]): Record<(typeof CASE_COLUMNS)[number], string | number | null> {
  return {
    holderId: i.case?.holderId ?? null,
    assigneeId: i.case?.assigneeId ?? null,
    officerIds: i.case?.officerIds.join(',') ?? '',
    lastEventAt: i.case?.lastEventAt ?? null,
    caseVersion: i.case?.version ?? null,
    gridVersion: i.route.versions?.grid ?? null,
    history: history.map((h) => `${h.at} ${h.action} ${h.from}→${h.to} (${h.actorUnitId})${h.reason ? ` ${h.reason}` : ''}`).join(' | '),
  };
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

  router.get('/exports/cases.csv', async (req, res) => {
    const { query, label, visible } = filters(req, res);
    const histories = await caseHistories(store, query.countyCode, query.from);
    await streamPages(store, query, res, {
      start: () => {
        res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${label.replace(/^incidents/, 'cases')}.csv"`).set('Cache-Control', 'no-store');
        res.write(`\uFEFF${[...INCIDENT_COLUMNS, ...CASE_COLUMNS].join(',')}\r\n`);
      },
      each: async (page) => {
        const items = page.items.filter(visible);
        if (items.length === 0) return;
        const lines = items.map((i) => {
          const row = { ...incidentRow(i), ...caseRow(i, histories.get(i.id) ?? []) };
          return [...INCIDENT_COLUMNS, ...CASE_COLUMNS].map((c) => csvCell(row[c])).join(',');
        });
        await write(res, `${lines.join('\r\n')}\r\n`);
      },
      end: '',
    });
  });

  router.get('/exports/cases.geojson', async (req, res) => {
    const { query, label, visible } = filters(req, res);
    const histories = await caseHistories(store, query.countyCode, query.from);
    let first = true;
    await streamPages(store, query, res, {
      start: () => {
        res.status(200).type('application/geo+json').set('Content-Disposition', `attachment; filename="${label.replace(/^incidents/, 'cases')}.geojson"`).set('Cache-Control', 'no-store');
        res.write('{"type":"FeatureCollection","features":[\n');
      },
      each: async (page) => {
        const items = page.items.filter(visible);
        if (items.length === 0) return;
        const body = items
          .map((i) => {
            const feature = incidentFeature(i);
            const { history: _flat, ...kase } = caseRow(i, []);
            return JSON.stringify({ ...feature, properties: { ...feature.properties, ...kase, history: histories.get(i.id) ?? [] } });
          })
          .join(',\n');
        await write(res, `${first ? '' : ',\n'}${body}`);
        first = false;
      },
      end: '\n]}\n',
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

export const exportsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/exports/grids.geojson',
    summary: "A county's whole grid, all four levels (the format the grid import reads)",
    tags: ['exports'],
    query: gridsQuerySchema.pick({ county: true }),
    responses: { 200: { description: 'GeoJSON FeatureCollection', contentType: 'application/geo+json' } },
  },
  ...(['incidents', 'cases'] as const).flatMap((what): OperationDoc[] =>
    (['csv', 'geojson'] as const).map((format) => ({
      method: 'get',
      path: `/exports/${what}.${format}`,
      summary:
        what === 'incidents'
          ? `Every stored incident matching the list filters, as ${format === 'csv' ? 'CSV (UTF-8 with BOM)' : 'GeoJSON'}; only what the caller may read`
          : `Every case matching the list filters with who holds it and its status history, as ${format === 'csv' ? 'CSV (history in one column)' : 'GeoJSON (history as an array)'}`,
      tags: ['exports'],
      query: exportQuerySchema,
      auth: true,
      responses: { 200: { description: format === 'csv' ? 'CSV' : 'GeoJSON FeatureCollection of points', contentType: format === 'csv' ? 'text/csv' : 'application/geo+json' } },
    })),
  ),
];
