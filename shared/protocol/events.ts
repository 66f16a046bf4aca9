import type { LoggedEvent } from './event-log.ts';
import type { CaseEvent } from '../domain/case-lifecycle.ts';
import type { DispatchOrder, Incident, OrderEscalation } from '../domain/incident.ts';
import type { IncidentWithOrdersView } from './cases.ts';
import type { CollaborationView } from './collaborations.ts';
import type { DisputeView } from './disputes.ts';
import type { JointActionBroadcast } from './joint-actions.ts';
import type { OfficerRecord } from './officers.ts';

/**
 * Every broadcast carries the event log's sequence number so a client can detect gaps
 * and ask for a replay after a reconnect.
 */
export interface Sequenced {
  seq: number;
}

export interface IncidentCreatedEvent extends Sequenced {
  incident: Incident;
}

export interface DispatchCreatedEvent extends Sequenced {
  order: DispatchOrder;
  incident: Incident;
}

/** Any workflow step (立案, 派遣, 签收, 退回, 反馈, 核查, 返工, 结案, 移交 …): the case after it and the step. */
export interface CaseTransitionedEvent extends Sequenced {
  incident: IncidentWithOrdersView;
  event: CaseEvent;
}

/** The team acknowledged (签收) its order, naming the officers it sends. */
export interface DispatchAcknowledgedEvent extends Sequenced {
  order: DispatchOrder;
  incident: IncidentWithOrdersView;
}

/** A rung of the acknowledgement ladder fired: the township commander, then the county dispatch center, must act. */
export interface DispatchEscalatedEvent extends Sequenced {
  order: DispatchOrder;
  incident: IncidentWithOrdersView;
  escalation: OrderEscalation;
  /** The township to colour on the map. */
  townshipCode: string;
}

/** The result of a lead went back to the department that sent it (反馈主管部门). */
export interface FeedbackSentEvent extends Sequenced {
  incidentId: string;
  toUnitId: string;
  summary: string;
}

export interface OfficerUpdatedEvent extends Sequenced {
  officer: OfficerRecord;
}

export interface CollaborationEvent extends Sequenced, CollaborationView {}

export interface DisputeEvent extends Sequenced, DisputeView {}

export interface SubscribeRequest {
  /**
   * The last seq this client saw: the ack then carries what it missed since (visible to it), in
   * order. Feed both the replay and live events through a SeqGate (seq-gate.ts).
   */
  afterSeq?: number;
  /** 6- or 12-digit county code: joins the county operators' room. */
  county?: string;
  /** Unit ids: joins `team:<id>` rooms. */
  teams?: string[];
  /** 12-digit township codes: joins `township:<code>` rooms (a township commander's live feed). */
  townships?: string[];
  /** 6- or 12-digit county code: joins the county's wall-display room. */
  wall?: string;
}

export type Ack<T> = (result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }) => void;

/** Broadcasts: past tense, `entity:verb`. */
export interface ServerToClientEvents {
  'incident:created': (event: IncidentCreatedEvent) => void;
  'dispatch:created': (event: DispatchCreatedEvent) => void;
  'case:transitioned': (event: CaseTransitionedEvent) => void;
  'dispatch:acknowledged': (event: DispatchAcknowledgedEvent) => void;
  'dispatch:escalated': (event: DispatchEscalatedEvent) => void;
  'feedback:sent': (event: FeedbackSentEvent) => void;
  'officer:updated': (event: OfficerUpdatedEvent) => void;
  'collaboration:requested': (event: CollaborationEvent) => void;
  'collaboration:answered': (event: CollaborationEvent) => void;
  'collaboration:overdue': (event: CollaborationEvent) => void;
  'dispute:raised': (event: DisputeEvent) => void;
  'dispute:decided': (event: DisputeEvent) => void;
  'dispute:overdue': (event: DisputeEvent) => void;
  // Joint actions (联合执法) and special campaigns (专项行动): each with the action after the change.
  'joint-action:created': (event: JointActionBroadcast) => void;
  'joint-action:approved': (event: JointActionBroadcast) => void;
  'joint-action:rejected': (event: JointActionBroadcast) => void;
  'joint-action:acknowledged': (event: JointActionBroadcast) => void;
  'joint-action:result-reported': (event: JointActionBroadcast) => void;
  'joint-action:closed': (event: JointActionBroadcast) => void;
  'joint-action:cancelled': (event: JointActionBroadcast) => void;
  'wall:updated': (batch: WallBatchEvent) => void;
}

/** Commands: imperative, with an ack. */
export interface ClientToServerEvents {
  'session:subscribe': (request: SubscribeRequest, ack: Ack<SubscribeResult>) => void;
}

/** One event inside a wall batch, as it would have been emitted on its own (its payload carries `seq`). */
export interface WallItem {
  event: string;
  seq: number;
  payload: unknown;
}

/**
 * `wall:updated`: what a wall-display room receives instead of individual events, at most 4 per
 * second per room, so a burst cannot freeze a command-hall display.
 */
export interface WallBatchEvent {
  room: string;
  fromSeq: number;
  toSeq: number;
  events: WallItem[];
}

export interface SubscribeResult {
  rooms: string[];
  /** Present when `afterSeq` was sent; `next` non-null means more remain: page on with GET /api/v1/events?after=next. */
  replay?: { events: LoggedEvent[]; next: number | null };
}

/** Room names, built in one place so client, server and tests agree. */
export const rooms = {
  team: (unitId: string) => `team:${unitId}`,
  township: (code: string) => `township:${code}`,
  county: (code: string) => `county:${code}`,
  wall: (code: string) => `wall:${code}`,
} as const;
