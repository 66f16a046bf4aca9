import { transition, type CaseActor, type CaseCommand, type CaseEvent } from '../../shared/domain/case-lifecycle.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import { toUnitRef } from '../../shared/domain/org.ts';
import type { EventActor, IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import type { Change } from '../repositories/store.ts';
import { caseOf, caseStateOf, openOrder } from './case-state.ts';
import { DomainError } from './domain-error.ts';

export interface TransitionInput {
  current: IncidentWithOrdersView;
  config: CountyConfig;
  command: CaseCommand;
  actor: CaseActor;
  /** As logged: the user and unit, with the role. */
  logActor: EventActor;
  at: string;
  newId: () => string;
  /** acknowledge: the officers the team sends (already checked). */
  ackOfficerIds?: string[];
}

/** A checked transition: the case after it and the changes that store it (not yet committed). */
export interface TransitionPlan {
  incident: Incident;
  orders: DispatchOrder[];
  event: CaseEvent;
  changes: Change[];
  newOrder?: DispatchOrder;
  acknowledgedOrder?: DispatchOrder;
  /** The team the case left (return, transfer), so it hears about it. */
  previousAssignee: string | null;
}

/**
 * Runs the lifecycle's `transition` and turns its event into stored changes: the incident at the
 * next case version, the order issued, acknowledged or closed, and the log entries
 * (`case:transitioned`, plus `dispatch:created` / `dispatch:acknowledged`).
 */
export function planTransition(input: TransitionInput): TransitionPlan {
  const { current, config, command, at } = input;
  const state = caseStateOf(current, config);
  const result = transition(state, command, input.actor, at);
  if (!result.ok) throw new DomainError(result.code as ErrorCode, result.message, undefined, result.allowed);
  const { next, event } = result;
  const before = caseOf(current, config);
  const ackOfficers = input.ackOfficerIds ?? [];
  const { orders: _orders, ...incidentBefore } = current;
  let officerIds = before.officerIds;
  if (event.type === 'dispatch' || event.type === 'reassign') officerIds = [...(command.officerIds ?? [])];
  if (event.type === 'acknowledge') officerIds = ackOfficers;
  if (event.type === 'return' || event.type === 'transfer' || event.type === 'recall') officerIds = [];
  const handlerIds = [...next.handlerIds, ...ackOfficers.filter((id) => !next.handlerIds.includes(id))];
  const incident: Incident = {
    ...incidentBefore,
    status: next.status,
    case: {
      ...before,
      holderId: next.holderId,
      assigneeId: next.assigneeId,
      officerIds,
      handlerIds,
      reviewerIds: [...next.reviewerIds],
      lastEventAt: next.lastEventAt,
      version: before.version + 1,
    },
  };
  const base = { incidentId: incident.id, countyCode: incident.route.county.code, townshipCode: incident.route.township.code, actor: input.logActor };
  const changes: Change[] = [{ kind: 'incident.update', incident, expectedVersion: before.version }];
  const orders = [...current.orders];
  const plan: TransitionPlan = { incident, orders, event, changes, previousAssignee: before.assigneeId };
  const open = openOrder(current.orders);
  const replaceOrder = (order: DispatchOrder) => {
    orders[orders.findIndex((o) => o.id === order.id)] = order;
    changes.push({ kind: 'order.update', order });
  };

  // 改派 and 撤回 take the order that is out back (withdrawn); 改派 then issues a new one like 派遣.
  if ((event.type === 'reassign' || event.type === 'recall') && open) replaceOrder({ ...open, status: 'withdrawn' });
  if (event.type === 'dispatch' || event.type === 'reassign') {
    const unit = config.units.find((u) => u.id === event.targetUnitId);
    if (!unit) throw new DomainError('UNKNOWN_UNIT', `no unit ${event.targetUnitId} in county ${config.countyCode}`);
    const order: DispatchOrder = { id: input.newId(), incidentId: incident.id, unit: toUnitRef(unit), createdAt: at, status: 'pending', acknowledgedAt: null, officerIds, escalations: [] };
    orders.push(order);
    changes.push({ kind: 'order.insert', order });
    plan.newOrder = order;
  } else if (event.type === 'acknowledge' && open) {
    const order: DispatchOrder = { ...open, status: 'acknowledged', acknowledgedAt: at, officerIds: ackOfficers };
    replaceOrder(order);
    plan.acknowledgedOrder = order;
  } else if ((event.type === 'return' || event.type === 'transfer') && open) {
    replaceOrder({ ...open, status: event.type === 'return' ? 'returned' : 'withdrawn' });
  }

  changes.push({ kind: 'event.append', type: 'case:transitioned', at, payload: { ...base, event, ...(open ? { orderId: open.id } : {}) } });
  if (plan.newOrder) changes.push({ kind: 'event.append', type: 'dispatch:created', at, payload: { ...base, orderId: plan.newOrder.id, unitId: plan.newOrder.unit.id } });
  if (plan.acknowledgedOrder) {
    changes.push({ kind: 'event.append', type: 'dispatch:acknowledged', at, payload: { ...base, orderId: plan.acknowledgedOrder.id, officerIds: ackOfficers } });
  }
  return plan;
}
