import { describe, expect, it } from 'vitest';
import { intakeCase } from './intake-service.ts';

describe('intake per the county setting', () => {
  const at = '2026-01-05T02:00:00.000Z';
  it('auto (the default): registered and dispatched to the routed unit in one go', () => {
    const r = intakeCase('center-410923000000', 'team-410923100000', at);
    expect(r.dispatched).toBe(true);
    expect(r.events.map((e) => e.type)).toEqual(['register', 'dispatch']);
    expect(r.state.assigneeId).toBe('team-410923100000');
  });
  it("operator: registered only, waiting in the dispatch center's queue", () => {
    const r = intakeCase('center-410923000000', 'team-410923100000', at, false);
    expect(r.dispatched).toBe(false);
    expect(r.state.status).toBe('registered');
    expect(r.events.map((e) => e.type)).toEqual(['register']);
  });
});
