import { z } from 'zod';
import type { Role } from '../domain/capabilities.ts';
import type { UnitKind } from '../domain/unit.ts';

/** GET /api/v1/directory?county=: who is who in a county, so screens show names, not ids. */
export const directoryQuerySchema = z.strictObject({
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923'),
});

export interface DirectoryUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
}

export interface DirectoryOfficer {
  id: string;
  name: string;
  unitId: string;
}

export interface DirectoryUser {
  userId: string;
  displayName: string;
  role: Role;
  unitId?: string;
}

export interface DirectoryResponse {
  countyCode: string;
  units: DirectoryUnit[];
  officers: DirectoryOfficer[];
  /** Accounts of the county (and county-less admins): the actors named in histories and the audit trail. */
  users: DirectoryUser[];
}
