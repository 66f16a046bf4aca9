import type { Server } from 'socket.io';
import type { WallBatchEvent, WallItem } from '../../shared/protocol/events.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import type { Publisher } from '../services/publisher.ts';

export const WALL_BATCH_EVENT = 'wall:updated';
export type { WallBatchEvent, WallItem };
/** Server-to-server (cluster adapter) message: wall items committed on the sending node. */
const PEER_EVENT = 'grid:wall-items';

interface RoomBuffer {
  pending: WallItem[];
  /** Items committed here that peers have not been sent yet. */
  forward: WallItem[];
}

type PeerEmitter = (event: string, batches: Record<string, WallItem[]>) => void;

/**
 * Server-side coalescing for wall displays. A county command hall's walls do not need every event
 * the instant it happens, and at peak (hundreds of reports a second) one message per event would
 * cost each wall — and the server — far more than the screen can show. Events for `wall:*` rooms
 * are buffered and flushed as one `wall:updated` per room at most every `intervalMs`; the first
 * event after a quiet spell goes out on the next tick, so a calm day still feels instant.
 *
 * Delivery is to this node's own sockets (`io.local`); with a cluster adapter the items this node
 * committed are forwarded to the other nodes once per flush, and each node batches for its own
 * walls. So a wall gets every event exactly once, at ≤ 4 messages a second, whichever node it is on.
 */
export class WallCoalescer {
  private readonly buffers = new Map<string, RoomBuffer>();
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private peers: PeerEmitter | undefined;

  constructor(
    private readonly io: Server,
    private readonly options: { intervalMs?: number; metrics?: ServerMetrics } = {},
  ) {}

  /** Turns on forwarding between nodes; call once the cluster adapter is installed. */
  enableCluster(): void {
    this.peers = (event, batches) => this.io.serverSideEmit(event, batches);
    this.io.on(PEER_EVENT, (batches: Record<string, WallItem[]>) => {
      for (const [room, items] of Object.entries(batches)) {
        if (!room.startsWith('wall:') || !Array.isArray(items)) continue;
        for (const item of items) this.add(room, item, false);
      }
    });
  }

  /** A publisher that sends wall rooms' share through the coalescer and everything else straight on. */
  wrap(inner: Publisher): Publisher {
    return {
      publish: (rooms, event, payload) => {
        const direct = rooms.filter((room) => !room.startsWith('wall:'));
        if (direct.length > 0) inner.publish(direct, event, payload);
        const seq = (payload as { seq?: unknown }).seq;
        for (const room of rooms) {
          if (room.startsWith('wall:')) this.add(room, { event, seq: typeof seq === 'number' ? seq : 0, payload }, true);
        }
      },
    };
  }

  private add(room: string, item: WallItem, local: boolean): void {
    let buffer = this.buffers.get(room);
    if (!buffer) {
      buffer = { pending: [], forward: [] };
      this.buffers.set(room, buffer);
    }
    buffer.pending.push(item);
    if (local && this.peers) buffer.forward.push(item);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    const interval = this.options.intervalMs ?? 250;
    const wait = Math.max(0, this.lastFlush + interval - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = Date.now();
    const forward: Record<string, WallItem[]> = {};
    let forwarding = false;
    for (const [room, buffer] of this.buffers) {
      if (buffer.pending.length > 0) {
        const events = buffer.pending.sort((a, b) => a.seq - b.seq);
        const batch: WallBatchEvent = { room, fromSeq: events[0]!.seq, toSeq: events[events.length - 1]!.seq, events };
        (this.io.local.to(room).emit as (event: string, batch: WallBatchEvent) => boolean)(WALL_BATCH_EVENT, batch);
        this.options.metrics?.wallBatches.inc();
        this.options.metrics?.wallEvents.inc(events.length);
      }
      if (buffer.forward.length > 0) {
        forward[room] = buffer.forward;
        forwarding = true;
      }
      this.buffers.delete(room);
    }
    if (forwarding) this.peers?.(PEER_EVENT, forward);
  }

  /** Sends what is buffered now (at shutdown) and stops the timer. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.flush();
  }
}
