import { Router } from 'express';
import { eventsPageSchema, eventsQuerySchema } from '../../shared/protocol/event-log.ts';
import type { ReplayService } from '../services/replay-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

/** The event log over REST: the same ordered events a reconnecting socket is replayed. */
export function eventsRoutes(replay: ReplayService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/events', guards.requireAuth, async (req, res) => {
    const q = parse(eventsQuerySchema, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await replay.visibleAfter(actorOf(res), q.after, q.limit));
  });
  return router;
}

export const eventsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/events',
    summary: 'Events after a sequence number, oldest first, as far as the caller may see them (the socket replay over REST)',
    tags: ['realtime'],
    auth: true,
    query: eventsQuerySchema,
    responses: { 200: { description: 'a page; pass `next` as `after` until it is null', schema: eventsPageSchema } },
  },
];
