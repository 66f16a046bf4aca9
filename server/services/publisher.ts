import type { ServerToClientEvents } from '../../shared/protocol/events.ts';

/** How services broadcast, without knowing socket.io. */
export interface Publisher {
  publish<E extends keyof ServerToClientEvents>(
    rooms: string[],
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
}
