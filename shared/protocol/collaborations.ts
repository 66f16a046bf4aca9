import { z } from 'zod';
import { COLLABORATION_KINDS, type CollaborationRequest, type CollaborationStatus } from '../domain/collaboration.ts';
import { unitIdSchema } from './cases.ts';

/** A 乡呼县应 request as stored: the domain record plus who asked what, and the written answer. */
export interface CollaborationRecord extends CollaborationRequest {
  countyCode: string;
  question: string;
  requestedBy: { userId: string; unitId: string };
  answer: { text: string; userId: string; unitId: string } | null;
  version: number;
}

/** A request with its deadline state at the time of the answer (derived, never stored). */
export interface CollaborationView {
  request: CollaborationRecord;
  status: Omit<CollaborationStatus, 'ok'>;
}

export const collaborationCreateSchema = z.strictObject({
  /** The case it is about, if any. */
  caseId: z.string().regex(/^[0-9a-f-]{36}$/, 'case id: a UUID').optional(),
  kind: z.enum(COLLABORATION_KINDS),
  /** The county department asked. */
  toUnitId: unitIdSchema,
  question: z.string().trim().min(1).max(4000),
});

export const collaborationAnswerSchema = z.strictObject({ answer: z.string().trim().min(1).max(4000) });

export const collaborationParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'request id: a UUID') });

export const collaborationsQuerySchema = z.strictObject({
  caseId: z.string().regex(/^[0-9a-f-]{36}$/).optional(),
  unitId: unitIdSchema.optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

const statusSchema = z.looseObject({ state: z.enum(['requested', 'answered', 'overdue']), dueDate: z.string().nullable(), dueAt: z.string().nullable() });
const viewSchema = z.object({ request: z.looseObject({ id: z.string(), kind: z.enum(COLLABORATION_KINDS), toUnitId: z.string() }), status: statusSchema });
export const collaborationViewSchema = z.object({ ...viewSchema.shape, seq: z.number().int().optional() });
export const collaborationListSchema = z.object({ items: z.array(viewSchema) });
