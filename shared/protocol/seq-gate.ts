/**
 * Delivers sequenced events to a client in order, exactly once, across a reconnect.
 *
 * Live broadcasts can arrive before the replay of what was missed (the socket joins its rooms,
 * then the server reads the log), so live events are held until the replay is in, then released
 * past what the replay delivered. Pure: the caller feeds it and handles what it emits.
 */
export class SeqGate<T extends { seq: number }> {
  private held: T[] = [];
  private replaying = false;

  constructor(
    private lastSeq: number,
    private readonly deliver: (event: T) => void,
  ) {}

  get last(): number {
    return this.lastSeq;
  }

  /** Call when (re)subscribing with `afterSeq: gate.last`: live events wait for the replay. */
  beginReplay(): void {
    this.replaying = true;
  }

  /** The missed events, in seq order; `done` false while more pages are still to come. */
  replay(events: readonly T[], done = true): void {
    for (const event of events) this.accept(event);
    if (!done) return;
    this.replaying = false;
    const held = this.held.sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const event of held) this.accept(event);
  }

  live(event: T): void {
    if (this.replaying) this.held.push(event);
    else this.accept(event);
  }

  private accept(event: T): void {
    if (event.seq <= this.lastSeq) return; // already delivered: a replay overlapping live traffic
    this.lastSeq = event.seq;
    this.deliver(event);
  }
}
