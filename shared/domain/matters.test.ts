import { describe, expect, it } from 'vitest';
import { CATALOGUE_COLUMNS, ENFORCEMENT_DOMAINS, holderRolesOf, parseCatalogueCsv, splitCsv } from './matters.ts';

const HEADER = CATALOGUE_COLUMNS.join(',');
const row = (fields: Partial<Record<(typeof CATALOGUE_COLUMNS)[number], string>> = {}) =>
  [
    fields.code ?? 'CSHJ-001',
    fields.name ?? '占道经营',
    fields.domain ?? '城市市容和环境卫生',
    fields.legal_basis ?? '《城市市容和环境卫生管理条例》第三十六条',
    fields.default_holder ?? 'bureau:city',
    fields.simple_procedure ?? 'Y',
    fields.effective_from ?? '',
    fields.effective_to ?? '',
  ].join(',');

describe('ENFORCEMENT_DOMAINS', () => {
  it('lists the 23 domains of the 常山 plan with distinct prefixes', () => {
    expect(ENFORCEMENT_DOMAINS).toHaveLength(23);
    expect(new Set(ENFORCEMENT_DOMAINS.map((d) => d.prefix)).size).toBe(23);
  });
});

describe('parseCatalogueCsv', () => {
  it('parses valid rows into matters', () => {
    const result = parseCatalogueCsv(`${HEADER}\n${row()}\n${row({ code: 'GSGL-001', domain: '工商行政管理', default_holder: 'department:market', simple_procedure: 'N', effective_from: '2022-06-05' })}\n`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.catalogue.matters;
    expect(first).toMatchObject({ code: 'CSHJ-001', domain: '城市市容和环境卫生', simpleProcedure: true, effectiveFrom: null });
    expect(second).toMatchObject({ code: 'GSGL-001', defaultHolder: 'department:market', simpleProcedure: false, effectiveFrom: '2022-06-05' });
    expect(result.catalogue.byCode.get('GSGL-001')?.name).toBe('占道经营');
    expect(holderRolesOf(result.catalogue)).toEqual(['bureau:city', 'department:market']);
  });

  it('reports every bad row with its line number', () => {
    const csv = [
      HEADER,
      row(),
      row({ code: 'cshj-2' }),
      row({ code: 'CSHJ-003', domain: '城市管理' }),
      row({ code: 'GSGL-004' }),
      row({ code: 'CSHJ-005', default_holder: 'city' }),
      row({ code: 'CSHJ-006', simple_procedure: 'yes' }),
      row({ code: 'CSHJ-007', effective_from: '2021-02-30' }),
      row({ code: 'CSHJ-008', effective_from: '2022-01-01', effective_to: '2021-01-01' }),
      row(),
      'CSHJ-010,too few',
    ].join('\n');
    const result = parseCatalogueCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { line: 3, message: 'code "cshj-2" must look like CSHJ-001 (2–6 capitals, dash, 3 digits)' },
      { line: 4, message: 'domain "城市管理" is not one of the 23 domains' },
      { line: 5, message: 'code "GSGL-004" must start with CSHJ- for domain 城市市容和环境卫生' },
      { line: 6, message: 'default_holder "city" must look like bureau:city or department:market' },
      { line: 7, message: 'simple_procedure must be Y or N, found "yes"' },
      { line: 8, message: 'effective_from "2021-02-30" is not a YYYY-MM-DD date' },
      { line: 9, message: 'effective_to 2021-01-01 is before effective_from 2022-01-01' },
      { line: 10, message: 'duplicate code CSHJ-001 (first on line 2)' },
      { line: 11, message: 'expected 8 fields, found 2' },
    ]);
  });

  it('refuses a wrong header and an empty body', () => {
    const wrong = parseCatalogueCsv('code,name\nCSHJ-001,x\n');
    expect(wrong).toEqual({ ok: false, problems: [{ line: 1, message: `header must be exactly "${HEADER}"` }] });
    expect(parseCatalogueCsv(`${HEADER}\n`)).toEqual({ ok: false, problems: [{ line: 1, message: 'no matters after the header' }] });
  });

  it('accepts quoted fields holding commas, quotes and line breaks, and counts lines through them', () => {
    const csv = `${HEADER}\n${row({ name: '"占道经营, 含""夜市""\n摊点"' })}\n${row({ code: 'bad' })}\n`;
    const result = parseCatalogueCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ line: 4, message: 'code "bad" must look like CSHJ-001 (2–6 capitals, dash, 3 digits)' }]);
    const records = splitCsv(`${HEADER}\n${row({ name: '"a, ""b""\nc"' })}\n`);
    expect(Array.isArray(records) && records[1]?.fields[1]).toBe('a, "b"\nc');
  });

  it('reports an unterminated quote', () => {
    expect(parseCatalogueCsv(`${HEADER}\n${row({ name: '"open' })}\n`)).toEqual({ ok: false, problems: [{ line: 2, message: 'unterminated quoted field' }] });
  });
});
