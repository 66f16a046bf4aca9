/**
 * The acknowledgement ladder of a dispatch order: the team must acknowledge (签收) within a set
 * time; if it does not, the order is escalated to the township commander, then to the county
 * dispatch center. Pure: a timer service calls it with what it has recorded and the time, after
 * every tick and after a restart, and fires exactly the steps it returns.
 *
 * Deadlines are absolute (createdAt + afterMs), not relative to the previous firing: after an
 * outage every step whose time has passed fires at once, in order, and downtime never stretches
 * the ladder. Once the order is acknowledged nothing more fires, even a step that was missed.
 */
import { z } from 'zod';
import { instantMs, isoInstant, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';

export const ESCALATION_LEVELS = ['townshipCommander', 'countyDispatchCenter'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  townshipCommander: '乡镇（街道）指挥长',
  countyDispatchCenter: '县执法调度指挥中心',
};

export interface AckLadderStep {
  level: EscalationLevel;
  /** Milliseconds after the order was created. The first step's time is the acknowledgement deadline. */
  afterMs: number;
}

export interface AckLadderConfig {
  steps: readonly AckLadderStep[];
}

const MINUTE = 60_000;

export const DEFAULT_ACK_LADDER: AckLadderConfig = {
  steps: [
    { level: 'townshipCommander', afterMs: 5 * MINUTE },
    { level: 'countyDispatchCenter', afterMs: 10 * MINUTE },
  ],
};

/** For configs read from county data: each level once, strictly later than the one before. */
export const ackLadderConfigSchema = z
  .strictObject({
    steps: z.array(z.strictObject({ level: z.enum(ESCALATION_LEVELS), afterMs: z.int().positive() })).min(1),
  })
  .superRefine((config, ctx) => {
    config.steps.forEach((step, i) => {
      const prev = config.steps[i - 1];
      if (prev && step.afterMs <= prev.afterMs) ctx.addIssue({ code: 'custom', path: ['steps', i, 'afterMs'], message: `must be later than step ${i - 1} (${prev.afterMs} ms)` });
      if (config.steps.findIndex((s) => s.level === step.level) !== i) ctx.addIssue({ code: 'custom', path: ['steps', i, 'level'], message: `${step.level} appears twice` });
    });
  });

/** The usual two-rung ladder: acknowledge within `ackWithinMs`, county `countyAfterMs` after that. */
export function twoStepAckLadder(ackWithinMs = 5 * MINUTE, countyAfterMs = 5 * MINUTE): AckLadderConfig {
  return { steps: [{ level: 'townshipCommander', afterMs: ackWithinMs }, { level: 'countyDispatchCenter', afterMs: ackWithinMs + countyAfterMs }] };
}

export interface AckOrderTimes {
  createdAt: Instant;
  /** Absent or null while unacknowledged. A time after `now` counts as not yet acknowledged. */
  acknowledgedAt?: Instant | null;
}

/** An escalation the service has already fired (and stored). */
export interface RecordedEscalation {
  level: EscalationLevel;
}

export interface LadderStep {
  level: EscalationLevel;
  /** ISO 8601 UTC. */
  dueAt: string;
}

export type AckLadderState =
  | { ok: true; state: 'acknowledged'; acknowledgedAt: string; late: boolean }
  /** `next` is the first step not yet recorded; `due`: its time has come (fire it now). */
  | { ok: true; state: 'waiting'; next: LadderStep; due: boolean }
  /** Every step has fired and the order is still unacknowledged: people now own it. */
  | { ok: true; state: 'exhausted' };

type LadderError = DomainFailure<'INVALID_TIME' | 'ACK_BEFORE_ORDER'>;

interface Parsed {
  createdMs: number;
  ackMs: number | null;
  nowMs: number;
}

function parse(order: AckOrderTimes, now: Instant): Parsed | LadderError {
  const bad = (x: Instant) => failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(x)}`, `not an ISO 8601 instant with zone: ${String(x)}`);
  const createdMs = instantMs(order.createdAt);
  if (createdMs === null) return bad(order.createdAt);
  const nowMs = instantMs(now);
  if (nowMs === null) return bad(now);
  let ackMs: number | null = null;
  if (order.acknowledgedAt !== undefined && order.acknowledgedAt !== null) {
    ackMs = instantMs(order.acknowledgedAt);
    if (ackMs === null) return bad(order.acknowledgedAt);
    if (ackMs < createdMs) return failure('ACK_BEFORE_ORDER', '签收时间早于派遣时间', `acknowledged at ${isoInstant(ackMs)}, before the order was created`);
  }
  return { createdMs, ackMs, nowMs };
}

function pending(p: Parsed, recorded: readonly RecordedEscalation[], config: AckLadderConfig): LadderStep[] {
  const fired = new Set(recorded.map((r) => r.level));
  return config.steps.filter((s) => !fired.has(s.level)).map((s) => ({ level: s.level, dueAt: isoInstant(p.createdMs + s.afterMs) }));
}

export function ackLadderState(order: AckOrderTimes, recorded: readonly RecordedEscalation[], config: AckLadderConfig, now: Instant): AckLadderState | LadderError {
  const p = parse(order, now);
  if ('ok' in p) return p;
  if (p.ackMs !== null && p.ackMs <= p.nowMs) {
    const first = config.steps[0];
    return { ok: true, state: 'acknowledged', acknowledgedAt: isoInstant(p.ackMs), late: first !== undefined && p.ackMs > p.createdMs + first.afterMs };
  }
  const next = pending(p, recorded, config)[0];
  if (!next) return { ok: true, state: 'exhausted' };
  return { ok: true, state: 'waiting', next, due: Date.parse(next.dueAt) <= p.nowMs };
}

/** The steps to fire now, in ladder order; empty once acknowledged. Recording them makes the next call return none. */
export function dueEscalations(order: AckOrderTimes, recorded: readonly RecordedEscalation[], config: AckLadderConfig, now: Instant): { ok: true; steps: LadderStep[] } | LadderError {
  const p = parse(order, now);
  if ('ok' in p) return p;
  if (p.ackMs !== null && p.ackMs <= p.nowMs) return { ok: true, steps: [] };
  return { ok: true, steps: pending(p, recorded, config).filter((s) => Date.parse(s.dueAt) <= p.nowMs) };
}
