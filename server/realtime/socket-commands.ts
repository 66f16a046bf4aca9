import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { clientCommandSchemas, type ClientCommand } from '../../shared/protocol/socket-commands.ts';
import type { ApiIssue } from '../../shared/protocol/errors.ts';

type Failure = { ok: false; error: { code: string; message: string; issues?: ApiIssue[] } };
type AckResult = { ok: true; value: unknown } | Failure;
type Ack = (result: AckResult) => void;

/** What handles one validated command: the payload as its schema parsed it. */
export type CommandHandlers = {
  [E in ClientCommand]: (socket: Socket, payload: z.infer<(typeof clientCommandSchemas)[E]>) => Promise<AckResult> | AckResult;
};

export interface CommandLog {
  error(details: object, message: string): void;
}

function issuesOf(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(payload)', message: issue.message }));
}

/**
 * The one entry for client → server socket messages, as the zod edge is for REST: a command is
 * answered only through its ack; its payload is parsed by the command's schema first (a refusal acks
 * VALIDATION_FAILED with every issue); a handler that throws acks INTERNAL and is logged, never an
 * unhandled rejection; an unknown event acks UNKNOWN_EVENT. A command sent without an ack is dropped:
 * there is nobody to answer.
 */
export function serveCommands(socket: Socket, handlers: CommandHandlers, log?: CommandLog): void {
  const known = new Set<string>(Object.keys(clientCommandSchemas));
  for (const event of Object.keys(clientCommandSchemas) as ClientCommand[]) {
    socket.on(event, (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const reply = ack as Ack;
      // An absent payload is an empty request; null is not.
      const payload = args.length > 1 && args[0] !== undefined ? args[0] : {};
      void run(event, payload, reply);
    });
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') (ack as Ack)({ ok: false, error: { code: 'UNKNOWN_EVENT', message: `unknown event: ${typeof event === 'string' ? event.slice(0, 64) : typeof event}` } });
  });

  async function run<E extends ClientCommand>(event: E, payload: unknown, reply: Ack): Promise<void> {
    const parsed = clientCommandSchemas[event].safeParse(payload);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      reply({ ok: false, error: { code: 'VALIDATION_FAILED', message: `invalid ${event} payload: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues } });
      return;
    }
    let result: AckResult;
    try {
      result = await handlers[event](socket, parsed.data);
    } catch (error) {
      log?.error({ err: error, event }, 'socket command failed');
      result = { ok: false, error: { code: 'INTERNAL', message: 'internal error; it has been logged' } };
    }
    try {
      reply(result);
    } catch (error) {
      log?.error({ err: error, event }, 'socket ack failed');
    }
  }
}
