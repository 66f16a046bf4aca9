import type { Response } from 'express';
import type { CaseActorContext } from '../services/case-actor.ts';
import { actorOf } from './require-auth.ts';

/**
 * THE seam between sign-in and the case workflow: who is acting on a case. Today it is the actor
 * `requireAuth` resolved from the Bearer token (role, county, township and unit always come from
 * the account, never from the request). Swap the source here and every workflow route follows.
 */
export function caseActorOf(res: Response): CaseActorContext {
  return actorOf(res);
}
