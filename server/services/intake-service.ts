import { createHash } from 'node:crypto';
import { caseHolderFor } from '../../shared/domain/case-holder.ts';
import { openCase, transition, type CaseEvent, type CaseState } from '../../shared/domain/case-lifecycle.ts';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import type { RouteErrorCode } from '../../shared/routing/route.ts';
import { rooms } from '../../shared/protocol/events.ts';
import type { ReportInput } from '../../shared/protocol/reports.ts';
import { IdempotencyKeyTakenError, type Change, type Store } from '../repositories/store.ts';
import { SYSTEM_USER_ID } from './case-actor.ts';
import type { OrderWatcher } from './case-service.ts';
import { toWgs84 } from './coordinates.ts';
import { DomainError } from './domain-error.ts';
import type { GridService } from './grid-service.ts';
import type { Publisher } from './publisher.ts';

export interface ReportAccepted {
  id: string;
  receivedAt: string;
  route: RouteResult;
}

export interface IntakeDeps {
  store: Store;
  grids: GridService;
  publisher: Publisher;
  now: () => Date;
  newId: () => string;
  /** Starts each new order's acknowledgement ladder (the ack timer service); given the county, it needs no read. */
  orders?: OrderWatcher;
}

/** Takes a validated report: route it, store incident + order + events in one commit, broadcast. */
export class IntakeService {
  /** Same-key requests racing in this process wait for the first one instead of both writing. */
  private readonly inflight = new Map<string, Promise<{ status: number; body: unknown }>>();

  constructor(private readonly deps: IntakeDeps) {}

  async submit(input: ReportInput, idempotencyKey?: string): Promise<{ status: number; body: unknown }> {
    if (!idempotencyKey) return { status: 201, body: await this.accept(input) };
    const requestHash = hashRequest(input);
    const running = this.inflight.get(idempotencyKey);
    if (running) return this.replay(await running.then(() => this.stored(idempotencyKey)), requestHash);
    // No read of the key first: the commit stores it, and a key stored before (a retry, or another
    // node first) is refused by the store with nothing applied. So a new report costs no read at all
    // and only a retry pays for the lookup.
    const work = this.accept(input, { key: idempotencyKey, requestHash }).then(
      (body) => ({ status: 201, body }),
      async (error: unknown) => {
        if (error instanceof IdempotencyKeyTakenError) return this.replay(await this.stored(idempotencyKey), requestHash);
        // A retry whose report is refused now (say, the grids changed since) still gets its original answer.
        if (error instanceof DomainError) {
          const previous = await this.stored(idempotencyKey);
          if (previous) return this.replay(previous, requestHash);
        }
        throw error;
      },
    );
    this.inflight.set(idempotencyKey, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(idempotencyKey);
    }
  }

  private async stored(key: string) {
    return this.deps.store.findIdempotentResponse(key);
  }

  private replay(previous: { requestHash: string; status: number; body: unknown } | null, requestHash: string) {
    if (!previous) throw new DomainError('INTERNAL', 'idempotent request failed; retry with the same key');
    if (previous.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request body; use a new key');
    }
    return { status: previous.status, body: previous.body };
  }

