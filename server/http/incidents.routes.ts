import { Router } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { incidentIdSchema, incidentsQuerySchema } from '../../shared/protocol/incidents.ts';
import type { Store } from '../repositories/store.ts';
import { can } from '../../shared/domain/capabilities.ts';
import { DomainError } from '../services/domain-error.ts';
import { incidentScope, listVisibleIncidents } from '../services/scoped-incidents.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

/**
 * Read-only views of stored incidents (capability case:read). A list shows only what is inside the
 * actor's scope (filtered, not refused); a single incident outside it is 403.
 */
export function incidentsRoutes(store: Store, guards: AuthGuards): Router {
  const router = Router();
  router.get('/incidents', guards.requireAuth, async (req, res) => {
    const q = parse(incidentsQuerySchema, req.query, 'query');
    const actor = actorOf(res);
    guards.assertHolds(actor, 'case:read');
    const ground = guards.jurisdictionOf(actor);
    const asked = q.county ? normalizeCountyCode(q.county)! : undefined;
    // Outside the actor's county there is nothing to see: an empty list, not an error.
    if (ground.countyCode !== null && asked !== undefined && asked !== ground.countyCode) {
      res.json({ items: [], next: null });
      return;
    }
    const query = {
      countyCode: asked ?? ground.countyCode ?? undefined,
      status: q.status,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      limit: q.limit,
      cursor: q.cursor,
    };
    const page = ground.countyWide ? await store.listIncidents(query) : await listVisibleIncidents(store, query, (incident) => can(actor, 'case:read', incidentScope(incident), guards.org, ground));
    res.json(page);
  });
  router.get('/incidents/:id', guards.requireAuth, async (req, res) => {
    const id = parse(incidentIdSchema, req.params.id, 'incident id');
    const incident = await store.getIncident(id);
    if (!incident) throw new DomainError('NOT_FOUND', `no incident with id ${id}`);
    guards.assertCan(actorOf(res), 'case:read', incidentScope(incident));
    res.json(incident);
  });
  return router;
}

export const incidentsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/incidents',
    summary: 'Stored incidents, newest first, keyset-paged',
    tags: ['incidents'],
    query: incidentsQuerySchema,
    responses: { 200: { description: '{items, next}' } },
  },
  {
    method: 'get',
    path: '/incidents/{id}',
    summary: 'One incident with its route and dispatch orders',
    tags: ['incidents'],
    params: z.object({ id: incidentIdSchema }),
    responses: { 200: { description: 'IncidentWithOrders' }, 404: { description: 'NOT_FOUND' } },
  },
];
