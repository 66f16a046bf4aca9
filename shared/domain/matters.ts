/**
 * The enforcement-matter catalogue (执法事项清单): what a report is about, which law it rests
 * on and which generic role holds it before any devolution. Parsed from data/catalogue/matters.csv.
 */

/** The 23 domains (方面) of the 常山 plan, each with the code prefix its matters use. */
export const ENFORCEMENT_DOMAINS = [
  { name: '安全生产', prefix: 'AQSC' },
  { name: '城市绿化', prefix: 'CSLH' },
  { name: '城市市容和环境卫生', prefix: 'CSHJ' },
  { name: '城乡规划', prefix: 'CXGH' },
  { name: '房地产业', prefix: 'FDC' },
  { name: '工商行政管理', prefix: 'GSGL' },
  { name: '交通运输', prefix: 'JTYS' },
  { name: '教育', prefix: 'JY' },
  { name: '林政', prefix: 'LZ' },
  { name: '陆域渔政', prefix: 'LYYZ' },
  { name: '民政', prefix: 'MZ' },
  { name: '农业农村', prefix: 'NYNC' },
  { name: '人力资源和劳动保障', prefix: 'RLSB' },
  { name: '人行道违停', prefix: 'RXDWT' },
  { name: '商务', prefix: 'SW' },
  { name: '生态环境', prefix: 'STHJ' },
  { name: '市政公用', prefix: 'SZGY' },
  { name: '室外无照经营', prefix: 'SWWZ' },
  { name: '水事管理', prefix: 'SSGL' },
  { name: '土地和矿产资源', prefix: 'TDKC' },
  { name: '文化旅游', prefix: 'WHLY' },
  { name: '新闻出版', prefix: 'XWCB' },
  { name: '自然资源', prefix: 'ZRZY' },
] as const;

export type EnforcementDomain = (typeof ENFORCEMENT_DOMAINS)[number]['name'];

const DOMAIN_BY_NAME = new Map<string, (typeof ENFORCEMENT_DOMAINS)[number]>(ENFORCEMENT_DOMAINS.map((d) => [d.name, d]));

export function isEnforcementDomain(name: string): name is EnforcementDomain {
  return DOMAIN_BY_NAME.has(name);
}

export function domainPrefix(domain: EnforcementDomain): string {
  return (DOMAIN_BY_NAME.get(domain) as (typeof ENFORCEMENT_DOMAINS)[number]).prefix;
}

/**
 * A generic holder role. `bureau:city` = the bureau's city-management brigade (一大队-type),
 * `bureau:other` = the brigade that took over other departments' powers (二大队-type),
 * `department:<x>` = a professional department. Each county config maps roles to its units.
 */
export type HolderRole = `bureau:${string}` | `department:${string}`;
export const HOLDER_ROLE_PATTERN = /^(bureau|department):[a-z][a-z-]*$/;

export interface Matter {
  /** Stable code: domain prefix + 3-digit sequence, e.g. CSHJ-001. */
  code: string;
  name: string;
  domain: EnforcementDomain;
  /** Illustrative legal basis; a county replaces it with its own list's wording. */
  legalBasis: string;
  defaultHolder: HolderRole;
  /** 简易程序 (当场处罚) can normally settle it: the kind of matter suited to township teams. */
  simpleProcedure: boolean;
  /** First day in force (YYYY-MM-DD, Asia/Shanghai); null = always. */
  effectiveFrom: string | null;
  /** Last day in force, inclusive; null = open-ended. */
  effectiveTo: string | null;
}

export interface Catalogue {
  matters: readonly Matter[];
  byCode: ReadonlyMap<string, Matter>;
}

export interface CatalogueProblem {
  /** 1-based line in the CSV text (the header is line 1). */
  line: number;
  message: string;
}

export type CatalogueParseResult = { ok: true; catalogue: Catalogue } | { ok: false; problems: CatalogueProblem[] };

export const CATALOGUE_COLUMNS = [
  'code',
  'name',
  'domain',
  'legal_basis',
  'default_holder',
  'simple_procedure',
  'effective_from',
  'effective_to',
] as const;

