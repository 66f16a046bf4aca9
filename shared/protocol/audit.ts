import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });

/** GET /api/v1/audit: the event log filtered by case, user and time, oldest first, paged by seq. */
export const auditQuerySchema = z.strictObject({
  incidentId: z.string().regex(/^[0-9a-f-]{36}$/, 'incidentId: a UUID').optional(),
  userId: z.string().min(1).max(200).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** The `next` of the previous page: entries after this seq. */
  after: z.string().regex(/^\d{1,15}$/, 'after: a sequence number').transform(Number).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface AuditEntry {
  seq: number;
  type: string;
  at: string;
  payload: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `after` for the next page; null at the end. */
  next: number | null;
}

export const auditPageSchema = z.object({
  items: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.string(), payload: z.unknown() })),
  next: z.number().int().nullable(),
});
