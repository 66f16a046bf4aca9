/**
 * Joint actions (联合执法) and special campaigns (专项行动) over REST and sockets:
 *
 *   GET  /joint-actions/options?townships=…   the units that can take part (1+1+X), for the form
 *   POST /joint-actions                        launch one (proposed when it needs the county)
 *   GET  /joint-actions?status=&open=          those the actor may see
 *   GET  /joint-actions/{id}
 *   POST /joint-actions/{id}/{approve|reject|acknowledge|report-result|close|cancel}
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { JOINT_ACTION_KINDS, JOINT_ACTION_STATUSES, MAX_RESULT_ATTACHMENTS, type JointAction, type JointActionEvent, type ParticipantOption } from '../domain/joint-action.ts';
import { unitIdSchema } from './cases.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });
const gridCode = z.string().regex(/^\d{12}(\d{3})?$/, 'a 12-digit township/village code or a 15-digit group code');
const township = z.string().regex(/^\d{12}$/, 'a 12-digit township code');
const lon = z.number().finite().min(-180).max(180);
const lat = z.number().finite().min(-90).max(90);

export const jointActionAreaSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('grids'), codes: z.array(gridCode).min(1).max(500) }),
  z.strictObject({ kind: z.literal('polygon'), ring: z.array(z.tuple([lon, lat])).min(3, 'a drawn area needs at least 3 points').max(500) }),
]);

export const jointActionCreateSchema = z.strictObject({
  kind: z.enum(JOINT_ACTION_KINDS),
  title: text(120),
  brief: z.string().trim().max(4000).default(''),
  area: jointActionAreaSchema,
  startsAt: instant,
  endsAt: instant,
  matterCodes: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/)).max(50).default([]),
  /** Besides the initiator's own unit, which always takes part. */
  participantUnitIds: z.array(unitIdSchema).max(30).default([]),
});
export type JointActionCreateBody = z.infer<typeof jointActionCreateSchema>;

export const jointActionParamsSchema = z.strictObject({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'joint action id: a UUID') });

export const jointActionsQuerySchema = z.strictObject({
  status: z.enum(JOINT_ACTION_STATUSES).optional(),
  /** 'true': only those not closed, rejected or cancelled. */
  open: z.enum(['true', 'false']).optional(),
  county: z.string().regex(/^\d{6}(0{6})?$/).optional(),
});

export const participantOptionsQuerySchema = z.strictObject({
  /** Comma-separated 12-digit township codes the area touches. */
  townships: z.string().regex(/^\d{12}(,\d{12}){0,49}$/, 'townships: comma-separated 12-digit codes'),
});

/** The unit a participant acts for, when the actor acts for several (a commander for the team and its squadrons). */
const unitField = { unitId: unitIdSchema.optional() };

export const JOINT_ACTION_COMMAND_SLUGS = ['approve', 'reject', 'acknowledge', 'report-result', 'close', 'cancel'] as const;
export type JointActionCommandSlug = (typeof JOINT_ACTION_COMMAND_SLUGS)[number];

export const jointActionCommandSchemas = {
  approve: z.strictObject({ note: z.string().trim().max(2000).optional() }),
  reject: z.strictObject({ reason: text(2000) }),
  acknowledge: z.strictObject({ ...unitField }),
  'report-result': z.strictObject({ ...unitField, summary: text(4000), attachmentIds: z.array(z.string().regex(/^[0-9a-f-]{36}$/)).max(MAX_RESULT_ATTACHMENTS).default([]) }),
  close: z.strictObject({ reason: z.string().trim().max(2000).optional() }),
  cancel: z.strictObject({ reason: text(2000) }),
} as const satisfies Record<JointActionCommandSlug, z.ZodType>;

/** An action as served: the projection plus where it stands against its window now. */
export interface JointActionView extends JointAction {
  phase: 'upcoming' | 'underway' | 'ended';
}

export interface JointActionResponse {
  jointAction: JointActionView;
}

export interface JointActionListResponse {
  items: JointActionView[];
}

/** GET /joint-actions/{id}/area: the area's cells (or drawn ring) and the townships it touches, for a small map. */
export interface JointActionAreaResponse {
  area: FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;
  townships: FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;
}

const areaCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }), properties: z.object({ code: z.string(), name: z.string() }) })),
});
export const jointActionAreaResponseSchema = z.object({ area: areaCollection, townships: areaCollection });

export interface ParticipantOptionsResponse {
  townshipCodes: string[];
  options: ParticipantOption[];
}

/** Every `joint-action:*` broadcast: the action after the change, the change, and its log seq. */
export interface JointActionBroadcast {
  seq: number;
  jointAction: JointActionView;
  event: JointActionEvent;
}

/** Domain event type → socket event name (past tense, `entity:verb`). */
export const JOINT_ACTION_SOCKET_EVENTS = {
  created: 'joint-action:created',
  approved: 'joint-action:approved',
  rejected: 'joint-action:rejected',
  acknowledged: 'joint-action:acknowledged',
  resultReported: 'joint-action:result-reported',
  closed: 'joint-action:closed',
  cancelled: 'joint-action:cancelled',
} as const satisfies Record<JointActionEvent['type'], string>;
export type JointActionSocketEvent = (typeof JOINT_ACTION_SOCKET_EVENTS)[keyof typeof JOINT_ACTION_SOCKET_EVENTS];

const looseAction = z.looseObject({ id: z.string(), status: z.enum(JOINT_ACTION_STATUSES), kind: z.enum(JOINT_ACTION_KINDS), participants: z.array(z.looseObject({ unitId: z.string() })) });
export const jointActionResponseSchema = z.object({ jointAction: looseAction });
export const jointActionListResponseSchema = z.object({ items: z.array(looseAction) });
export const participantOptionsResponseSchema = z.object({
  townshipCodes: z.array(township),
  options: z.array(z.object({ unitId: z.string(), name: z.string(), kind: z.string(), role: z.string(), group: z.string(), townshipCodes: z.array(z.string()), outsideOwnGround: z.boolean() })),
});
