import { z } from 'zod';
import { OFFICER_STATUSES, type Officer, type RankedOfficer, type ExcludedOfficer } from '../domain/officer.ts';
import { CRS_VALUES } from '../domain/incident.ts';
import { unitIdSchema } from './cases.ts';

/** An officer as stored and served: the domain officer plus the county it serves in. */
export interface OfficerRecord extends Officer {
  countyCode: string;
}

export const officersQuerySchema = z.strictObject({
  unitId: unitIdSchema.optional(),
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code').optional(),
});

export const officerParamsSchema = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'officer id') });

export const officerStatusBodySchema = z.strictObject({ status: z.enum(OFFICER_STATUSES) });

/** A position from the field; GCJ-02/BD-09 (phone maps) are converted at the edge like reports. */
export const officerPositionBodySchema = z.strictObject({
  lon: z.number().finite().min(-180).max(180),
  lat: z.number().finite().min(-90).max(90),
  crs: z.enum(CRS_VALUES).default('WGS84'),
  /** When the device took the fix (default: when the server received it). */
  at: z.iso.datetime({ offset: true }).optional(),
});

export interface OfficerRecommendations {
  incidentId: string;
  unitId: string;
  ranked: RankedOfficer[];
  excluded: ExcludedOfficer[];
}

const officerSchema = z.looseObject({ id: z.string(), name: z.string(), unitId: z.string(), status: z.enum(OFFICER_STATUSES) });
export const officerListResponseSchema = z.object({ items: z.array(officerSchema) });
export const officerResponseSchema = z.object({ officer: officerSchema, seq: z.number().int() });
export const recommendationsResponseSchema = z.object({
  incidentId: z.string(),
  unitId: z.string(),
  ranked: z.array(z.looseObject({ officer: officerSchema, distanceMeters: z.number().nullable(), certified: z.boolean(), reasons: z.array(z.object({ code: z.string(), message: z.string() })) })),
  excluded: z.array(z.object({ officerId: z.string(), reason: z.object({ code: z.string(), message: z.string() }) })),
});
