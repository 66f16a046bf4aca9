import { Router } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { incidentIdSchema, incidentsQuerySchema, queueCountsQuerySchema, type QueueCountsResponse } from '../../shared/protocol/incidents.ts';
import type { Actor } from '../../shared/domain/capabilities.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { CaseQueueService } from '../services/case-queue-service.ts';
import type { Store } from '../repositories/store.ts';
import { can } from '../../shared/domain/capabilities.ts';
import { emptyQueueCounts } from '../../shared/domain/case-queue.ts';
import { DomainError } from '../services/domain-error.ts';
import { incidentScope, listVisibleIncidents } from '../services/scoped-incidents.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

/**
 * Read-only views of stored incidents (capability case:read). A list shows only what is inside the
 * actor's scope (filtered, not refused); a single incident outside it is 403.
 */
export function incidentsRoutes(store: Store, guards: AuthGuards, queues: CaseQueueService): Router {
  const router = Router();
  /** The county asked for within the actor's ground (null: nothing to see there) and who may see which case. */
  const scoped = (actor: Actor, county: string | undefined) => {
    guards.assertHolds(actor, 'case:read');
    const ground = guards.jurisdictionOf(actor);
    const asked = county ? normalizeCountyCode(county)! : undefined;
    const outside = ground.countyCode !== null && asked !== undefined && asked !== ground.countyCode;
    const visible = ground.countyWide ? () => true : (incident: Incident) => can(actor, 'case:read', incidentScope(incident), guards.org, ground);
    return { countyCode: outside ? null : (asked ?? ground.countyCode ?? undefined), visible };
  };
  router.get('/incidents', guards.requireAuth, async (req, res) => {
    const q = parse(incidentsQuerySchema, req.query, 'query');
    const { countyCode, visible } = scoped(actorOf(res), q.county);
    // Outside the actor's county there is nothing to see: an empty list, not an error.
    if (countyCode === null) {
      res.json({ items: [], next: null });
      return;
    }
    const query = {
      countyCode,
      status: q.status,
      townshipCode: q.township,
      domain: q.domain,
      source: q.source,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
      limit: q.limit,
      cursor: q.cursor,
    };
    if (q.queue) {
      res.json(await queues.page(q.queue, query, visible));
      return;
    }
    res.json(await listVisibleIncidents(store, query, visible));
  });
  router.get('/incidents/counts', guards.requireAuth, async (req, res) => {
    const q = parse(queueCountsQuerySchema, req.query, 'query');
    const { countyCode, visible } = scoped(actorOf(res), q.county);
    const filter = { countyCode: countyCode ?? undefined, townshipCode: q.township, domain: q.domain, source: q.source };
    const answer = countyCode === null ? { counts: emptyQueueCounts(), at: new Date().toISOString() } : await queues.counts(filter, visible);
    const body: QueueCountsResponse = { ...answer, ackWithinMs: queues.ackWithinMs };
    res.set('Cache-Control', 'no-store').json(body);
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
    summary: 'Stored incidents, newest first, keyset-paged; filtered by queue, township, matter domain, source',
    tags: ['incidents'],
    query: incidentsQuerySchema,
    responses: { 200: { description: '{items, next}' } },
  },
  {
    method: 'get',
    path: '/incidents/counts',
    summary: 'Open cases per dispatch-center queue (new, awaiting acknowledgement, overdue, awaiting review, returned, all) of what the caller may see',
    tags: ['incidents'],
    query: queueCountsQuerySchema,
    responses: { 200: { description: '{counts, at, ackWithinMs}' } },
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
