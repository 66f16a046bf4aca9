/**
 * Checks an uploaded matter catalogue (CSV or XLSX, read into a Table) before anything changes:
 * every problem names its row and column (and cell). A catalogue that passes is exactly what
 * parseCatalogueCsv accepts (its canonical CSV is run through it as the final gate, so the
 * upload and data/catalogue/matters.csv can never disagree), and every county configuration
 * still resolves against it (each holder role mapped, every devolved matter known).
 */
import { csvQuote } from '../csv/csv-writer.ts';
import { checkConfigAgainstCatalogue, type CountyConfig } from './county-config.ts';
import {
  CATALOGUE_COLUMNS,
  HOLDER_ROLE_PATTERN,
  domainPrefix,
  isCalendarDate,
  isEnforcementDomain,
  parseCatalogueCsv,
  type Catalogue,
  type Matter,
} from './matters.ts';
import { countProblems, locateColumns, rowReader, type ImportProblem, type Table } from './table-import.ts';

const CODE_PATTERN = /^([A-Z]{2,6})-(\d{3})$/;

export interface CatalogueCheck {
  problems: ImportProblem[];
  problemCount: { error: number; warning: number };
  /** Set only when there is no error. */
  catalogue: Catalogue | null;
  /** The catalogue as data/catalogue/matters.csv would hold it. */
  csv: string | null;
}

/** The catalogue as rows in the data/catalogue/matters.csv columns, header first. */
export function catalogueRows(matters: readonly Matter[]): string[][] {
  return [
    [...CATALOGUE_COLUMNS],
    ...matters.map((m) => [m.code, m.name, m.domain, m.legalBasis, m.defaultHolder, m.simpleProcedure ? 'Y' : 'N', m.effectiveFrom ?? '', m.effectiveTo ?? '']),
  ];
}

/** A catalogue in the data/catalogue/matters.csv format (header + one line per matter, LF), as stored; downloads go through csvText. */
export function catalogueCsv(matters: readonly Matter[]): string {
  return catalogueRows(matters)
    .map((row) => `${row.map(csvQuote).join(',')}\n`)
    .join('');
}

export function checkCatalogueTable(table: Table, configs: Iterable<CountyConfig>): CatalogueCheck {
  const { columns, problems } = locateColumns(table, CATALOGUE_COLUMNS);
  const done = (catalogue: Catalogue | null, csv: string | null): CatalogueCheck => ({ problems, problemCount: countProblems(problems), catalogue, csv });
  if (problems.some((p) => p.severity === 'error')) return done(null, null);
  if (table.rows.length === 0) {
    problems.push({ severity: 'error', row: table.headerRow, message: '表头之后没有任何事项 (no matters after the header)' });
    return done(null, null);
  }

  const firstRowOf = new Map<string, number>();
  const rowOfMatter: number[] = [];
  const matters: Matter[] = [];
  for (const row of table.rows) {
    const cell = rowReader(table, columns, row, problems);
    const before = problems.length;
    const code = cell.get('code');
    const domain = cell.get('domain');
    const holder = cell.get('default_holder');
    const simple = cell.get('simple_procedure').toUpperCase();
    const from = cell.get('effective_from');
    const to = cell.get('effective_to');
    const codeMatch = CODE_PATTERN.exec(code);
    if (!codeMatch) cell.problem('code', `事项编码 "${code}" 格式应如 CSHJ-001（2–6 个大写字母、短横线、3 位数字）`);
    if (!cell.get('name')) cell.problem('name', '事项名称为空 (name is empty)');
    if (!isEnforcementDomain(domain)) cell.problem('domain', `执法领域 "${domain}" 不在 23 个领域之列 (unknown domain)`);
    else if (codeMatch && codeMatch[1] !== domainPrefix(domain)) cell.problem('code', `领域 ${domain} 的事项编码应以 ${domainPrefix(domain)}- 开头，实为 "${code}"`);
    if (!cell.get('legal_basis')) cell.problem('legal_basis', '法律依据为空 (legal_basis is empty)');
    if (!HOLDER_ROLE_PATTERN.test(holder)) cell.problem('default_holder', `默认主体 "${holder}" 格式应如 bureau:city 或 department:market (unknown holder)`);
    if (simple !== 'Y' && simple !== 'N') cell.problem('simple_procedure', `简易程序应为 Y 或 N，实为 "${cell.get('simple_procedure')}"`);
    if (from && !isCalendarDate(from)) cell.problem('effective_from', `生效日期 "${from}" 不是有效的 YYYY-MM-DD 日期 (bad date)`);
    if (to && !isCalendarDate(to)) cell.problem('effective_to', `失效日期 "${to}" 不是有效的 YYYY-MM-DD 日期 (bad date)`);
    if (from && to && isCalendarDate(from) && isCalendarDate(to) && to < from) cell.problem('effective_to', `失效日期 ${to} 早于生效日期 ${from}`);
    const seen = firstRowOf.get(code);
    if (code && seen !== undefined) cell.problem('code', `事项编码 ${code} 重复（首次出现在第 ${seen} 行）(duplicate code)`);
    else if (code) firstRowOf.set(code, row.row);
    if (problems.length > before) continue;
    matters.push({
      code,
      name: cell.get('name'),
      domain: domain as Matter['domain'],
      legalBasis: cell.get('legal_basis'),
      defaultHolder: holder as Matter['defaultHolder'],
      simpleProcedure: simple === 'Y',
      effectiveFrom: from || null,
      effectiveTo: to || null,
    });
    rowOfMatter.push(row.row);
  }
  if (problems.some((p) => p.severity === 'error')) return done(null, null);

  // The final gate: what the server itself would load at start.
  const csv = catalogueCsv(matters);
  const parsed = parseCatalogueCsv(csv);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      const row = p.line >= 2 ? rowOfMatter[p.line - 2] : table.headerRow;
      problems.push({ severity: 'error', ...(row === undefined ? {} : { row }), message: `第 ${row ?? '?'} 行：${p.message}` });
    }
    return done(null, null);
  }

  // Every county must still resolve each matter's holder and know each devolved matter.
  const holderColumn = columns.default_holder as number;
  const unmapped = new Map<string, string[]>();
  for (const config of configs) {
    for (const issue of checkConfigAgainstCatalogue(config, parsed.catalogue)) {
      const role = /^holders\.(.+)$/.exec(issue.path)?.[1];
      if (role) unmapped.set(role, [...(unmapped.get(role) ?? []), config.name]);
      else problems.push({ severity: 'error', path: issue.path, message: `${config.name}（${config.countyCode}）配置 ${issue.path}：${issue.message}` });
    }
  }
  // One problem per role, at the first row using it, naming every county that cannot resolve it.
  for (const [role, counties] of unmapped) {
    const rows = table.rows.filter((r) => r.cells[holderColumn] === role);
    const cell = rowReader(table, columns, rows[0]!, problems);
    cell.problem('default_holder', `默认主体 ${role} 在${counties.join('、')}的配置中没有对应单位（共 ${rows.length} 个事项使用）(unknown holder)`);
  }
  if (problems.some((p) => p.severity === 'error')) return done(null, null);
  return done(parsed.catalogue, csv);
}
