import { Router } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { directoryQuerySchema } from '../../shared/protocol/directory.ts';
import type { DirectoryService } from '../services/directory-service.ts';
import { DomainError } from '../services/domain-error.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

/** GET /directory?county=: names of the county's units, officers and accounts, for any signed-in person of that county. */
export function directoryRoutes(directory: DirectoryService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/directory', guards.requireAuth, async (req, res) => {
    const q = parse(directoryQuerySchema, req.query, 'query');
    const countyCode = normalizeCountyCode(q.county)!;
    const actor = actorOf(res);
    if (actor.countyCode !== null && actor.countyCode !== countyCode) throw new DomainError('FORBIDDEN', `forbidden: account ${actor.username} belongs to county ${actor.countyCode}, not ${countyCode}`);
    res.set('Cache-Control', 'private, max-age=60').json(await directory.county(countyCode));
  });
  return router;
}

export const directoryOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/directory',
    summary: "Names of a county's units, officers and accounts (so screens show names, not ids)",
    tags: ['auth'],
    auth: true,
    query: directoryQuerySchema,
    responses: { 200: { description: '{countyCode, units, officers, users}' }, 403: { description: 'FORBIDDEN: another county' } },
  },
];
