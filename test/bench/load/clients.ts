import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { Samples } from './latency.ts';

export type ClientKind = 'operator' | 'officer' | 'wall';

export interface ClientSpec {
  kind: ClientKind;
  url: string;
  token: string;
  request: { county?: string; teams?: string[]; wall?: string };
}

/** The description every load report carries; the number finds its send time on receipt. */
export const tag = (run: string, n: number): string => `${tagPrefix(run)}${n}`;
export const tagPrefix = (run: string): string => `压测上报 ${run} #`;
const TAG = /#(\d+)$/;

function reportNumber(payload: unknown): number {
  const description = (payload as { incident?: { description?: unknown } } | undefined)?.incident?.description;
  const match = typeof description === 'string' ? TAG.exec(description) : null;
  return match ? Number(match[1]) : -1;
}

/**
 * Send times and receipts of one run, by report number: latency samples per audience and
 * receipt counts, so what was expected but never arrived (lost) or arrived twice can be counted.
 */
export class Tracker {
  readonly sentAt: Float64Array;
  readonly team = new Samples();
  readonly operator = new Samples();
  readonly wall = new Samples();
  readonly teamCount: Uint16Array;
  readonly operatorDispatchCount: Uint16Array;
  readonly operatorIncidentCount: Uint16Array;
  readonly wallCount: Uint16Array;
  unknown = 0;

  constructor(readonly capacity: number) {
    this.sentAt = new Float64Array(capacity).fill(NaN);
    this.teamCount = new Uint16Array(capacity);
    this.operatorDispatchCount = new Uint16Array(capacity);
    this.operatorIncidentCount = new Uint16Array(capacity);
    this.wallCount = new Uint16Array(capacity);
  }

  private latency(n: number, now: number): number {
    if (n < 0 || n >= this.capacity || Number.isNaN(this.sentAt[n]!)) {
      this.unknown++;
      return NaN;
    }
    return now - this.sentAt[n]!;
  }

  onTeam(payload: unknown): void {
    const now = performance.now();
    const n = reportNumber(payload);
    const ms = this.latency(n, now);
    if (Number.isNaN(ms)) return;
    this.team.add(ms);
    this.teamCount[n]!++;
  }

  onOperator(event: 'incident:created' | 'dispatch:created', payload: unknown): void {
    const now = performance.now();
    const n = reportNumber(payload);
    const ms = this.latency(n, now);
    if (Number.isNaN(ms)) return;
    if (event === 'dispatch:created') {
      this.operator.add(ms);
      this.operatorDispatchCount[n]!++;
    } else {
      this.operatorIncidentCount[n]!++;
    }
  }

  onWallItem(payload: unknown): void {
    const now = performance.now();
    const n = reportNumber(payload);
    const ms = this.latency(n, now);
    if (Number.isNaN(ms)) return;
    this.wall.add(ms);
    this.wallCount[n]!++;
  }
}

/** 1,000 socket.io clients in this process (websocket transport only), each in its rooms. */
export class Fleet {
  private readonly sockets: Socket[] = [];

  constructor(
    private readonly tracker: () => Tracker,
    /** Sees every dispatch:created an operator receives (the bench keeps one per point for the reference run). */
    private readonly onOperatorDispatch?: (payload: unknown) => void,
  ) {}

  get size(): number {
    return this.sockets.length;
  }

  /** Connects and subscribes every client, `parallel` at a time; throws if any is refused. */
  async connect(specs: readonly ClientSpec[], parallel = 50): Promise<void> {
    for (let i = 0; i < specs.length; i += parallel) {
      await Promise.all(specs.slice(i, i + parallel).map((spec) => this.connectOne(spec)));
    }
  }

  private async connectOne(spec: ClientSpec): Promise<void> {
    const socket = io(spec.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: spec.token }, timeout: 30_000 });
    this.sockets.push(socket);
    if (spec.kind === 'officer') {
      socket.on('dispatch:created', (p: unknown) => this.tracker().onTeam(p));
    } else if (spec.kind === 'operator') {
      socket.on('dispatch:created', (p: unknown) => {
        this.tracker().onOperator('dispatch:created', p);
        this.onOperatorDispatch?.(p);
      });
      socket.on('incident:created', (p: unknown) => this.tracker().onOperator('incident:created', p));
    } else {
      socket.on('wall:updated', (batch: { events?: Array<{ payload: unknown }> }) => {
        for (const item of batch.events ?? []) this.tracker().onWallItem(item.payload);
      });
      // The raw socket.io reference does not coalesce: walls get each event.
      socket.on('dispatch:created', (p: unknown) => this.tracker().onWallItem(p));
      socket.on('incident:created', (p: unknown) => this.tracker().onWallItem(p));
    }
    const result = (await socket.timeout(30_000).emitWithAck('session:subscribe', spec.request)) as { ok: boolean; error?: { message: string } };
    if (!result.ok) throw new Error(`subscribe ${JSON.stringify(spec.request)} refused: ${result.error?.message}`);
  }

  /** Clients still connected (a server that drops sockets under load shows up here). */
  connected(): number {
    return this.sockets.filter((s) => s.connected).length;
  }

  close(): void {
    for (const socket of this.sockets.splice(0)) socket.disconnect();
  }
}
