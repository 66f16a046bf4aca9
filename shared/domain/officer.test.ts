import { describe, expect, it } from 'vitest';
import { certificationAt, haversineMeters, rankOfficers, type Officer, type OfficerRanking } from './officer.ts';

const UNIT = 'team-410923100000';
const NOW = '2025-03-03T10:00:00+08:00';
const nowMs = Date.parse(NOW);
const incident = { lon: 115.2, lat: 36.07 };
const cert = { number: 'HN-0001', expiresOn: '2026-12-31' };

function officer(id: string, over: Partial<Officer> = {}): Officer {
  return { id, name: `执法员${id}`, unitId: UNIT, certificate: cert, status: 'available', lastPosition: { lon: 115.2, lat: 36.08, at: '2025-03-03T09:55:00+08:00' }, ...over };
}
function ranking(r: ReturnType<typeof rankOfficers>): OfficerRanking {
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('haversineMeters', () => {
  it('measures a degree of latitude and Beijing–Shanghai', () => {
    expect(haversineMeters({ lon: 0, lat: 0 }, { lon: 0, lat: 1 })).toBeCloseTo(111_195, 0);
    const km = haversineMeters({ lon: 116.4074, lat: 39.9042 }, { lon: 121.4737, lat: 31.2304 }) / 1000;
    expect(km).toBeGreaterThan(1060);
    expect(km).toBeLessThan(1075);
    expect(haversineMeters(incident, incident)).toBe(0);
  });
});

describe('certificationAt', () => {
  it('counts the printed expiry date as the last valid day in Shanghai', () => {
    const o = officer('a', { certificate: { number: 'X', expiresOn: '2025-03-03' } });
    expect(certificationAt(o, Date.parse('2025-03-03T23:59:59+08:00'))).toBe('valid');
    expect(certificationAt(o, Date.parse('2025-03-03T16:00:00Z'))).toBe('expired'); // 4 March 00:00 in Shanghai
    expect(certificationAt(officer('b', { certificate: null }), nowMs)).toBe('none');
    expect(certificationAt(officer('c', { certificate: { number: ' ', expiresOn: '2030-01-01' } }), nowMs)).toBe('none');
    expect(certificationAt(officer('d', { certificate: { number: 'X', expiresOn: '2030-02-30' } }), nowMs)).toBe('expired');
  });
});

describe('rankOfficers', () => {
  it('lists the unit’s free officers nearest first, with reasons', () => {
    const far = officer('far', { lastPosition: { lon: 115.2, lat: 36.2, at: '2025-03-03T09:59:00+08:00' } });
    const near = officer('near', { status: 'onDuty', lastPosition: { lon: 115.2, lat: 36.071, at: '2025-03-03T09:59:00+08:00' } });
    const r = ranking(rankOfficers([far, near, officer('other', { unitId: 'team-x' })], incident, UNIT, NOW));
    expect(r.ranked.map((x) => x.officer.id)).toEqual(['near', 'far']);
    const first = r.ranked[0]!;
    expect(first.distanceMeters).toBe(Math.round(haversineMeters(near.lastPosition!, incident)));
    expect(first.reasons.map((x) => x.code)).toEqual(['distance', 'status', 'certified']);
    expect(first.reasons[1]!.message).toContain('在岗');
    expect(r.excluded).toEqual([]);
  });

  it('excludes busy and off-duty officers of the unit, saying why', () => {
    const r = ranking(rankOfficers([officer('z', { status: 'offDuty' }), officer('y', { status: 'onScene' }), officer('x', { status: 'enRoute' }), officer('w')], incident, UNIT, NOW));
    expect(r.ranked.map((x) => x.officer.id)).toEqual(['w']);
    expect(r.excluded.map((x) => x.officerId)).toEqual(['x', 'y', 'z']);
    expect(r.excluded[2]!.reason.message).toContain('不在岗');
  });

  it('breaks ties by id and puts officers without a position last', () => {
    const r = ranking(rankOfficers([officer('c', { lastPosition: null }), officer('b'), officer('a'), officer('0', { lastPosition: null })], incident, UNIT, NOW));
    expect(r.ranked.map((x) => x.officer.id)).toEqual(['a', 'b', '0', 'c']);
    expect(r.ranked[2]).toMatchObject({ distanceMeters: null, stalePosition: true });
    expect(r.ranked[2]!.reasons[0]!.code).toBe('noPosition');
  });

  it('flags positions older than 30 minutes (or unreadable) but keeps the officer', () => {
    const at = (iso: string) => ({ lon: 115.2, lat: 36.08, at: iso });
    const r = ranking(
      rankOfficers(
        [officer('fresh', { lastPosition: at('2025-03-03T09:30:00+08:00') }), officer('old', { lastPosition: at('2025-03-03T09:29:59+08:00') }), officer('bad', { lastPosition: at('09:00') })],
        incident,
        UNIT,
        NOW,
      ),
    );
    const byId = new Map(r.ranked.map((x) => [x.officer.id, x]));
    expect(byId.get('fresh')!.stalePosition).toBe(false);
    expect(byId.get('old')!.stalePosition).toBe(true);
    expect(byId.get('old')!.reasons.find((x) => x.code === 'stalePosition')!.message).toContain('30 分钟');
    expect(byId.get('bad')!.stalePosition).toBe(true);
    expect(ranking(rankOfficers([officer('old', { lastPosition: at('2025-03-03T09:29:59+08:00') })], incident, UNIT, NOW, { staleAfterMs: 3_600_000 })).ranked[0]!.stalePosition).toBe(false);
  });

  it('keeps uncertified officers flagged', () => {
    const r = ranking(rankOfficers([officer('a', { certificate: null }), officer('b', { certificate: { number: 'X', expiresOn: '2025-03-02' } })], incident, UNIT, NOW));
    expect(r.ranked.map((x) => [x.officer.id, x.certified, x.reasons[2]!.code])).toEqual([
      ['a', false, 'notCertified'],
      ['b', false, 'certificateExpired'],
    ]);
  });

  it('refuses an invalid now', () => {
    expect(rankOfficers([officer('a')], incident, UNIT, 'now')).toMatchObject({ ok: false, code: 'INVALID_TIME' });
  });
});
