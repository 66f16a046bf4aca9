import type { CaseEvent } from '../../shared/domain/case-lifecycle.ts';
import type { OrderEscalation } from '../../shared/domain/incident.ts';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { EventRecord } from '../repositories/store.ts';
import type { Publisher } from './publisher.ts';

interface LoggedCasePayload {
  orderId?: string;
  event?: CaseEvent;
  escalation?: OrderEscalation;
  toUnitId?: string;
  summary?: string;
}

/**
 * Pushes what a case commit logged, each broadcast with its event's seq, to the case's rooms.
 * Only services call this, after the commit resolved: nothing is pushed that is not stored.
 */
export function publishCaseEvents(publisher: Publisher, logged: readonly EventRecord[], incident: IncidentWithOrdersView, audience: string[]): void {
  for (const record of logged) {
    const payload = record.payload as LoggedCasePayload;
    const order = incident.orders.find((o) => o.id === payload.orderId);
    const seq = record.seq;
    switch (record.type) {
      case 'case:transitioned':
        if (payload.event) publisher.publish(audience, 'case:transitioned', { seq, incident, event: payload.event });
        break;
      case 'dispatch:created':
        if (order) publisher.publish(audience, 'dispatch:created', { seq, order, incident });
        break;
      case 'dispatch:acknowledged':
        if (order) publisher.publish(audience, 'dispatch:acknowledged', { seq, order, incident });
        break;
      case 'dispatch:escalated':
        if (order && payload.escalation) publisher.publish(audience, 'dispatch:escalated', { seq, order, incident, escalation: payload.escalation, townshipCode: incident.route.township.code });
        break;
      case 'feedback:sent':
        publisher.publish(audience, 'feedback:sent', { seq, incidentId: incident.id, toUnitId: payload.toUnitId ?? '', summary: payload.summary ?? '' });
        break;
      default:
        break;
    }
  }
}
