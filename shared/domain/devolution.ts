/**
 * Devolution (赋权): which matters a county has handed to which townships, batch by batch
 * ("成熟一批、划转一批"), each batch with the day it takes effect and optionally the last day it
 * applies; revocations (收回) take matters back from a day on. Dates are calendar days in
 * Asia/Shanghai (UTC+8, no daylight saving), the way the documents state them.
 */

export interface DevolutionBatch {
  id: string;
  /** e.g. 第一批. */
  name: string;
  /** First day in force, YYYY-MM-DD. */
  effectiveFrom: string;
  /** Last day in force, inclusive (有效期至); absent = open-ended. */
  effectiveTo?: string;
  /** Township codes (12-digit) receiving the matters. */
  townships: string[];
  matters: string[];
  /** Where the batch comes from, and which facts are assumed. */
  note?: string;
}

export interface DevolutionRevocation {
  id: string;
  name: string;
  /** First day the matters are back with the county. */
  effectiveFrom: string;
  townships: string[];
  matters: string[];
  note?: string;
}

export interface Devolution {
  batches: DevolutionBatch[];
  revocations: DevolutionRevocation[];
}

const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 86_400_000;

/** Epoch ms of 00:00 Asia/Shanghai on a YYYY-MM-DD day. */
export function shanghaiDayStart(date: string): number {
  return Date.parse(`${date}T00:00:00${SHANGHAI_OFFSET}`);
}

/** The Asia/Shanghai calendar day an instant falls on. */
export function shanghaiDate(atMs: number): string {
  return new Date(atMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** True when `atMs` lies within [from 00:00, to 24:00) Asia/Shanghai; null bounds are open. */
export function withinDays(atMs: number, from: string | null | undefined, to: string | null | undefined): boolean {
  if (from && atMs < shanghaiDayStart(from)) return false;
  if (to && atMs >= shanghaiDayStart(to) + DAY_MS) return false;
  return true;
}

export type DevolutionStatus =
  /** In force at the instant. */
  | { state: 'devolved'; batch: DevolutionBatch }
  /** A batch names the pair but has not started yet: the county still holds it. */
  | { state: 'pending'; batch: DevolutionBatch }
  /** It was devolved, but the batch ran out or a revocation took it back. */
  | { state: 'ended'; batch: DevolutionBatch; endedOn: string; revocation?: DevolutionRevocation }
  | { state: 'none' };

type Change =
  | { at: number; kind: 'grant'; batch: DevolutionBatch }
  | { at: number; kind: 'expire'; batch: DevolutionBatch; day: string }
  | { at: number; kind: 'revoke'; revocation: DevolutionRevocation };

function nextDay(date: string): string {
  return shanghaiDate(shanghaiDayStart(date) + DAY_MS);
}

/**
 * Replays the grants, expiries and revocations touching one (township, matter) pair up to `atMs`.
 * Same-day ties apply expiries and revocations before grants, so a batch starting the day
 * another ends takes over cleanly.
 */
export function devolutionStatus(devolution: Devolution, townshipCode: string, matterCode: string, atMs: number): DevolutionStatus {
  const changes: Change[] = [];
  for (const batch of devolution.batches) {
    if (!batch.townships.includes(townshipCode) || !batch.matters.includes(matterCode)) continue;
    changes.push({ at: shanghaiDayStart(batch.effectiveFrom), kind: 'grant', batch });
    if (batch.effectiveTo) {
      const day = nextDay(batch.effectiveTo);
      changes.push({ at: shanghaiDayStart(day), kind: 'expire', batch, day });
    }
  }
  if (changes.length === 0) return { state: 'none' };
  for (const revocation of devolution.revocations) {
    if (revocation.townships.includes(townshipCode) && revocation.matters.includes(matterCode)) {
      changes.push({ at: shanghaiDayStart(revocation.effectiveFrom), kind: 'revoke', revocation });
    }
  }
  const order = { expire: 0, revoke: 0, grant: 1 } as const;
  changes.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind]);

  // Batches in force, latest grant last; a revocation clears them all.
  let active: DevolutionBatch[] = [];
  let ended: Extract<DevolutionStatus, { state: 'ended' }> | null = null;
  for (const change of changes) {
    if (change.at > atMs) break;
    if (change.kind === 'grant') active = [...active.filter((b) => b !== change.batch), change.batch];
    else if (change.kind === 'expire') {
      if (active.includes(change.batch)) {
        active = active.filter((b) => b !== change.batch);
        if (active.length === 0) ended = { state: 'ended', batch: change.batch, endedOn: change.day };
      }
    } else {
      const last = active.at(-1);
      if (last) ended = { state: 'ended', batch: last, endedOn: change.revocation.effectiveFrom, revocation: change.revocation };
      active = [];
    }
  }
  const current = active.at(-1);
  if (current) return { state: 'devolved', batch: current };
  if (ended) return ended;
  // Nothing applied yet: report the earliest batch still to come.
  const upcoming = changes.find((c): c is Extract<Change, { kind: 'grant' }> => c.kind === 'grant' && c.at > atMs);
  return upcoming ? { state: 'pending', batch: upcoming.batch } : { state: 'none' };
}

/** Matter codes devolved to a township at an instant. */
export function devolvedMatters(devolution: Devolution, townshipCode: string, atMs: number): string[] {
  const candidates = new Set<string>();
  for (const batch of devolution.batches) {
    if (batch.townships.includes(townshipCode)) for (const m of batch.matters) candidates.add(m);
  }
  return [...candidates].filter((m) => devolutionStatus(devolution, townshipCode, m, atMs).state === 'devolved').sort();
}
