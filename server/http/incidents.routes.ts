import { Router } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { incidentIdSchema, incidentsQuerySchema } from '../../shared/protocol/incidents.ts';
import type { Store } from '../repositories/store.ts';
import { DomainError } from '../services/domain-error.ts';
import { parse } from './validate.ts';

/** Read-only views of stored incidents; no service needed since nothing changes. */
export function incidentsRoutes(store: Store): Router {
  const router = Router();
  router.get('/incidents', async (req, res) => {
    const q = parse(incidentsQuerySchema, req.query, 'query');
    const page = await store.listIncidents({
      countyCode: q.county ? normalizeCountyCode(q.county)! : undefined,
      status: q.status,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      limit: q.limit,
      cursor: q.cursor,
    });
    res.json(page);
  });
  router.get('/incidents/:id', async (req, res) => {
    const id = parse(incidentIdSchema, req.params.id, 'incident id');
    const incident = await store.getIncident(id);
    if (!incident) throw new DomainError('NOT_FOUND', `no incident with id ${id}`);
    res.json(incident);
  });
  return router;
}
