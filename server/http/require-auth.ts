import type { Request, RequestHandler, Response } from 'express';
import { PERMISSIONS, decide, resolveJurisdiction, type Actor, type Capability, type Jurisdiction, type OrgConfigs, type Scope } from '../../shared/domain/capabilities.ts';
import { bearerToken, type AuthService } from '../services/auth-service.ts';
import { DomainError } from '../services/domain-error.ts';

/** Set by requireAuth. */
interface AuthLocals {
  actor?: Actor;
}

/** The signed-in actor of a request that went through requireAuth. */
export function actorOf(res: Response): Actor {
  const actor = (res.locals as AuthLocals).actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login');
  return actor;
}

export interface AuthGuards {
  /** Bearer token → res.locals.actor, or 401 UNAUTHENTICATED saying why. */
  requireAuth: RequestHandler;
  /** 403 FORBIDDEN naming the capability and scope unless the actor may act there. */
  requireCapability(capability: Capability, scopeOf: (req: Request, res: Response) => Scope | Promise<Scope>): RequestHandler;
  /** 403 FORBIDDEN unless the role holds the capability somewhere (before filtering a list by scope). */
  assertHolds(actor: Actor, capability: Capability): void;
  /** Throws 403 FORBIDDEN (for checks inside a handler, after loading what is acted on). */
  assertCan(actor: Actor, capability: Capability, scope: Scope): void;
  /** The actor's ground, for filtering lists; throws 403 when the account names unknown places. */
  jurisdictionOf(actor: Actor): Jurisdiction;
  org: OrgConfigs;
}

export function authGuards(auth: AuthService, org: OrgConfigs): AuthGuards {
  const assertCan = (actor: Actor, capability: Capability, scope: Scope) => {
    const decision = decide(actor, capability, scope, org);
    if (!decision.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${decision.message}`);
  };
  return {
    org,
    requireAuth: (req, res, next) => {
      const check = auth.verify(bearerToken(req.get('authorization')));
      if (!check.ok) {
        res.set('WWW-Authenticate', 'Bearer realm="grid-dispatch"');
        throw new DomainError('UNAUTHENTICATED', check.message);
      }
      (res.locals as AuthLocals).actor = check.actor;
      next();
    },
    requireCapability: (capability, scopeOf) => async (req, res, next) => {
      assertCan(actorOf(res), capability, await scopeOf(req, res));
      next();
    },
    assertCan,
    assertHolds(actor, capability) {
      if (PERMISSIONS[actor.role]?.[capability] === undefined) {
        throw new DomainError('FORBIDDEN', `forbidden: role ${actor.role} does not have capability ${capability}`);
      }
    },
    jurisdictionOf(actor) {
      const resolved = resolveJurisdiction(actor, org);
      if (!resolved.ok) throw new DomainError('FORBIDDEN', `forbidden: ${resolved.message}`);
      return resolved.jurisdiction;
    },
  };
}
