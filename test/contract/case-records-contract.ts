import { describe, expect, it } from 'vitest';
import type { CollaborationRecord } from '../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../shared/protocol/officers.ts';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import {
  ConcurrentUpdateError,
  TimerAlreadyFiredError,
  type Store,
  type TimerFiring,
} from '../../server/repositories/store.ts';
import { at, GRID, incidentAt, orderFor, reportChanges } from './fixtures.ts';

/** A stored case at a version, as the case service keeps it. */
function withCase(incident: Incident, version: number, status: Incident['status'] = 'dispatched'): Incident {
  return {
    ...incident,
    status,
    case: { holderId: 'center-x', assigneeId: incident.route.unit.id, officerIds: [], handlerIds: [], reviewerIds: [], lastEventAt: incident.receivedAt, version },
  };
}

function officer(id: string, unitId: string, overrides: Partial<OfficerRecord> = {}): OfficerRecord {
  return {
    id,
    name: `队员${id}`,
    unitId,
    countyCode: GRID.countyCode,
    certificate: { number: `ZF-${id}`, expiresOn: '2030-12-31' },
    status: 'available',
    lastPosition: { lon: 115.1, lat: 36.1, at: at(0) },
    ...overrides,
  };
}

function collaboration(id: string, overrides: Partial<CollaborationRecord> = {}): CollaborationRecord {
  return {
    id,
    caseId: 'case-1',
    kind: 'finding',
    fromUnitId: 'team-a',
    toUnitId: 'dept-market',
    receivedAt: at(0),
    answeredAt: null,
    countyCode: GRID.countyCode,
    question: '请认定',
    requestedBy: { userId: 'u-1', unitId: 'team-a' },
    answer: null,
    version: 1,
    ...overrides,
  };
}

function dispute(id: string, overrides: Partial<DisputeRecord> = {}): DisputeRecord {
  return {
    id,
    caseId: 'case-1',
    raisedBy: { actorId: 'u-1', unitId: 'team-a', kind: 'team' },
    routedUnitId: 'team-a',
    proposedUnitId: 'team-b',
    claim: '不属本镇',
    coordinatorUnitId: 'center-x',
    raisedAt: at(0),
    decisionWorkingDays: 3,
    decision: null,
    countyCode: GRID.countyCode,
    version: 1,
    ...overrides,
  };
}

const firing = (subjectId: string, step: string, s = 60): TimerFiring => ({ subjectId, step, kind: 'ack-escalation', dueAt: at(s), firedAt: at(s + 1) });

