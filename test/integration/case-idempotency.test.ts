import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { pointsIn } from '../helpers/case-flow.ts';
import { createTestDatabase, postgisAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** 南乐县 城关镇: its team has a demo officer account. */
const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;
const OFFICER = `nanle.officer.${TEAM}`;

/**
 * A phone in the field sends 签收 (acknowledge), the answer is lost, the outbox resends with the
 * same Idempotency-Key: it must get the first answer back, not 409 ILLEGAL_TRANSITION.
 */
function suite(name: string, start: () => Promise<{ server: TestServer; database?: TestDatabase }>) {
  describe(`case steps with an Idempotency-Key (${name})`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    const points = pointsIn(TOWNSHIP, 3);

    beforeAll(async () => {
      ({ server, database } = await start());
    });
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    async function call(username: string, method: string, path: string, body?: unknown, key?: string) {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { ...bearer(await loginAs(server, username)), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { 'Idempotency-Key': key } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    }

    async function dispatchedCase(k: number): Promise<{ incident: IncidentWithOrdersView; certified: string[] }> {
      const posted = await call('nanle.operator', 'POST', '/reports', { ...points[k], description: `重复签收测试 ${k}`, source: 'hotline' });
      expect(posted.status).toBe(201);
      expect(posted.body.route.unit.id).toBe(TEAM);
      const ranking = (await call(OFFICER, 'GET', `/incidents/${posted.body.id}/officer-recommendations`)).body as OfficerRecommendations;
      const certified = ranking.ranked.filter((r) => r.certified).map((r) => r.officer.id);
      expect(certified.length).toBeGreaterThanOrEqual(2);
      return { incident: (await call('nanle.operator', 'GET', `/incidents/${posted.body.id}`)).body, certified };
    }

    it('answers a resent acknowledgement with the first answer and records the step once', async () => {
      const { incident, certified } = await dispatchedCase(0);
      const body = { officerIds: certified.slice(0, 2) };
      const first = await call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, body, 'ack-phone-1');
      expect(first.status).toBe(200);
      const again = await call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, body, 'ack-phone-1');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const audit = await call('nanle.operator', 'GET', `/audit?incidentId=${incident.id}&limit=100`);
      expect(audit.status).toBe(200);
      const acks = (audit.body.items as { type: string }[]).filter((e) => e.type === 'dispatch:acknowledged');
      expect(acks).toHaveLength(1);
      // Without the key the same step is a new request, and the case no longer allows it.
      const bare = await call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, body);
      expect(bare.status).toBe(409);
      expect(bare.body.error.code).toBe('ILLEGAL_TRANSITION');
    });

    it('sends concurrent twins through once', async () => {
      const { incident, certified } = await dispatchedCase(1);
      const body = { officerIds: certified.slice(0, 2) };
      const twins = await Promise.all([1, 2, 3].map(() => call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, body, 'ack-twins')));
      expect(twins.map((t) => t.status)).toEqual([200, 200, 200]);
      expect(new Set(twins.map((t) => t.body.seq)).size).toBe(1);
      const read = await call('nanle.operator', 'GET', `/incidents/${incident.id}`);
      expect(read.body.case.version).toBe(incident.case!.version + 1);
    });

    it('refuses a key reused for a different request (422), a malformed key (400); another account with the key gets no replay', async () => {
      const { incident, certified } = await dispatchedCase(2);
      const ok = await call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) }, 'ack-reuse');
      expect(ok.status).toBe(200);
      // Keys are scoped per account and route (server/http/idempotency-key.ts): the same key on the same step with another body is refused.
      const reused = await call(OFFICER, 'POST', `/incidents/${incident.id}/acknowledge`, { officerIds: [...certified.slice(0, 2)].reverse() }, 'ack-reuse');
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const malformed = await call(OFFICER, 'POST', `/incidents/${incident.id}/return`, { reason: 'x' }, 'bad key with spaces');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('INVALID_IDEMPOTENCY_KEY');
      // Another account's request under the same key is its own request: judged (and refused) on its own, never answered from the officer's record.
      const stranger = await call('nanle.twp.410923101000', 'POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) }, 'ack-reuse');
      expect(stranger.status).toBe(403);
      expect(stranger.body.incident).toBeUndefined();
      const read = await call('nanle.operator', 'GET', `/incidents/${incident.id}`);
      expect(read.body.status).toBe(ok.body.incident.status);
    });
  });
}

suite('embedded', async () => ({ server: await startTestServer() }));

if (await postgisAvailable('case idempotency on PostGIS')) {
  suite('PostGIS', async () => {
    const database = await createTestDatabase('case_idem');
    return { server: await startTestServer({ databaseUrl: database.url }), database };
  });
}
