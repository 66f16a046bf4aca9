import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/domain/matters.ts';
import type { ImportProblem } from '../../shared/domain/table-import.ts';
import type { TableImportJob } from '../../server/services/import/table-import-service.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { pointsIn } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Matter catalogue and devolution imports (issue 8): CSV and XLSX (made here with exceljs),
 * broken files of each kind report every problem with its row, column and cell and change
 * nothing; a good file applies as the next version; a devolution that moves a batch's start date
 * changes routing only for reports dated after the apply's rules say so, and never for stored ones.
 */
const COUNTY = '330822';
const HUB = '330822115000'; // 辉埠镇: its team holds the first batch's matters
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let server: TestServer;
let catalogueCsv: string;
let devolutionCsv: string;

beforeAll(async () => {
  server = await startTestServer({ admission: false });
  catalogueCsv = await (await fetch(`${server.url}/api/v1/exports/catalogue.csv`)).text();
  devolutionCsv = await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text();
});
afterAll(async () => {
  await server?.close();
});

const as = async (username: string) => bearer(await loginAs(server, username));

function rowsOf(csv: string): string[][] {
  const split = splitCsv(csv);
  if (!Array.isArray(split)) throw new Error(split.message);
  return split.map((r) => r.fields);
}

const toCsv = (rows: string[][]) => `${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;

/** The same rows as a workbook: header in row 1, so cell references match the CSV's lines. Dates are real date cells. */
async function toXlsx(rows: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  // A day that does not exist (2021-02-30) cannot be a date cell: it stays text, as a person would have typed it.
  const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
  for (const row of rows) sheet.addRow(row.map((v) => (isDay(v) ? new Date(`${v}T00:00:00Z`) : v)));
  const written = Buffer.from(await workbook.xlsx.writeBuffer());
  return new Uint8Array(written.buffer.slice(written.byteOffset, written.byteOffset + written.byteLength) as ArrayBuffer);
}

async function upload(path: string, rows: string[][], format: 'csv' | 'xlsx', username = 'system.admin'): Promise<{ status: number; body: any }> {
  const body = format === 'csv' ? toCsv(rows) : await toXlsx(rows);
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': format === 'csv' ? 'text/csv' : XLSX, ...(await as(username)) }, body });
  return { status: res.status, body: await res.json() };
}

async function apply(id: string, username: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/imports/${id}/apply`, { method: 'POST', headers: await as(username) });
  return { status: res.status, body: await res.json() };
}

async function versions(): Promise<{ current: { catalogue: number; config: number } }> {
  return (await fetch(`${server.url}/api/v1/jurisdiction-versions?county=${COUNTY}`, { headers: await as('changshan.admin') })).json() as Promise<{ current: { catalogue: number; config: number } }>;
}

