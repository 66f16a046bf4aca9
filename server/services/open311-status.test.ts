import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, FINAL_STATUSES } from '../../shared/domain/case-lifecycle.ts';
import { mapStatus, statusesFor } from './open311-status.ts';

describe('Open311 status mapping', () => {
  it('is closed exactly for the final lifecycle states, and keeps the state as the extended status', () => {
    for (const s of CASE_STATUSES) {
      const mapped = mapStatus(s);
      expect(mapped.status, s).toBe(FINAL_STATUSES.includes(s) ? 'closed' : 'open');
      expect(mapped.detail).toBe(s);
      expect(mapped.label.length).toBeGreaterThan(1);
    }
    expect(mapStatus('dispatched')).toEqual({ status: 'open', detail: 'dispatched', label: '已派遣' });
  });

  it('splits the lifecycle into the two Open311 statuses', () => {
    expect([...statusesFor('open'), ...statusesFor('closed')].sort()).toEqual([...CASE_STATUSES].sort());
    expect(statusesFor('closed').sort()).toEqual(['closed', 'rejected']);
  });
});
