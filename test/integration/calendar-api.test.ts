import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function add(query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/calendar/add-working-days?${query}`);
  return { status: res.status, body: await res.json() };
}

describe('GET /api/v1/calendar/add-working-days', () => {
  it('counts working days across public holidays and make-up working days (调休)', async () => {
    // 2025 National Day: 1–8 October off, Saturday 11 October worked.
    expect(await add('from=2025-09-30&days=3')).toEqual({ status: 200, body: { date: '2025-10-11', provisional: false } });
    // Sunday 28 September 2025 is a working day too, so Friday 26th + 1 is that Sunday.
    expect((await add('from=2025-09-26&days=1')).body.date).toBe('2025-09-28');
    // 2026 New Year: 1–3 January off, Sunday 4 January worked.
    expect((await add('from=2025-12-31&days=1')).body.date).toBe('2026-01-04');
    // An ordinary week: Friday + 1 = Monday; 0 days = the day itself.
    expect((await add('from=2025-06-13&days=1')).body.date).toBe('2025-06-16');
    expect((await add('from=2025-06-14&days=0')).body.date).toBe('2025-06-14');
  });

  it('refuses bad input with a code and a message', async () => {
    const cases: Array<[string, number, string]> = [
      ['from=2025-02-30&days=1', 400, 'INVALID_DATE'],
      ['from=20250301&days=1', 400, 'VALIDATION_FAILED'],
      ['from=2025-03-01&days=-1', 400, 'VALIDATION_FAILED'],
      ['from=2025-03-01&days=1.5', 400, 'VALIDATION_FAILED'],
      ['from=2025-03-01', 400, 'VALIDATION_FAILED'],
      ['days=3', 400, 'VALIDATION_FAILED'],
      ['from=2025-03-01&days=1&extra=1', 400, 'VALIDATION_FAILED'],
      ['from=2031-01-05&days=1', 422, 'OUTSIDE_CALENDAR'],
      ['from=2027-12-30&days=5', 422, 'OUTSIDE_CALENDAR'],
    ];
    for (const [query, status, code] of cases) {
      const answer = await add(query);
      expect(answer.status, query).toBe(status);
      expect(answer.body.error.code, query).toBe(code);
      expect(answer.body.error.message.length, query).toBeGreaterThan(10);
    }
  });
});
