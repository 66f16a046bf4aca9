import { z } from 'zod';

/** One entry of the event log as clients see it (GET /api/v1/events and the socket replay). */
export interface LoggedEvent {
  seq: number;
  type: string;
  /** ISO 8601 UTC. */
  at: string;
  payload: unknown;
}

export const MAX_EVENTS_PAGE = 1000;
/** How many missed events the subscribe ack carries; past that the client pages over REST. */
export const MAX_REPLAY_IN_ACK = 500;

export const eventsQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PAGE).default(100),
});

export const eventsPageSchema = z.object({
  items: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.string(), payload: z.unknown() })),
  /** Pass as `after` for the next page; null when caught up. */
  next: z.number().int().nullable(),
});
