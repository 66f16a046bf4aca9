import { describe, expect, it } from 'vitest';
import { devolutionStatus, devolvedMatters, shanghaiDate, shanghaiDayStart, withinDays, type Devolution } from './devolution.ts';

const T = '410923100000';
const U = '410923101000';
const at = (iso: string) => Date.parse(iso);

const devolution: Devolution = {
  batches: [
    { id: 'b1', name: '第一批', effectiveFrom: '2021-01-01', townships: [T, U], matters: ['CSHJ-001', 'CSHJ-002'] },
    { id: 'b2', name: '第二批', effectiveFrom: '2022-01-01', effectiveTo: '2022-12-31', townships: [T], matters: ['SSGL-003'] },
    { id: 'b3', name: '第三批', effectiveFrom: '2024-01-01', townships: [T], matters: ['CSHJ-002'] },
  ],
  revocations: [{ id: 'r1', name: '收回决定', effectiveFrom: '2023-07-01', townships: [T], matters: ['CSHJ-002'] }],
};

describe('Asia/Shanghai days', () => {
  it('starts a day at 00:00 +08:00', () => {
    expect(new Date(shanghaiDayStart('2021-07-01')).toISOString()).toBe('2021-06-30T16:00:00.000Z');
    expect(shanghaiDate(at('2021-06-30T16:00:00Z'))).toBe('2021-07-01');
    expect(shanghaiDate(at('2021-06-30T15:59:59Z'))).toBe('2021-06-30');
  });

  it('treats effectiveTo as the last day in force', () => {
    expect(withinDays(at('2022-12-31T23:59:59+08:00'), '2022-01-01', '2022-12-31')).toBe(true);
    expect(withinDays(at('2023-01-01T00:00:00+08:00'), '2022-01-01', '2022-12-31')).toBe(false);
    expect(withinDays(at('2021-12-31T23:59:59+08:00'), '2022-01-01', null)).toBe(false);
    expect(withinDays(at('1990-01-01T00:00:00Z'), null, null)).toBe(true);
  });
});

describe('devolutionStatus', () => {
  it('is pending before the batch starts and devolved from its first day (Shanghai time)', () => {
    expect(devolutionStatus(devolution, T, 'CSHJ-001', at('2020-12-31T23:59:59+08:00'))).toMatchObject({ state: 'pending', batch: { id: 'b1' } });
    expect(devolutionStatus(devolution, T, 'CSHJ-001', at('2020-12-31T16:00:00Z'))).toMatchObject({ state: 'devolved', batch: { id: 'b1' } });
  });

  it('ends when the batch runs out', () => {
    expect(devolutionStatus(devolution, T, 'SSGL-003', at('2022-12-31T12:00:00+08:00')).state).toBe('devolved');
    expect(devolutionStatus(devolution, T, 'SSGL-003', at('2023-01-01T00:00:00+08:00'))).toMatchObject({ state: 'ended', endedOn: '2023-01-01', batch: { id: 'b2' } });
  });

  it('ends on a revocation and resumes with a later batch', () => {
    expect(devolutionStatus(devolution, T, 'CSHJ-002', at('2023-06-30T12:00:00+08:00'))).toMatchObject({ state: 'devolved', batch: { id: 'b1' } });
    const revoked = devolutionStatus(devolution, T, 'CSHJ-002', at('2023-07-01T08:00:00+08:00'));
    expect(revoked).toMatchObject({ state: 'ended', endedOn: '2023-07-01', revocation: { id: 'r1' } });
    expect(devolutionStatus(devolution, T, 'CSHJ-002', at('2024-01-01T00:00:00+08:00'))).toMatchObject({ state: 'devolved', batch: { id: 'b3' } });
  });

  it('keeps a revocation to the townships it names', () => {
    expect(devolutionStatus(devolution, U, 'CSHJ-002', at('2023-08-01T00:00:00+08:00'))).toMatchObject({ state: 'devolved', batch: { id: 'b1' } });
  });

  it('keeps a matter devolved while another batch covering it is still in force', () => {
    const overlapping: Devolution = {
      batches: [
        { id: 'a', name: 'A', effectiveFrom: '2021-01-01', townships: [T], matters: ['M'] },
        { id: 'b', name: 'B', effectiveFrom: '2021-06-01', effectiveTo: '2021-12-31', townships: [T], matters: ['M'] },
      ],
      revocations: [],
    };
    expect(devolutionStatus(overlapping, T, 'M', at('2022-03-01T00:00:00+08:00'))).toMatchObject({ state: 'devolved', batch: { id: 'a' } });
  });

  it('is none for matters or townships no batch names', () => {
    expect(devolutionStatus(devolution, U, 'SSGL-003', at('2022-06-01T00:00:00+08:00'))).toEqual({ state: 'none' });
    expect(devolutionStatus(devolution, T, 'XX-001', at('2022-06-01T00:00:00+08:00'))).toEqual({ state: 'none' });
  });
});

describe('devolvedMatters', () => {
  it('lists what a township holds at an instant', () => {
    expect(devolvedMatters(devolution, T, at('2022-06-01T00:00:00+08:00'))).toEqual(['CSHJ-001', 'CSHJ-002', 'SSGL-003']);
    expect(devolvedMatters(devolution, T, at('2023-08-01T00:00:00+08:00'))).toEqual(['CSHJ-001']);
    expect(devolvedMatters(devolution, U, at('2020-06-01T00:00:00+08:00'))).toEqual([]);
  });
});