/** The workflow's part of the store contract: versioned case updates, officers, records, timer firings, audit. */
export function describeCaseRecordsContract(fresh: () => Promise<{ store: Store; reopen: () => Promise<{ store: Store }> }>): void {
  describe('case workflow records', () => {
    it('updates a case only at the version it was read at, and applies nothing of a refused commit', async () => {
      const { store } = await fresh();
      const incident = withCase(incidentAt('case-v', at(0), 1, 1), 0);
      await store.commit([{ kind: 'incident.insert', incident }, { kind: 'order.insert', order: orderFor(incident) }]);
      const handling = withCase(incident, 1, 'handling');
      const acknowledged: DispatchOrder = { ...orderFor(incident), status: 'acknowledged', acknowledgedAt: at(30), officerIds: ['o1', 'o2'] };
      const [event] = await store.commit([
        { kind: 'incident.update', incident: handling, expectedVersion: 0 },
        { kind: 'order.update', order: acknowledged },
        { kind: 'event.append', type: 'case:transitioned', at: at(30), payload: { incidentId: 'case-v' } },
      ]);
      expect(event!.seq).toBe(1);
      expect(await store.getIncident('case-v')).toEqual({ ...handling, orders: [acknowledged] });
      // A second writer that read version 0 loses, whole: no order change, no event, no seq spent.
      const stale = withCase(incident, 1, 'returned');
      await expect(
        store.commit([
          { kind: 'incident.update', incident: stale, expectedVersion: 0 },
          { kind: 'order.update', order: { ...acknowledged, status: 'returned' } },
          { kind: 'event.append', type: 'case:transitioned', at: at(31), payload: {} },
        ]),
      ).rejects.toBeInstanceOf(ConcurrentUpdateError);
      // A version that does not follow the expected one, or an unknown incident, is refused too.
      await expect(store.commit([{ kind: 'incident.update', incident: withCase(incident, 5, 'returned'), expectedVersion: 1 }])).rejects.toBeInstanceOf(ConcurrentUpdateError);
      await expect(store.commit([{ kind: 'incident.update', incident: withCase(incidentAt('ghost', at(0), 0, 0), 1), expectedVersion: 0 }])).rejects.toBeInstanceOf(
        ConcurrentUpdateError,
      );
      expect(await store.getIncident('case-v')).toEqual({ ...handling, orders: [acknowledged] });
      expect((await store.listIncidents({ limit: 5, status: 'handling' })).items.map((i) => i.id)).toEqual(['case-v']);
      expect((await store.listIncidents({ limit: 5, status: 'dispatched' })).items).toEqual([]);
      const next = await store.commit([{ kind: 'event.append', type: 'x', at: at(40), payload: {} }]);
      expect(next[0]!.seq).toBe(2);
    });

    it('lets exactly one of many concurrent updates of one case version win', async () => {
      const { store } = await fresh();
      const incident = withCase(incidentAt('race', at(0), 2, 2), 0);
      await store.commit([{ kind: 'incident.insert', incident }]);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, k) =>
          store.commit([
            { kind: 'incident.update', incident: { ...withCase(incident, 1, 'handling'), description: `writer ${k}` }, expectedVersion: 0 },
            { kind: 'event.append', type: 'case:transitioned', at: at(k + 1), payload: { k } },
          ]),
        ),
      );
      const won = results.flatMap((r, k) => (r.status === 'fulfilled' ? [k] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrentUpdateError);
      expect((await store.getIncident('race'))!.description).toBe(`writer ${won[0]}`);
      expect((await store.eventsAfter(0, 10)).map((e) => e.payload)).toEqual([{ k: won[0] }]);
    });

    it('lists the orders still waiting for acknowledgement, oldest first', async () => {
      const { store } = await fresh();
      const a = incidentAt('pa', at(10), 0, 0);
      const b = incidentAt('pb', at(5), 1, 0);
      const c = incidentAt('pc', at(20), 2, 0);
      for (const incident of [a, b, c]) await store.commit(reportChanges(incident));
      await store.commit([{ kind: 'order.update', order: { ...orderFor(c), status: 'acknowledged', acknowledgedAt: at(25) } }]);
      expect((await store.listPendingOrders()).map((o) => o.id)).toEqual(['o-pb', 'o-pa']);
    });

    it('records a timer step once: a second firing is refused with everything in its commit', async () => {
      const first = await fresh();
      const { store } = first;
      const incident = withCase(incidentAt('timed', at(0), 3, 3), 0);
      await store.commit([{ kind: 'incident.insert', incident }]);
      await store.commit([{ kind: 'timer.fired', firing: firing('o-timed', 'townshipCommander') }, { kind: 'event.append', type: 'dispatch:escalated', at: at(61), payload: {} }]);
      await expect(
        store.commit([
          { kind: 'incident.update', incident: withCase(incident, 1), expectedVersion: 0 },
          { kind: 'timer.fired', firing: firing('o-timed', 'townshipCommander', 62) },
          { kind: 'event.append', type: 'dispatch:escalated', at: at(63), payload: {} },
        ]),
      ).rejects.toBeInstanceOf(TimerAlreadyFiredError);
      expect((await store.getIncident('timed'))!.case!.version).toBe(0);
      // Concurrent firings of one step (two servers' timers): one wins.
      const racing = await Promise.allSettled([1, 2, 3].map(() => store.commit([{ kind: 'timer.fired', firing: firing('o-timed', 'countyDispatchCenter', 120) }])));
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      await store.commit([{ kind: 'timer.fired', firing: { ...firing('collab-1', 'overdue', 500), kind: 'collaboration-overdue' } }]);
      const expected = [firing('o-timed', 'townshipCommander'), firing('o-timed', 'countyDispatchCenter', 120)];
      expect(await store.timerFirings(['o-timed'])).toEqual(expected);
      expect(await store.timerFirings(['nothing', 'collab-1'])).toEqual([{ ...firing('collab-1', 'overdue', 500), kind: 'collaboration-overdue' }]);
      expect(await store.timerFirings([])).toEqual([]);
      await store.close();
      const { store: reopened } = await first.reopen();
      expect(await reopened.timerFirings(['o-timed'])).toEqual(expected);
      await expect(reopened.commit([{ kind: 'timer.fired', firing: firing('o-timed', 'countyDispatchCenter', 130) }])).rejects.toBeInstanceOf(TimerAlreadyFiredError);
    });

    it('keeps officers: seeding is idempotent, status and position update separately', async () => {
      const first = await fresh();
      const { store } = first;
      const a = officer('off-a', 'team-1');
      const b = officer('off-b', 'team-1', { certificate: null, lastPosition: null });
      const c = officer('off-c', 'team-2', { countyCode: '371521000000' });
      await store.commit([a, b, c].map((o) => ({ kind: 'officer.insert' as const, officer: o })));
      await store.commit([{ kind: 'officer.insert', officer: { ...a, name: 'changed' } }]);
      expect(await store.getOfficer('off-a')).toEqual(a);
      expect(await store.getOfficer('nobody')).toBeNull();
      const moved = { lon: 115.2, lat: 36.2, at: at(90) };
      await Promise.all([
        store.commit([{ kind: 'officer.status', officerId: 'off-b', status: 'enRoute' }]),
        store.commit([{ kind: 'officer.position', officerId: 'off-b', position: moved }]),
      ]);
      const updated = { ...b, status: 'enRoute' as const, lastPosition: moved };
      expect(await store.getOfficer('off-b')).toEqual(updated);
      expect(await store.listOfficers({ unitId: 'team-1' })).toEqual([a, updated]);
      expect(await store.listOfficers({ countyCode: '371521000000' })).toEqual([c]);
      expect((await store.listOfficers({})).map((o) => o.id)).toEqual(['off-a', 'off-b', 'off-c']);
      await store.close();
      const { store: reopened } = await first.reopen();
      expect(await reopened.listOfficers({ unitId: 'team-1' })).toEqual([a, updated]);
    });

    it('keeps collaboration requests and disputes under version checks, filtered by case, unit and openness', async () => {
      const { store } = await fresh();
      const r1 = collaboration('c1');
      const r2 = collaboration('c2', { caseId: null, fromUnitId: 'team-b', toUnitId: 'dept-safety', receivedAt: at(10) });
      await store.commit([{ kind: 'collaboration.put', request: r1, expectedVersion: 0 }, { kind: 'collaboration.put', request: r2, expectedVersion: 0 }]);
      await expect(store.commit([{ kind: 'collaboration.put', request: r1, expectedVersion: 0 }])).rejects.toBeInstanceOf(ConcurrentUpdateError);
      const answered = { ...r1, answeredAt: at(100), answer: { text: '认定属实', userId: 'u-9', unitId: 'dept-market' }, version: 2 };
      await store.commit([{ kind: 'collaboration.put', request: answered, expectedVersion: 1 }]);
      await expect(store.commit([{ kind: 'collaboration.put', request: { ...answered, version: 2 }, expectedVersion: 1 }])).rejects.toBeInstanceOf(ConcurrentUpdateError);
      expect(await store.getCollaboration('c1')).toEqual(answered);
      expect(await store.getCollaboration('zz')).toBeNull();
      expect(await store.listCollaborations({ open: true })).toEqual([r2]);
      expect(await store.listCollaborations({ open: false })).toEqual([answered]);
      expect((await store.listCollaborations({ unitId: 'dept-market' })).map((r) => r.id)).toEqual(['c1']);
      expect((await store.listCollaborations({ unitId: 'team-b' })).map((r) => r.id)).toEqual(['c2']);
      expect((await store.listCollaborations({ caseId: 'case-1', countyCode: GRID.countyCode })).map((r) => r.id)).toEqual(['c1']);
      expect(await store.listCollaborations({ countyCode: '371521000000' })).toEqual([]);

      const d1 = dispute('d1');
      const d2 = dispute('d2', { caseId: 'case-2', raisedAt: at(5), proposedUnitId: null });
      await store.commit([{ kind: 'dispute.put', dispute: d1, expectedVersion: 0 }, { kind: 'dispute.put', dispute: d2, expectedVersion: 0 }]);
      const decided = { ...d1, decision: { responsibleUnitId: 'team-c', deciderId: 'u-c', decidedAt: at(200), reason: '经核实' }, version: 2 };
      await store.commit([{ kind: 'dispute.put', dispute: decided, expectedVersion: 1 }]);
      await expect(store.commit([{ kind: 'dispute.put', dispute: { ...decided, version: 2 }, expectedVersion: 1 }])).rejects.toBeInstanceOf(ConcurrentUpdateError);
      expect(await store.getDispute('d1')).toEqual(decided);
      expect(await store.listDisputes({ open: true })).toEqual([d2]);
      expect((await store.listDisputes({})).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect((await store.listDisputes({ unitId: 'team-c' })).map((d) => d.id)).toEqual(['d1']);
      expect((await store.listDisputes({ unitId: 'team-b' })).map((d) => d.id)).toEqual(['d1']);
      expect((await store.listDisputes({ caseId: 'case-2' })).map((d) => d.id)).toEqual(['d2']);
    });

    it('answers audit queries from the event log by case, user, county and time, in pages', async () => {
      const { store } = await fresh();
      const entries = [
        { incidentId: 'i1', countyCode: GRID.countyCode, actor: { userId: 'alice', unitId: 'center-x' } },
        { incidentId: 'i2', countyCode: GRID.countyCode, actor: { userId: 'bob', unitId: 'team-1' } },
        { incidentId: 'i1', countyCode: GRID.countyCode, actor: { userId: 'bob', unitId: 'team-1' } },
        { incidentId: 'i3', countyCode: '371521000000', actor: { userId: 'alice', unitId: 'center-y' } },
        { incidentId: 'i1', countyCode: GRID.countyCode },
      ];
      for (const [k, payload] of entries.entries()) await store.commit([{ kind: 'event.append', type: 'case:transitioned', at: at(k * 10), payload }]);
      const seqs = async (query: Parameters<Store['audit']>[0]) => (await store.audit(query)).map((e) => e.seq);
      expect(await seqs({ limit: 10, incidentId: 'i1' })).toEqual([1, 3, 5]);
      expect(await seqs({ limit: 10, userId: 'bob' })).toEqual([2, 3]);
      expect(await seqs({ limit: 10, userId: 'alice', countyCode: GRID.countyCode })).toEqual([1]);
      expect(await seqs({ limit: 10, from: at(10), to: at(40) })).toEqual([2, 3, 4]);
      expect(await seqs({ limit: 2, incidentId: 'i1' })).toEqual([1, 3]);
      expect(await seqs({ limit: 2, incidentId: 'i1', afterSeq: 3 })).toEqual([5]);
      expect(await store.audit({ limit: 10, userId: 'nobody' })).toEqual([]);
      expect((await store.audit({ limit: 1, afterSeq: 1 }))[0]).toEqual({ seq: 2, type: 'case:transitioned', at: at(10), payload: entries[1] });
    });
  });
}
