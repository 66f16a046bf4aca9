import { z } from 'zod';
import type { DisputeStatus, JurisdictionDispute } from '../domain/dispute.ts';
import { unitIdSchema } from './cases.ts';

export interface DisputeRecord extends JurisdictionDispute {
  countyCode: string;
  version: number;
}

export interface DisputeView {
  dispute: DisputeRecord;
  status: Omit<DisputeStatus, 'ok'>;
}

/** POST /incidents/{id}/disputes: the assigned team (or its township) says the routing is wrong. */
export const disputeCreateSchema = z.strictObject({
  claim: z.string().trim().min(1).max(4000),
  /** The unit the disputing party thinks responsible, if it names one. */
  proposedUnitId: unitIdSchema.optional(),
});

/** POST /disputes/{id}/decision: the county coordination center names the responsible unit. */
export const disputeDecisionSchema = z.strictObject({ responsibleUnitId: unitIdSchema, reason: z.string().trim().min(1).max(4000) });

export const disputeParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'dispute id: a UUID') });

export const disputesQuerySchema = z.strictObject({
  caseId: z.string().regex(/^[0-9a-f-]{36}$/).optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

const statusSchema = z.looseObject({ state: z.enum(['pending', 'decided', 'overdue']), dueDate: z.string(), dueAt: z.string() });
const viewSchema = z.object({ dispute: z.looseObject({ id: z.string(), caseId: z.string(), routedUnitId: z.string() }), status: statusSchema });
export const disputeViewSchema = z.object({ ...viewSchema.shape, seq: z.number().int().optional() });
export const disputeListSchema = z.object({ items: z.array(viewSchema) });
