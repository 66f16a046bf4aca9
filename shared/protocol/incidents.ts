import { z } from 'zod';
import { CASE_STATUSES } from '../domain/case-lifecycle.ts';
import { CASE_QUEUES, type QueueCounts } from '../domain/case-queue.ts';
import { REPORT_SOURCES } from '../domain/incident.ts';

const isoDateTime = z.iso.datetime({ offset: true });

/** The console's filters, shared by the list and the counts. */
const queueFilterFields = {
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923').optional(),
  township: z.string().regex(/^\d{12}$/, 'township: a 12-digit township code').optional(),
  /** The matter's domain by its code prefix (AQSC, CSHJ …) or `none` for cases without a matter. */
  domain: z.string().regex(/^([A-Z]{2,6}|none)$/, 'domain: a matter-code prefix such as CSHJ, or none').optional(),
  source: z.enum(REPORT_SOURCES).optional(),
};

/** GET /api/v1/incidents query. */
export const incidentsQuerySchema = z.strictObject({
  ...queueFilterFields,
  /** One of the dispatch center's queues (shared/domain/case-queue.ts): only open cases in it. */
  queue: z.enum(CASE_QUEUES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type IncidentsQuery = z.infer<typeof incidentsQuerySchema>;

export const incidentIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'incident id: a UUID');

/** GET /api/v1/incidents/counts query: the same filters as the list, without paging. */
export const queueCountsQuerySchema = z.strictObject(queueFilterFields);
export type QueueCountsQuery = z.infer<typeof queueCountsQuerySchema>;

/** GET /api/v1/incidents/counts: open cases per queue, of what the caller may see, at `at`. */
export interface QueueCountsResponse {
  counts: QueueCounts;
  at: string;
  /** The acknowledgement deadline the overdue queue uses (ms after an order is issued). */
  ackWithinMs: number;
}
