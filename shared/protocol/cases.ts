/**
 * The case workflow over REST: POST /api/v1/incidents/{id}/{action}. One body shape; each action
 * accepts only the fields it uses (so the API description lists exactly those). Counts and reasons
 * are checked by the domain (422 with the workflow's code), not here: zod only rejects malformed input.
 */
import { z } from 'zod';
import { CASE_ACTIONS, LEGAL_STEPS, TRANSFER_KINDS, type CaseAction, type CaseEvent } from '../domain/case-lifecycle.ts';
import type { DispatchOrder, Incident } from '../domain/incident.ts';

export const unitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'unit id: lower-case letters, digits and dashes, e.g. team-410923100000');
export const officerIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'officer id: letters, digits, . _ -');
const text = z.string().trim().min(1).max(2000);

/** URL segment → lifecycle action. */
export const CASE_ACTION_SLUGS = {
  register: 'register',
  reject: 'reject',
  dispatch: 'dispatch',
  acknowledge: 'acknowledge',
  return: 'return',
  'report-result': 'reportResult',
  verify: 'verify',
  rework: 'rework',
  close: 'close',
  transfer: 'transfer',
  reassign: 'reassign',
  urge: 'urge',
  recall: 'recall',
} as const satisfies Record<string, CaseAction>;
export type CaseActionSlug = keyof typeof CASE_ACTION_SLUGS;
export const CASE_ACTION_SLUG_LIST = Object.keys(CASE_ACTION_SLUGS) as CaseActionSlug[];

const caseActionBody = z.strictObject({
  /** Why (reject, return, rework, transfer: required by the workflow), or the result summary (report-result), or a note. */
  reason: text.optional(),
  /** dispatch: the certified officers named on the order; acknowledge: the officers the team sends. At least two count. */
  officerIds: z.array(officerIdSchema).max(20).optional(),
  /** dispatch: the team (default: the unit the report was routed to); transfer: the new holder. */
  unitId: unitIdSchema.optional(),
  transferKind: z.enum(TRANSFER_KINDS).optional(),
  /** report-result: the result form (found, done, legal step, photos, the two officers present). */
  result: z
    .strictObject({
      found: text,
      done: text,
      legalStep: z.enum(LEGAL_STEPS),
      attachmentIds: z.array(z.string().regex(/^[0-9a-f-]{36}$/, 'attachment id: a UUID')).max(9),
      officerIds: z.array(officerIdSchema).min(2, 'name the two officers present').max(20),
    })
    .optional(),
});
export type CaseActionBody = z.infer<typeof caseActionBody>;

const FIELDS: Record<CaseAction, Array<keyof CaseActionBody>> = {
  register: ['reason'],
  reject: ['reason'],
  dispatch: ['officerIds', 'unitId', 'reason'],
  acknowledge: ['officerIds'],
  return: ['reason'],
  reportResult: ['reason', 'result'],
  verify: ['reason'],
  rework: ['reason'],
  close: ['reason'],
  transfer: ['reason', 'unitId', 'transferKind'],
  reassign: ['reason', 'unitId', 'officerIds'],
  urge: ['reason'],
  recall: ['reason'],
};

function pick(action: CaseAction): z.ZodType<CaseActionBody> {
  const mask = Object.fromEntries(FIELDS[action].map((f) => [f, true])) as Partial<Record<keyof CaseActionBody, true>>;
  return caseActionBody.pick(mask);
}

/** The body schema of each action (an empty body `{}` is fine where nothing is required). */
export const caseActionBodySchemas: Record<CaseAction, z.ZodType<CaseActionBody>> = Object.fromEntries(CASE_ACTIONS.map((a) => [a, pick(a)])) as Record<CaseAction, z.ZodType<CaseActionBody>>;

export const caseParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'incident id: a UUID') });

/** POST /incidents/{id}/feedback: tell the department that sent the lead what came of it. */
export const feedbackBodySchema = z.strictObject({ unitId: unitIdSchema, reason: text });
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

export interface IncidentWithOrdersView extends Incident {
  orders: DispatchOrder[];
}

/** Who acted, as events and the audit trail name them. `userId` 'system' = the server itself (intake, timers). */
export interface EventActor {
  userId: string;
  unitId: string;
  role?: string;
}

/** The answer to every workflow action: the case after it, and the event it recorded. */
export interface CaseActionResponse {
  incident: IncidentWithOrdersView;
  event: CaseEvent;
  seq: number;
}

// Response schemas for the API description (the server builds these objects; it does not parse them).
const looseIncident = z.looseObject({ id: z.string(), status: z.string(), orders: z.array(z.looseObject({ id: z.string(), status: z.string() })) });
export const caseActionResponseSchema = z.object({
  incident: looseIncident,
  event: z.looseObject({ type: z.enum(CASE_ACTIONS), from: z.string(), to: z.string(), actorId: z.string(), actorUnitId: z.string(), at: z.string() }),
  seq: z.number().int(),
});
export const feedbackResponseSchema = z.object({ incident: looseIncident, seq: z.number().int() });