  private async accept(input: ReportInput, idempotency?: { key: string; requestHash: string }): Promise<ReportAccepted> {
    const { store, grids, publisher } = this.deps;
    const location = toWgs84({ lon: input.lon, lat: input.lat }, input.crs);
    const receivedAt = this.deps.now().toISOString();
    const outcome = grids.route({ lon: location.lon, lat: location.lat, matterCode: input.matterCode ?? null, at: receivedAt });
    if (!outcome.ok) throw routeError(outcome.error, input);
    const route = outcome.route;
    const config = grids.jurisdiction.configs.get(route.county.code);
    if (!config) throw new DomainError('INTERNAL', `county ${route.county.code} is not configured`);
    const holderId = caseHolderFor(config, route, input.matterCode ?? null);
    const intake = intakeCase(holderId, route.unit.id, receivedAt, config.intake?.dispatch !== 'operator', config.dispatchCenterId);
    const incident: Incident = {
      id: this.deps.newId(),
      receivedAt,
      location,
      reported: { lon: input.lon, lat: input.lat, crs: input.crs },
      matterCode: input.matterCode ?? null,
      description: input.description,
      source: input.source,
      status: intake.state.status,
      route,
      case: {
        holderId: intake.state.holderId,
        assigneeId: intake.state.assigneeId,
        officerIds: [],
        handlerIds: [],
        reviewerIds: [],
        lastEventAt: intake.state.lastEventAt,
        version: 0,
      },
    };
    // A report the router leaves with the dispatch center itself (triage) waits there, registered, for an operator to dispatch.
    const order: DispatchOrder | null = intake.dispatched
      ? { id: this.deps.newId(), incidentId: incident.id, unit: route.unit, createdAt: receivedAt, status: 'pending', acknowledgedAt: null, officerIds: [], escalations: [] }
      : null;
    const body: ReportAccepted = { id: incident.id, receivedAt, route };
    const base = { incidentId: incident.id, countyCode: route.county.code, townshipCode: route.township.code };
    const actor = { userId: SYSTEM_USER_ID, unitId: holderId };
    const changes: Change[] = [
      { kind: 'incident.insert', incident },
      ...(order ? [{ kind: 'order.insert' as const, order }] : []),
      { kind: 'event.append', type: 'incident:created', at: receivedAt, payload: base },
      ...intake.events.map((event) => ({ kind: 'event.append' as const, type: 'case:transitioned', at: receivedAt, payload: { ...base, actor, event } })),
      ...(order ? [{ kind: 'event.append' as const, type: 'dispatch:created', at: receivedAt, payload: { ...base, actor, orderId: order.id, unitId: order.unit.id } }] : []),
      ...(idempotency ? [{ kind: 'idempotency.save' as const, key: idempotency.key, response: { requestHash: idempotency.requestHash, status: 201, body } }] : []),
    ];
    const events = await store.commit(changes);
    const created = events[0]!;
    const audience = [rooms.county(route.county.code), rooms.township(route.township.code), rooms.wall(route.county.code)];
    publisher.publish(audience, 'incident:created', { seq: created.seq, incident });
    const dispatched = events.find((e) => e.type === 'dispatch:created');
    if (order && dispatched) {
      publisher.publish([...audience, rooms.team(route.unit.id)], 'dispatch:created', { seq: dispatched.seq, order, incident });
      this.deps.orders?.watch(order, route.county.code);
    }
    return body;
  }
}

/**
 * 受理 → 立案 → 派遣 as intake does them: the case opens at its holder (shared/domain/case-holder.ts:
 * the township team for a devolved matter, the bureau brigade or department for a retained one, the
 * dispatch center for what nobody holds yet) and the system registers it and dispatches it to the
 * routed unit at once (both logged as case events by the system actor, acting for the holder). Officers are named when the team acknowledges (签收), not here. A county whose
 * setting is `intake.dispatch: 'operator'` (autoDispatch false) only registers it: it waits for the operator.
 */
export function intakeCase(
  holderId: string,
  routedUnitId: string,
  receivedAt: string,
  autoDispatch = true,
  centerId = holderId,
): { state: CaseState; events: CaseEvent[]; dispatched: boolean } {
  const opened = openCase(holderId, receivedAt);
  if (!opened.ok) throw new DomainError('INTERNAL', opened.message);
  const system = { id: SYSTEM_USER_ID, unitId: holderId };
  const events: CaseEvent[] = [];
  let state = opened.state;
  const commands = [{ action: 'register' as const }, ...(routedUnitId === centerId || !autoDispatch ? [] : [{ action: 'dispatch' as const, targetUnitId: routedUnitId }])];
  for (const command of commands) {
    const step = transition(state, command, system, receivedAt);
    if (!step.ok) throw new DomainError('INTERNAL', step.message);
    events.push(step.event);
    state = step.next;
  }
  return { state, events, dispatched: state.status === 'dispatched' };
}

/** Routing refusals become domain errors the HTTP layer maps to 4xx. */
export function routeError(error: { code: RouteErrorCode; message: string }, input: { lon: number; lat: number; crs: string }): DomainError {
  if (error.code === 'OUTSIDE_ALL_COUNTIES') {
    return new DomainError('OUTSIDE_ALL_COUNTIES', `point (${input.lon}, ${input.lat}) ${input.crs} is outside every county this center serves; check the coordinates and their crs (${error.message})`);
  }
  if (error.code === 'COUNTY_NOT_CONFIGURED') return new DomainError('INTERNAL', error.message);
  return new DomainError(error.code, error.message);
}

/** Key order in the parsed input is fixed by the schema, so JSON.stringify is canonical here. */
function hashRequest(input: ReportInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}
