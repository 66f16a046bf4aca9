import { describe, expect, it } from 'vitest';
import { checkDispatchOfficers } from './dispatch-rules.ts';
import type { Officer } from './officer.ts';

const UNIT = 'team-410923100000';
const NOW = '2025-03-03T10:00:00+08:00';

function officer(id: string, over: Partial<Officer> = {}): Officer {
  return { id, name: `执法员${id}`, unitId: UNIT, certificate: { number: `C-${id}`, expiresOn: '2026-12-31' }, status: 'available', lastPosition: null, ...over };
}
const codes = (r: ReturnType<typeof checkDispatchOfficers>) => (r.ok ? [] : 'issues' in r ? r.issues.map((i) => [i.code, i.officerId ?? null]) : [[r.code, null]]);

describe('checkDispatchOfficers', () => {
  it('accepts two certified, free officers of the unit', () => {
    expect(checkDispatchOfficers([officer('a'), officer('b', { status: 'onDuty' })], UNIT, NOW)).toEqual({ ok: true, officerIds: ['a', 'b'] });
  });

  it('requires two officers', () => {
    const r = checkDispatchOfficers([officer('a')], UNIT, NOW);
    expect(r).toMatchObject({ ok: false, code: 'TWO_OFFICERS_REQUIRED' });
    expect(r.ok ? '' : r.message).toContain('执法人员不得少于两人');
    expect(codes(checkDispatchOfficers([], UNIT, NOW))).toEqual([['TWO_OFFICERS_REQUIRED', null]]);
  });

  it('counts an officer listed twice once', () => {
    expect(codes(checkDispatchOfficers([officer('a'), officer('a')], UNIT, NOW))).toEqual([
      ['DUPLICATE_OFFICER', 'a'],
      ['TWO_OFFICERS_REQUIRED', null],
    ]);
  });

  it('refuses officers without a valid certificate, expired on the day after the printed date', () => {
    expect(codes(checkDispatchOfficers([officer('a'), officer('b', { certificate: null })], UNIT, NOW))).toEqual([
      ['OFFICER_NOT_CERTIFIED', 'b'],
      ['TWO_OFFICERS_REQUIRED', null],
    ]);
    const lastDay = officer('b', { certificate: { number: 'C-b', expiresOn: '2025-03-03' } });
    expect(checkDispatchOfficers([officer('a'), lastDay], UNIT, '2025-03-03T23:00:00+08:00').ok).toBe(true);
    expect(checkDispatchOfficers([officer('a'), lastDay], UNIT, '2025-03-04T00:00:00+08:00')).toMatchObject({ ok: false, code: 'OFFICER_NOT_CERTIFIED' });
  });

  it('refuses officers of another unit and busy or off-duty ones, listing every problem', () => {
    const r = checkDispatchOfficers(
      [officer('a', { unitId: 'team-x' }), officer('b', { status: 'offDuty' }), officer('c', { status: 'enRoute', certificate: null }), officer('d'), officer('e', { status: 'onScene' })],
      UNIT,
      NOW,
    );
    expect(codes(r)).toEqual([
      ['OFFICER_NOT_IN_UNIT', 'a'],
      ['OFFICER_UNAVAILABLE', 'b'],
      ['OFFICER_NOT_CERTIFIED', 'c'],
      ['OFFICER_UNAVAILABLE', 'c'],
      ['OFFICER_UNAVAILABLE', 'e'],
      ['TWO_OFFICERS_REQUIRED', null],
    ]);
    expect(r).toMatchObject({ ok: false, code: 'OFFICER_NOT_IN_UNIT' });
    expect(r.ok ? '' : r.message).toContain('officer a belongs to team-x');
  });

  it('refuses an invalid now', () => {
    expect(checkDispatchOfficers([officer('a'), officer('b')], UNIT, 'soon')).toMatchObject({ ok: false, code: 'INVALID_TIME' });
  });
});
