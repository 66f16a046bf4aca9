import { z } from 'zod';
import type { ClientToServerEvents } from './events.ts';

/**
 * The schema of every command a client may send over socket.io, declared once: the server validates
 * each payload with it before any handler sees it (server/realtime/socket-commands.ts), as REST does
 * with its zod schemas. Strict: an unknown field is refused, not ignored.
 */
export const subscribeRequestSchema = z.strictObject({
  afterSeq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  county: z.string().regex(/^\d{6}(\d{6})?$/, 'a 6- or 12-digit county code').optional(),
  teams: z.array(z.string().max(64)).max(64).optional(),
  townships: z.array(z.string().max(12)).max(64).optional(),
  wall: z.string().regex(/^\d{6}(\d{6})?$/, 'a 6- or 12-digit county code').optional(),
});

/** Event name → payload schema; a command without a schema here does not compile. */
export const clientCommandSchemas = {
  'session:subscribe': subscribeRequestSchema,
} as const satisfies { [E in keyof ClientToServerEvents]: z.ZodType<Parameters<ClientToServerEvents[E]>[0]> };

export type ClientCommand = keyof typeof clientCommandSchemas;
