import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACK_LADDER } from '../../shared/domain/ack-ladder.ts';
import { reportInputSchema } from '../../shared/protocol/reports.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { JournalStore } from '../../server/repositories/embedded/journal-store.ts';
import { readGridFiles } from '../../server/repositories/grid-files.ts';
import { readJurisdictionFiles } from '../../server/repositories/jurisdiction-files.ts';
import type { Store } from '../../server/repositories/store.ts';
import { AckTimerService } from '../../server/services/ack-timer-service.ts';
import { DomainError } from '../../server/services/domain-error.ts';
import { GridService } from '../../server/services/grid-service.ts';
import { IntakeService } from '../../server/services/intake-service.ts';
import type { Publisher } from '../../server/services/publisher.ts';
import { reportPoints } from '../contract/report-points.ts';
import { ManualTime } from '../helpers/manual-time.ts';

const READS = ['getIncident', 'findIdempotentResponse', 'listIncidents', 'eventsAfter', 'listPendingOrders'] as const;

/** The real store, with every read counted by method. */
function countingReads(inner: Store): { store: Store; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...a: unknown[]) => unknown).bind(target);
      if (!(READS as readonly PropertyKey[]).includes(property)) return bound;
      return (...args: unknown[]) => {
        reads.set(String(property), (reads.get(String(property)) ?? 0) + 1);
        return bound(...args);
      };
    },
  });
  return { store, reads };
}

describe('intake: reads per report', () => {
  let dir: string;
  let journal: JournalStore;
  let grids: GridService;
  const time = new ManualTime(Date.parse('2026-03-02T02:00:00.000Z'));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gd-intake-reads-'));
    journal = await JournalStore.open(dir);
    const { counties, collections } = readGridFiles(`${REPO_ROOT}data/grids`);
    grids = new GridService(counties, collections, readJurisdictionFiles(`${REPO_ROOT}data`));
  });
  afterAll(async () => {
    await journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a new keyed report and arms its ack ladder without reading the store; a retry gets the original answer', async () => {
    const { store, reads } = countingReads(journal);
    const sent: string[] = [];
    const publisher: Publisher = { publish: (_rooms, event) => void sent.push(event) };
    const ackTimers = new AckTimerService({ store, publisher, now: time.now, scheduler: time, ladderFor: () => DEFAULT_ACK_LADDER, log: (m) => expect.fail(m) });
    let ids = 0;
    const intake = new IntakeService({ store, grids, publisher, now: time.now, newId: () => `id-${++ids}`, orders: ackTimers });
    const [point] = reportPoints(1);
    const input = reportInputSchema.parse({ lon: point!.lon, lat: point!.lat, description: '占道经营', source: 'patrol' });

    const first = await intake.submit(input, 'key-1');
    await ackTimers.idle();
    expect(first.status).toBe(201);
    expect(sent).toContain('dispatch:created');
    expect([...reads]).toEqual([]);
    // The ladder's first step is armed from the order itself.
    expect(time.scheduled).toBe(1);

    const retry = await intake.submit(input, 'key-1');
    expect(retry).toEqual(first);
    expect(reads.get('findIdempotentResponse')).toBe(1);
    expect((await journal.listIncidents({ limit: 10 })).items).toHaveLength(1);

    await expect(intake.submit({ ...input, description: '另一件事' }, 'key-1')).rejects.toSatisfy(
      (error: unknown) => error instanceof DomainError && error.code === 'IDEMPOTENCY_KEY_REUSED',
    );
    await ackTimers.stop();
  });
});
