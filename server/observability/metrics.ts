import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Latency buckets (seconds) from sub-millisecond routing to multi-second stalls. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Something that can say how many timers are due and not yet fired (the ack-ladder sweep). */
export type BacklogSource = () => number | Promise<number>;

/**
 * One Prometheus registry per server instance (not prom-client's global one), so several servers
 * in one process — the test suite — do not share or double-register series.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly reportsAccepted: Counter<string>;
  readonly storeCommits: Histogram<'store'>;
  readonly routing: Histogram<string>;
  readonly dispatch: Histogram<'event'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly socketClients: Gauge<'role'>;
  readonly admissionInFlight: Gauge<string>;
  readonly admissionQueued: Gauge<string>;
  readonly shed: Counter<'reason' | 'status'>;
  readonly wallBatches: Counter<string>;
  readonly wallEvents: Counter<string>;
  readonly timerSweepHanded: Counter<string>;
  private timerBacklog: BacklogSource | undefined;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.reportsAccepted = new Counter({
      name: 'grid_dispatch_reports_accepted_total',
      help: 'Reports committed to the store (each with its dispatch order); rate() of it is the intake rate',
      registers,
    });
    this.storeCommits = new Histogram({
      name: 'grid_dispatch_store_commit_seconds',
      help: 'Time to commit one change set durably (fsync or SQL COMMIT)',
      labelNames: ['store'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.routing = new Histogram({
      name: 'grid_dispatch_routing_seconds',
      help: 'Time to route one report to its grid cells and responsible team',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.dispatch = new Histogram({
      name: 'grid_dispatch_dispatch_seconds',
      help: 'From routing a report to handing its broadcast to socket.io (route + commit + publish)',
      labelNames: ['event'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'grid_dispatch_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'grid_dispatch_http_request_seconds',
      help: 'HTTP request duration until the response finished',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.socketClients = new Gauge({
      name: 'grid_dispatch_socket_clients',
      help: 'Connected socket.io clients on this node, by the role of the signed-in account',
      labelNames: ['role'],
      registers,
    });
    this.admissionInFlight = new Gauge({
      name: 'grid_dispatch_admission_in_flight',
      help: 'Write requests admitted and still being processed',
      registers,
    });
    this.admissionQueued = new Gauge({
      name: 'grid_dispatch_admission_queued',
      help: 'Write requests waiting for an admission slot',
      registers,
    });
    this.shed = new Counter({
      name: 'grid_dispatch_requests_shed_total',
      help: 'Write requests refused before acceptance because the server was over capacity',
      labelNames: ['reason', 'status'],
      registers,
    });
    this.wallBatches = new Counter({
      name: 'grid_dispatch_wall_batches_total',
      help: 'Coalesced wall:batch messages sent to wall-display rooms on this node',
      registers,
    });
    this.wallEvents = new Counter({
      name: 'grid_dispatch_wall_events_total',
      help: 'Events carried inside wall:batch messages on this node',
      registers,
    });
    this.timerSweepHanded = new Counter({
      name: 'grid_dispatch_timer_sweep_handed_total',
      help: 'Overdue ack-ladder steps this node picked up in its timer sweep (their timer was on a node that died, or is late)',
      registers,
    });
    const backlog = () => this.timerBacklog;
    new Gauge({
      name: 'grid_dispatch_timer_backlog',
      help: 'Acknowledgement-ladder timers that are due and not yet fired (0 when no timer service runs)',
      registers,
      async collect() {
        const source = backlog();
        this.set(source ? await source() : 0);
      },
    });
  }

  /** The timer service registers how to count its due-and-unfired timers; read at scrape time. */
  setTimerBacklogSource(source: BacklogSource): void {
    this.timerBacklog = source;
  }

  /** The Prometheus text exposition of every series. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