async function routeAt(at: string, matterCode: string): Promise<{ unit: { id: string }; reasons: { code: string }[]; versions: Record<string, number> }> {
  const [point] = pointsIn(HUB, 1);
  const res = await fetch(`${server.url}/api/v1/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...point, matterCode, at }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { route: never }).route;
}

const ref = (format: 'csv' | 'xlsx', cell: string) => (format === 'xlsx' ? `Sheet1!${cell}` : cell);

describe('matter catalogue import', () => {
  type Breakage = [name: string, edit: (rows: string[][]) => string[][], expected: Partial<ImportProblem>];
  const breakages: Breakage[] = [
    ['missing column', (rows) => rows.map((r) => r.filter((_, i) => i !== 6)), { row: 1, column: 'effective_from' }],
    ['duplicate code', (rows) => [...rows, [...rows[3]!]], { row: 195, column: 'code', cell: 'A195' }],
    ['unknown domain', (rows) => rows.map((r, i) => (i === 4 ? r.map((v, j) => (j === 2 ? '城市管理' : v)) : r)), { row: 5, column: 'domain', cell: 'C5' }],
    ['bad date', (rows) => rows.map((r, i) => (i === 6 ? r.map((v, j) => (j === 6 ? '2021-02-30' : v)) : r)), { row: 7, column: 'effective_from', cell: 'G7' }],
    ['unknown holder', (rows) => rows.map((r, i) => (i === 8 ? r.map((v, j) => (j === 4 ? 'department:weather' : v)) : r)), { row: 9, column: 'default_holder', cell: 'E9' }],
  ];

  for (const format of ['csv', 'xlsx'] as const) {
    it(`reports each kind of broken ${format.toUpperCase()} file by row, column and cell, and changes nothing`, async () => {
      for (const [name, edit, expected] of breakages) {
        const res = await upload('/imports/catalogue', edit(rowsOf(catalogueCsv)), format);
        expect(res.status, name).toBe(201);
        const job = res.body as TableImportJob;
        expect([job.state, job.report.ok, job.report.format], name).toEqual(['failed', false, format]);
        const want = { ...expected, ...(expected.cell ? { cell: ref(format, expected.cell) } : {}) };
        const found = job.report.problems.filter((p) => p.severity === 'error');
        expect(found, name).toEqual([expect.objectContaining(want)]);
        expect(found[0]!.message.length, name).toBeGreaterThan(10);
        if (name === 'unknown holder') expect(found[0]!.message).toMatch(/department:weather/);
        if (name === 'duplicate code') expect(found[0]!.message).toMatch(/第 4 行/);
        const refused = await apply(job.id, 'system.admin');
        expect([refused.status, refused.body.error.code], name).toEqual([422, 'IMPORT_HAS_ERRORS']);
      }
      expect(await (await fetch(`${server.url}/api/v1/exports/catalogue.csv`)).text()).toBe(catalogueCsv);
      expect((await versions()).current.catalogue).toBe(1);
    });
  }

  it('only a system-wide admin may import the catalogue (it is shared by every county)', async () => {
    for (const username of ['changshan.admin', 'changshan.operator']) {
      const res = await upload('/imports/catalogue', rowsOf(catalogueCsv), 'csv', username);
      expect([res.status, res.body.error.code], username).toEqual([403, 'FORBIDDEN']);
    }
    const wrongType = await fetch(`${server.url}/api/v1/imports/catalogue`, { method: 'POST', headers: { 'content-type': 'application/pdf', ...(await as('system.admin')) }, body: 'x' });
    expect(wrongType.status).toBe(415);
  });

  it('a good XLSX file applies as catalogue version 2; routing says so', async () => {
    const rows = rowsOf(catalogueCsv);
    const res = await upload('/imports/catalogue', rows, 'xlsx');
    const job = res.body as TableImportJob;
    expect(job.report.problems).toEqual([]);
    expect([job.report.ok, job.report.sheet, job.report.summary.matters]).toEqual([true, 'Sheet1', rows.length - 1]);
    const applied = await apply(job.id, 'system.admin');
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ kind: 'catalogue', countyCode: null, version: 2, appliedBy: 'system.admin' });
    // Dates came through the workbook's date cells unchanged.
    expect(await (await fetch(`${server.url}/api/v1/exports/catalogue.csv`)).text()).toBe(catalogueCsv);
    expect((await versions()).current.catalogue).toBe(2);
    expect((await routeAt('2025-01-01T10:00:00+08:00', 'AQSC-003')).versions).toMatchObject({ catalogue: 2 });
  });
});

describe('devolution import', () => {
  it('names unknown townships and matters and bad dates by cell, and changes nothing', async () => {
    const rows = rowsOf(devolutionCsv);
    expect(rows[0]).toEqual(['kind', 'id', 'name', 'effective_from', 'effective_to', 'township_code', 'matter_code', 'note']);
    const broken = rows.map((r, i) => r.map((v, j) => (i === 1 && j === 3 ? '2021-13-01' : i === 2 && j === 5 ? '330822999000' : i === 3 && j === 6 ? 'CSHJ-999' : v)));
    for (const format of ['csv', 'xlsx'] as const) {
      const res = await upload(`/imports/devolution?county=${COUNTY}`, broken, format, 'changshan.admin');
      expect(res.status).toBe(201);
      const problems = (res.body as TableImportJob).report.problems.map((p) => [p.cell, p.column]);
      expect(problems, format).toEqual([
        [ref(format, 'D2'), 'effective_from'],
        [ref(format, 'F3'), 'township_code'],
        [ref(format, 'G4'), 'matter_code'],
      ]);
    }
    const missing = await upload(`/imports/devolution?county=${COUNTY}`, rows.map((r) => r.slice(0, 6)), 'csv', 'changshan.admin');
    expect(missing.body.report.problems).toEqual([expect.objectContaining({ row: 1, column: 'matter_code' })]);
    expect(await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text()).toBe(devolutionCsv);
  });

  it('only the county may import its devolution', async () => {
    for (const username of ['changshan.operator', 'nanle.admin']) {
      const res = await upload(`/imports/devolution?county=${COUNTY}`, rowsOf(devolutionCsv), 'csv', username);
      expect([res.status, res.body.error.code], username).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('moving a batch start date changes routing only for reports dated after it; stored incidents keep their route', async () => {
    const rows = rowsOf(devolutionCsv);
    const matter = rows[1]![6]!;
    const [point] = pointsIn(HUB, 1);
    const filed = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await as('changshan.operator')) },
      body: JSON.stringify({ ...point, matterCode: matter, description: '赋权批次调整前受理', source: 'hotline' }),
    });
    const incident = (await filed.json()) as { id: string; route: { unit: { id: string }; versions: Record<string, number> } };
    expect(filed.status).toBe(201);
    const team = `team-${HUB}`;
    expect(incident.route.unit.id).toBe(team);
    expect((await routeAt('2025-03-01T10:00:00+08:00', matter)).unit.id).toBe(team);

    // The first batch now takes effect on 2025-06-01 instead of 2021-08-01.
    const moved = rows.map((r, i) => (i > 0 && r[3] === '2021-08-01' ? r.map((v, j) => (j === 3 ? '2025-06-01' : v)) : r));
    const res = await upload(`/imports/devolution?county=${COUNTY}`, moved, 'xlsx', 'changshan.admin');
    expect(res.body.report.problems).toEqual([]);
    expect(res.body.report.summary).toEqual({ batches: 1, revocations: 0 });
    const applied = await apply(res.body.id, 'changshan.admin');
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ kind: 'devolution', version: 2 });

    const before = await routeAt('2025-03-01T10:00:00+08:00', matter);
    expect(before.unit.id).not.toBe(team);
    expect(before.versions).toMatchObject({ config: 2 });
    expect((await routeAt('2025-07-01T10:00:00+08:00', matter)).unit.id).toBe(team);
    const stored = await fetch(`${server.url}/api/v1/incidents/${incident.id}`, { headers: await as('changshan.operator') });
    expect(((await stored.json()) as typeof incident).route).toEqual(incident.route);
    expect(incident.route.versions).toMatchObject({ config: 1 });
    const listed = (await (await fetch(`${server.url}/api/v1/jurisdiction-versions?county=${COUNTY}`, { headers: await as('changshan.admin') })).json()) as { config: { version: number; appliedBy: string | null }[] };
    expect(listed.config.map((v) => [v.version, v.appliedBy])).toEqual([
      [1, null],
      [2, 'changshan.admin'],
    ]);
  });
});
