import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/paths.ts';
import { readJurisdictionFiles } from '../../server/repositories/jurisdiction-files.ts';
import { catalogueCsv, checkCatalogueTable } from '../../shared/domain/catalogue-import.ts';
import { checkDevolutionTable, devolutionRows } from '../../shared/domain/devolution-import.ts';
import { cellRef, columnLetter, tableFromCsv, type Table } from '../../shared/domain/table-import.ts';

const jurisdiction = readJurisdictionFiles(`${REPO_ROOT}data`);
const table = (rows: string[][], sheet: string | null = null): Table => ({ sheet, headerRow: 1, header: rows[0]!, rows: rows.slice(1).map((cells, i) => ({ row: i + 2, cells })) });

describe('cell references', () => {
  it('names columns and cells the way spreadsheets do', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect([cellRef('Sheet1', 7, 2), cellRef(null, 7, 2), cellRef('My sheet', 3, 0), cellRef('事项', 2, 1)]).toEqual(['Sheet1!C7', 'C7', "'My sheet'!A3", '事项!B2']);
  });
});

describe('catalogue table', () => {
  it('the catalogue file reads back to itself, byte for byte', () => {
    const text = readFileSync(`${REPO_ROOT}data/catalogue/matters.csv`, 'utf8');
    const parsed = tableFromCsv(text);
    if (!parsed.ok) throw new Error('unreadable');
    const result = checkCatalogueTable(parsed.table, jurisdiction.configs.values());
    expect(result.problems).toEqual([]);
    expect(result.csv).toBe(catalogueCsv(jurisdiction.catalogue.matters));
    expect(result.catalogue?.matters).toEqual(jurisdiction.catalogue.matters);
  });

  it('a matter a county devolves cannot disappear from the catalogue', () => {
    const text = catalogueCsv(jurisdiction.catalogue.matters.filter((m) => m.code !== 'AQSC-003'));
    const parsed = tableFromCsv(text);
    if (!parsed.ok) throw new Error('unreadable');
    const result = checkCatalogueTable(parsed.table, jurisdiction.configs.values());
    expect(result.catalogue).toBeNull();
    expect(result.problems.some((p) => p.path?.startsWith('devolution.batches[0].matters') && p.message.includes('AQSC-003'))).toBe(true);
  });
});

describe('devolution table', () => {
  for (const [code, config] of jurisdiction.configs) {
    it(`${config.name}: devolutionRows → check gives the same configuration back`, () => {
      const result = checkDevolutionTable(table(devolutionRows(config), 'Sheet1'), config, jurisdiction.catalogue);
      expect(result.problems, code).toEqual([]);
      expect(result.config).toEqual(config);
    });
  }

  it('a batch may list its townships and matters on separate rows; columns in any order', () => {
    const config = jurisdiction.configs.get('330822000000')!;
    const rows = [
      ['matter_code', 'township_code', 'effective_from', 'name', 'id'],
      ['', '330822115000', '2024-01-01', '试点批', 'pilot'],
      ['CSHJ-001', '', '', '', 'pilot'],
      ['CSHJ-002', '', '2024-01-01', '', 'pilot'],
    ];
    const result = checkDevolutionTable(table(rows), config, jurisdiction.catalogue);
    expect(result.problems).toEqual([]);
    expect(result.config?.devolution).toEqual({ batches: [{ id: 'pilot', name: '试点批', effectiveFrom: '2024-01-01', townships: ['330822115000'], matters: ['CSHJ-001', 'CSHJ-002'] }], revocations: [] });
  });

  it('refuses a township without a team, naming the row it came from', () => {
    // 嵩县's forest farms (4xx) have no team to receive devolved matters.
    const config = jurisdiction.configs.get('410325000000')!;
    const teamless = config.townships.find((t) => !t.teamId)!;
    expect(teamless.code).toMatch(/^4103254/);
    const rows = [
      ['id', 'name', 'effective_from', 'township_code', 'matter_code'],
      ['b1', '批次', '2024-01-01', '410325100000', 'CSHJ-001'],
      ['b1', '', '', teamless.code, ''],
    ];
    const result = checkDevolutionTable(table(rows, 'Sheet1'), config, jurisdiction.catalogue);
    expect(result.config).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ row: 3, column: 'township_code', cell: 'Sheet1!D3' })]);
  });
});