const CODE_PATTERN = /^([A-Z]{2,6})-(\d{3})$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD that names a real calendar day. */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, commas and
 * newlines inside quotes). Returns each record with the line it started on.
 */
export function splitCsv(text: string): { line: number; fields: string[] }[] | { line: number; message: string } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let atFieldStart = true;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      atFieldStart = true;
      line++;
      recordLine = line;
    } else {
      if (ch === '"') return { line, message: 'a quote may only open a field' };
      field += ch;
      atFieldStart = false;
    }
  }
  if (quoted) return { line: recordLine, message: 'unterminated quoted field' };
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  // Blank lines carry no record.
  return records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
}

/** Parses and validates the catalogue CSV. Pure: the caller reads the file. */
export function parseCatalogueCsv(text: string): CatalogueParseResult {
  const split = splitCsv(text);
  if (!Array.isArray(split)) return { ok: false, problems: [split] };
  const [header, ...rows] = split;
  if (!header) return { ok: false, problems: [{ line: 1, message: 'empty file: expected a header row' }] };
  const expected = CATALOGUE_COLUMNS.join(',');
  if (header.fields.join(',') !== expected) {
    return { ok: false, problems: [{ line: header.line, message: `header must be exactly "${expected}"` }] };
  }
  const problems: CatalogueProblem[] = [];
  const matters: Matter[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    const rowProblems = (message: string) => problems.push({ line: row.line, message });
    if (row.fields.length !== CATALOGUE_COLUMNS.length) {
      rowProblems(`expected ${CATALOGUE_COLUMNS.length} fields, found ${row.fields.length}`);
      continue;
    }
    const [code, name, domain, legalBasis, holder, simple, from, to] = row.fields.map((f) => f.trim()) as [
      string, string, string, string, string, string, string, string,
    ];
    const before = problems.length;
    const codeMatch = CODE_PATTERN.exec(code);
    if (!codeMatch) rowProblems(`code "${code}" must look like CSHJ-001 (2–6 capitals, dash, 3 digits)`);
    if (!name) rowProblems('name is empty');
    if (!isEnforcementDomain(domain)) rowProblems(`domain "${domain}" is not one of the 23 domains`);
    else if (codeMatch && codeMatch[1] !== domainPrefix(domain)) {
      rowProblems(`code "${code}" must start with ${domainPrefix(domain)}- for domain ${domain}`);
    }
    if (!legalBasis) rowProblems('legal_basis is empty');
    if (!HOLDER_ROLE_PATTERN.test(holder)) rowProblems(`default_holder "${holder}" must look like bureau:city or department:market`);
    if (simple !== 'Y' && simple !== 'N') rowProblems(`simple_procedure must be Y or N, found "${simple}"`);
    if (from && !isCalendarDate(from)) rowProblems(`effective_from "${from}" is not a YYYY-MM-DD date`);
    if (to && !isCalendarDate(to)) rowProblems(`effective_to "${to}" is not a YYYY-MM-DD date`);
    if (from && to && isCalendarDate(from) && isCalendarDate(to) && to < from) {
      rowProblems(`effective_to ${to} is before effective_from ${from}`);
    }
    const seenAt = firstLineOf.get(code);
    if (seenAt !== undefined) rowProblems(`duplicate code ${code} (first on line ${seenAt})`);
    else firstLineOf.set(code, row.line);
    if (problems.length > before) continue;
    matters.push({
      code,
      name,
      domain: domain as EnforcementDomain,
      legalBasis,
      defaultHolder: holder as HolderRole,
      simpleProcedure: simple === 'Y',
      effectiveFrom: from || null,
      effectiveTo: to || null,
    });
  }
  if (rows.length === 0) problems.push({ line: header.line, message: 'no matters after the header' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, catalogue: buildCatalogue(matters) };
}

export function buildCatalogue(matters: readonly Matter[]): Catalogue {
  return { matters, byCode: new Map(matters.map((m) => [m.code, m])) };
}

/** Distinct holder roles the catalogue uses, sorted. */
export function holderRolesOf(catalogue: Catalogue): HolderRole[] {
  return [...new Set(catalogue.matters.map((m) => m.defaultHolder))].sort();
}
