import { describe, expect, it } from 'vitest';
import { checkConfigAgainstCatalogue, formatPath, loadCountyConfig } from './county-config.ts';
import { parseCatalogueCsv, type Catalogue } from './matters.ts';

const C = '410923000000';
const T1 = '410923100000';
const T2 = '410923101000';

/** A small, valid configuration; each test breaks one thing in a fresh copy. */
function validConfig() {
  return {
    countyCode: C,
    name: '南乐县',
    source: 'test',
    bureauName: '南乐县综合行政执法局',
    dispatchCenterId: `center-${C}`,
    units: [
      { id: `center-${C}`, name: '指挥中心', kind: 'dispatch-center' },
      { id: 'brigade-1', name: '一大队', kind: 'bureau-brigade' },
      { id: 'dept-market', name: '市场监督管理局', kind: 'department' },
      { id: `team-${T1}`, name: '城关镇综合行政执法大队', kind: 'township-team', townshipCodes: [T1] },
      { id: `team-${T2}`, name: '韩张镇综合行政执法大队', kind: 'township-team', townshipCodes: [T2] },
      { id: 'squadron-1', name: '一中队', kind: 'squadron', parentId: `team-${T1}` },
    ],
    holders: { 'bureau:city': 'brigade-1', 'department:market': 'dept-market' },
    townships: [
      { code: T1, name: '城关镇', kind: 'town', teamId: `team-${T1}` },
      { code: T2, name: '韩张镇', kind: 'town', teamId: `team-${T2}` },
    ],
    squadrons: [{ unitId: 'squadron-1', area: { id: 'area-1', name: '第一片区', synthetic: true, villageCodes: ['410923100101'] } }],
    clusters: [{ id: 'cluster-1', name: '城关片区', hubTownship: T1, radiatedTownships: [T2], evaluation: { hub: 0.7, radiated: 0.3 } }],
    devolution: { batches: [{ id: 'batch-1', name: '第一批', effectiveFrom: '2021-01-01', townships: [T1], matters: ['CSHJ-001'] }] },
    majorCases: { escalateToCountyHolder: true },
  };
}

function issuesOf(json: unknown, catalogue?: Catalogue) {
  const result = loadCountyConfig(json, catalogue ? { catalogue } : {});
  return result.ok ? [] : result.issues;
}

describe('loadCountyConfig', () => {
  it('accepts a valid configuration and fills defaults', () => {
    const result = loadCountyConfig(validConfig());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.holderOverrides).toEqual({ byDomain: {}, byMatter: {} });
    expect(result.config.devolution.revocations).toEqual([]);
  });

  it('names the field and the problem for shape errors', () => {
    const broken = validConfig() as Record<string, unknown>;
    broken.countyCode = '410923';
    (broken.townships as { kind: string }[])[1]!.kind = 'village';
    (broken.units as Record<string, unknown>[])[1]!.colour = 'red';
    const issues = issuesOf(broken);
    expect(issues).toContainEqual({ path: 'countyCode', message: 'a 12-digit county code ending in 000000' });
    expect(issues.map((i) => i.path)).toContain('townships[1].kind');
    expect(issues.find((i) => i.path === 'units[1]')?.message).toMatch(/colour/);
  });

  it('rejects a batch date that is not a calendar day', () => {
    const broken = validConfig();
    broken.devolution.batches[0]!.effectiveFrom = '2021-13-01';
    expect(issuesOf(broken)).toEqual([{ path: 'devolution.batches[0].effectiveFrom', message: 'a real calendar day as YYYY-MM-DD' }]);
  });

  it('finds dangling references with their exact paths', () => {
    const broken = validConfig();
    broken.holders['bureau:city'] = 'brigade-9';
    broken.townships[1]!.teamId = 'team-999';
    broken.clusters[0]!.radiatedTownships = ['410923105000'];
    broken.squadrons[0]!.area.villageCodes = ['410923105201'];
    expect(issuesOf(broken)).toEqual([
      { path: 'holders.bureau:city', message: 'unknown unit "brigade-9"' },
      { path: 'townships[1].teamId', message: `must be "team-${T2}"` },
      { path: 'townships[1].teamId', message: 'unknown unit "team-999"' },
      { path: 'squadrons[0].area.villageCodes[0]', message: 'village 410923105201 belongs to no listed township' },
      { path: 'clusters[0].radiatedTownships[0]', message: 'township 410923105000 is not listed in townships' },
    ]);
  });

  it('checks kinds, duplicates, evaluation shares and teamless devolution', () => {
    const broken = validConfig();
    broken.units.push({ id: 'brigade-1', name: '重复', kind: 'bureau-brigade' });
    broken.squadrons[0]!.unitId = 'brigade-1';
    broken.clusters[0]!.evaluation = { hub: 0.7, radiated: 0.2 };
    delete (broken.townships[1] as { teamId?: string }).teamId;
    broken.devolution.batches[0]!.townships = [T1, T2];
    const messages = issuesOf(broken).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual([
      'units[6].id: duplicate unit id "brigade-1"',
      'squadrons[0].unitId: unit "brigade-1" is a bureau-brigade, expected squadron',
      'squadrons[0].unitId: squadron "brigade-1" needs a parentId: the unit it acts for',
      'clusters[0].evaluation: hub + radiated shares must add up to 1',
      `devolution.batches[0].townships[1]: township ${T2} has no team to receive devolved matters`,
    ]);
  });

  it('with a catalogue, requires every role mapped and every matter known', () => {
    const parsed = parseCatalogueCsv(
      'code,name,domain,legal_basis,default_holder,simple_procedure,effective_from,effective_to\n' +
        'CSHJ-001,占道经营,城市市容和环境卫生,条例,bureau:city,Y,,\n' +
        'SSGL-001,河道违建,水事管理,水法,bureau:other,N,,\n',
    );
    if (!parsed.ok) throw new Error('fixture catalogue');
    const broken = validConfig();
    broken.devolution.batches[0]!.matters = ['CSHJ-001', 'CSHJ-404'];
    expect(issuesOf(broken, parsed.catalogue)).toEqual([
      { path: 'holders.bureau:other', message: 'role bureau:other is used by the catalogue but not mapped to a unit' },
      { path: 'devolution.batches[0].matters[1]', message: 'unknown matter code CSHJ-404' },
    ]);
    const ok = loadCountyConfig(validConfig());
    if (ok.ok) expect(checkConfigAgainstCatalogue(ok.config, parsed.catalogue).map((i) => i.path)).toEqual(['holders.bureau:other']);
  });

  it('rejects non-objects without throwing', () => {
    expect(issuesOf(null)).toEqual([{ path: '(root)', message: expect.any(String) }]);
    expect(issuesOf('{}').length).toBe(1);
  });
});

describe('formatPath', () => {
  it('writes array indices in brackets', () => {
    expect(formatPath(['townships', 3, 'teamId'])).toBe('townships[3].teamId');
    expect(formatPath([])).toBe('(root)');
  });
});
