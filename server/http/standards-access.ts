import type { Request, Response } from 'express';
import { can } from '../../shared/domain/capabilities.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import { incidentScope } from '../services/scoped-incidents.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';

/** What of the stored incidents the caller may read: a county to restrict to, and a per-incident check. */
export interface IncidentAccess {
  /** null: every county. */
  countyCode: string | null;
  visible: (incident: Incident) => boolean;
}

/**
 * Signs the request in (401 without a valid bearer token) and returns what it may read under
 * case:read, the same rule as GET /api/v1/incidents: a county-wide actor sees the county, others
 * only the incidents in their scope.
 */
export function incidentAccess(guards: AuthGuards, req: Request, res: Response): IncidentAccess {
  guards.requireAuth(req, res, () => undefined);
  const actor = actorOf(res);
  guards.assertHolds(actor, 'case:read');
  const ground = guards.jurisdictionOf(actor);
  return {
    countyCode: ground.countyCode,
    visible: ground.countyWide ? () => true : (incident) => can(actor, 'case:read', incidentScope(incident), guards.org, ground),
  };
}
