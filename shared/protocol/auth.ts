import { z } from 'zod';
import type { ActorPlaces } from '../domain/actor-places.ts';
import { ROLES, type Actor, type Capability, type Role } from '../domain/capabilities.ts';

export type { Actor };

/** POST /api/v1/auth/login body. Lengths are capped so nobody makes the server hash a megabyte. */
export const loginRequestSchema = z.strictObject({
  username: z.string().trim().min(1, 'username must not be empty').max(100),
  password: z.string().min(1, 'password must not be empty').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

const code12 = z.string().regex(/^\d{12}$/);

export const actorSchema = z.strictObject({
  userId: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1),
  role: z.enum(ROLES),
  countyCode: code12.nullable(),
  townshipCode: code12.optional(),
  unitId: z.string().min(1).optional(),
}) satisfies z.ZodType<Actor>;

export interface LoginResponse {
  /** Send as `Authorization: Bearer <token>` and as the socket.io `auth.token`. */
  token: string;
  /** ISO 8601: sign in again after this. */
  expiresAt: string;
  actor: Actor;
}

/** GET /api/v1/auth/me: who the token belongs to and what they may do where. */
export interface MeResponse {
  actor: Actor;
  capabilities: Capability[];
  scope: {
    countyCode: string | null;
    countyWide: boolean;
    townshipCodes: string[];
    villageCodes: string[];
    unitIds: string[];
    /** The units this person acts for in the case workflow (the dispatch center for county operators): what `permittedActions` needs. */
    actsFor: string[];
  };
  /** Names of the actor's county, township and unit, for the header. */
  places: ActorPlaces;
  expiresAt: string;
}

/** One seeded account of demo mode (GET /api/v1/demo/accounts). */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  countyCode: string | null;
  countyName: string | null;
  townshipCode?: string;
  unitId?: string;
}

export interface DemoAccountsResponse {
  /** The one published demo password; it exists only in demo mode. */
  password: string;
  accounts: DemoAccount[];
}
