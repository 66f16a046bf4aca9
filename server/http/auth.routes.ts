import type { OperationDoc } from './api-docs.ts';
import { Router, json } from 'express';
import { actorPlaces } from '../../shared/domain/actor-places.ts';
import { capabilitiesOf, type Actor, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import { loginRequestSchema, type DemoAccountsResponse, type LoginResponse, type MeResponse } from '../../shared/protocol/auth.ts';
import { bearerToken, type AuthService } from '../services/auth-service.ts';
import { unitsActedFor } from '../services/case-actor.ts';
import { DEMO_PASSWORD, demoAccountList } from '../services/demo-accounts.ts';
import { DomainError } from '../services/domain-error.ts';
import type { AuthGuards } from './require-auth.ts';
import { actorOf } from './require-auth.ts';
import { sendError } from './errors.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  guards: AuthGuards;
  org: OrgConfigs;
  /** Demo mode: the seeded accounts, listed at GET /demo/accounts. Absent outside demo mode: no such endpoint. */
  demoActors?: readonly Actor[];
}

export function authRoutes({ auth, guards, org, demoActors }: AuthRoutesDeps): Router {
  const router = Router();
  router.post('/auth/login', requireJson, json({ limit: '4kb', strict: true }), async (req, res) => {
    const input = parse(loginRequestSchema, req.body, 'sign-in');
    const outcome = await auth.login(input.username, input.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.set('Cache-Control', 'no-store');
    if (!outcome.ok) {
      if (outcome.code === 'TOO_MANY_ATTEMPTS') {
        res.set('Retry-After', String(outcome.retryAfterSeconds));
        return sendError(res, outcome.code, outcome.message, undefined, undefined, { seconds: outcome.retryAfterSeconds });
      }
      return sendError(res, outcome.code, outcome.message);
    }
    const body: LoginResponse = { token: outcome.token, expiresAt: outcome.expiresAt, actor: outcome.actor };
    res.json(body);
  });
  router.post('/auth/refresh', guards.requireAuth, (req, res) => {
    const outcome = auth.renew(bearerToken(req.get('authorization')));
    res.set('Cache-Control', 'no-store');
    if (!outcome.ok) return sendError(res, outcome.code, outcome.message);
    const body: LoginResponse = { token: outcome.token, expiresAt: outcome.expiresAt, actor: outcome.actor };
    res.json(body);
  });
  router.get('/auth/me', guards.requireAuth, (req, res) => {
    const actor = actorOf(res);
    const check = auth.verify(bearerToken(req.get('authorization')));
    if (!check.ok) throw new DomainError('UNAUTHENTICATED', check.message);
    const ground = guards.jurisdictionOf(actor);
    const config = actor.countyCode ? org.get(actor.countyCode) : undefined;
    const body: MeResponse = {
      actor,
      capabilities: capabilitiesOf(actor.role),
      scope: {
        countyCode: ground.countyCode,
        countyWide: ground.countyWide,
        townshipCodes: [...ground.townshipCodes],
        villageCodes: [...ground.villageCodes],
        unitIds: [...ground.unitIds],
        actsFor: config ? unitsActedFor(actor, config) : [],
      },
      places: actorPlaces(actor, org),
      expiresAt: check.expiresAt,
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  if (demoActors) {
    const body: DemoAccountsResponse = { password: DEMO_PASSWORD, accounts: demoAccountList(demoActors, org) };
    router.get('/demo/accounts', (_req, res) => {
      res.json(body);
    });
  }
  return router;
}

export const authOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in: a bearer token for REST and the socket.io handshake',
    tags: ['auth'],
    body: loginRequestSchema,
    responses: { 200: { description: '{token, expiresAt, actor}' }, 401: { description: 'UNAUTHENTICATED' }, 429: { description: 'TOO_MANY_ATTEMPTS (Retry-After)' } },
  },
  {
    method: 'post',
    path: '/auth/refresh',
    summary: 'Renew a valid token before it expires (same lifetime as a sign-in; walls renew their display token this way)',
    tags: ['auth'],
    auth: true,
    responses: { 200: { description: '{token, expiresAt, actor}' }, 401: { description: 'UNAUTHENTICATED: missing, expired or unknown token' } },
  },
  { method: 'get', path: '/auth/me', summary: 'Who the token belongs to', tags: ['auth'], auth: true, responses: { 200: { description: 'the actor' } } },
  {
    method: 'get',
    path: '/demo/accounts',
    summary: 'Demo mode only: the seeded accounts for every role in every seed county',
    tags: ['auth'],
    responses: { 200: { description: 'accounts and the published demo password' } },
  },
];
