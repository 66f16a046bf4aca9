import { evolve, type JointAction, type JointActionEvent } from '../../shared/domain/joint-action.ts';
import type { EventRecord, Store } from '../repositories/store.ts';

/** What a `joint-action:*` entry of the event log carries. */
export interface JointActionLogPayload {
  jointActionId: string;
  countyCode: string;
  townshipCode?: string;
  actor: { userId: string; unitId: string; role?: string };
  event: JointActionEvent;
}

export const JOINT_ACTION_LOG_PREFIX = 'joint-action:';
const PAGE = 1000;
/** Recent refusals kept so a command can learn its own event lost a race. */
const REFUSALS_KEPT = 1000;

/**
 * Joint actions as a projection of the event log, with no table of their own.
 *
 * Why event-sourced: an action is a handful of events from many hands (initiator, county,
 * every participant); the log already is the durable, ordered, audited record on both stores, so
 * the current state is a fold over it. No new tables or journal record kinds were needed, the
 * audit trail is complete by construction, and several nodes converge because each folds the same
 * log in the same `seq` order. Before every command and read the projection catches up from the
 * last `seq` it saw, so a change committed on another node is visible here. When two nodes commit
 * conflicting events (two acknowledgements of one unit), `evolve` refuses the later one on every
 * node alike: first in the log wins, and the loser learns it from `refusal(seq)`.
 */
export class JointActionProjection {
  private readonly actions = new Map<string, JointAction>();
  private readonly refusals = new Map<number, string>();
  private seq = 0;
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly store: Store) {}

  get lastSeq(): number {
    return this.seq;
  }

  /** Reads what was committed since the last call (single flight: concurrent callers share one read). */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.read().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  /** Catches up until `seq` is folded in (our commit may land after a read already in flight began). */
  async catchUpTo(seq: number): Promise<void> {
    for (let tries = 0; this.seq < seq; tries++) {
      if (tries === 3) throw new Error(`event ${seq} is not readable yet (log at ${this.seq})`);
      await this.catchUp();
    }
  }

  get(id: string): JointAction | undefined {
    return this.actions.get(id);
  }

  all(): JointAction[] {
    return [...this.actions.values()];
  }

  /** Why the event at `seq` was not applied, or undefined when it was (or was not ours). */
  refusal(seq: number): string | undefined {
    return this.refusals.get(seq);
  }

  private async read(): Promise<void> {
    for (;;) {
      const page = await this.store.eventsAfter(this.seq, PAGE);
      for (const record of page) this.apply(record);
      if (page.length < PAGE) return;
    }
  }

  private apply(record: EventRecord): void {
    if (record.seq <= this.seq) return;
    this.seq = record.seq;
    if (!record.type.startsWith(JOINT_ACTION_LOG_PREFIX)) return;
    const payload = record.payload as JointActionLogPayload;
    const current = this.actions.get(payload.jointActionId);
    const next = evolve(current, payload.event);
    if (next.ok) {
      this.actions.set(next.action.id, next.action);
      return;
    }
    this.refusals.set(record.seq, next.message);
    if (this.refusals.size > REFUSALS_KEPT) this.refusals.delete(this.refusals.keys().next().value!);
  }
}
