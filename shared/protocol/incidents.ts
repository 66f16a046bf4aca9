import { z } from 'zod';
import { CASE_STATUSES } from '../domain/case-lifecycle.ts';

const isoDateTime = z.iso.datetime({ offset: true });

/** GET /api/v1/incidents query. */
export const incidentsQuerySchema = z.strictObject({
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923').optional(),
  status: z.enum(CASE_STATUSES).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;

export const incidentIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'incident id: a UUID');
