import { createHash } from 'node:crypto';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import type { RouteErrorCode } from '../../shared/routing/route.ts';
import { rooms } from '../../shared/protocol/events.ts';
import type { ReportInput } from '../../shared/protocol/reports.ts';
import { IdempotencyKeyTakenError, type Store } from '../repositories/store.ts';
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
    const previous = await this.deps.store.findIdempotentResponse(idempotencyKey);
    if (previous) return this.replay(previous, requestHash);
    const work = this.accept(input, { key: idempotencyKey, requestHash }).then(
      (body) => ({ status: 201, body }),
      async (error: unknown) => {
        // Another node stored this key first and nothing of ours was applied: answer as it did.
        if (error instanceof IdempotencyKeyTakenError) return this.replay(await this.stored(idempotencyKey), requestHash);
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
    const incident: Incident = {
      id: this.deps.newId(),
      receivedAt,
      location,
      reported: { lon: input.lon, lat: input.lat, crs: input.crs },
      matterCode: input.matterCode ?? null,
      description: input.description,
      source: input.source,
      status: 'dispatched',
      route,
    };
    const order: DispatchOrder = {
      id: this.deps.newId(),
      incidentId: incident.id,
      unit: route.unit,
      createdAt: receivedAt,
      status: 'pending',
    };
    const body: ReportAccepted = { id: incident.id, receivedAt, route };
    const events = await store.commit([
      { kind: 'incident.insert', incident },
      { kind: 'order.insert', order },
      { kind: 'event.append', type: 'incident:created', at: receivedAt, payload: { incidentId: incident.id } },
      { kind: 'event.append', type: 'dispatch:created', at: receivedAt, payload: { orderId: order.id, incidentId: incident.id } },
      ...(idempotency ? [{ kind: 'idempotency.save' as const, key: idempotency.key, response: { requestHash: idempotency.requestHash, status: 201, body } }] : []),
    ]);
    const [created, dispatched] = events as [(typeof events)[number], (typeof events)[number]];
    const audience = [rooms.county(route.county.code), rooms.township(route.township.code), rooms.wall(route.county.code)];
    publisher.publish(audience, 'incident:created', { seq: created.seq, incident });
    publisher.publish([...audience, rooms.team(route.unit.id)], 'dispatch:created', { seq: dispatched.seq, order, incident });
    return body;
  }
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
