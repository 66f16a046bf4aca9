import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadCountyConfig, type countyConfigShape } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;

/** A fresh, mutable copy of a seed county's configuration. */
function seedConfig(code: string): z.input<typeof countyConfigShape> {
  return JSON.parse(readFileSync(new URL(`data/counties/${code}.json`, root), 'utf8')) as z.input<typeof countyConfigShape>;
}
const at = <T>(list: T[] | undefined, i: number): T => {
  const item = list?.[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
};
const issues = (json: unknown) => {
  const r = loadCountyConfig(json, { catalogue });
  return r.ok ? [] : r.issues;
};

describe('broken county configurations say exactly what is wrong', () => {
  it('a 常山 hub without a team', () => {
    const c = seedConfig('330822000000');
    delete at(c.townships, c.townships.findIndex((t) => t.code === '330822115000')).teamId;
    expect(issues(c)).toEqual([
      { path: 'clusters[0].hubTownship', message: 'hub 330822115000 has no team' },
      { path: expect.stringMatching(/^devolution\.batches\[0\]\.townships\[\d+\]$/), message: 'township 330822115000 has no team to receive devolved matters' },
    ]);
  });

  it('a township radiated by two hubs', () => {
    const c = seedConfig('330822000000');
    at(c.clusters, 1).radiatedTownships = [at(at(c.clusters, 0).radiatedTownships, 0)];
    expect(issues(c)).toEqual([{ path: 'clusters[1].radiatedTownships[0]', message: 'township 330822200000 is already in cluster "cluster-330822-huibu"' }]);
  });

  it('a 南乐 batch listing a matter the catalogue lacks, and a role left unmapped', () => {
    const c = seedConfig('410923000000');
    at(c.devolution?.batches, 0).matters.push('CSHJ-999');
    delete c.holders['department:hr'];
    expect(issues(c)).toEqual([
      { path: 'holders.department:hr', message: 'role department:hr is used by the catalogue but not mapped to a unit' },
      { path: 'devolution.batches[0].matters[73]', message: 'unknown matter code CSHJ-999' },
    ]);
  });

  it('a 阳谷 development-zone area naming a village of another county', () => {
    const c = seedConfig('371521000000');
    const zone = (c.squadrons ?? []).findIndex((s) => s.area.name === '祥光经济开发区');
    at(c.squadrons, zone).area.villageCodes = ['410923100101', ...(at(c.squadrons, zone).area.villageCodes ?? []).slice(1)];
    expect(issues(c)).toEqual([{ path: `squadrons[${zone}].area.villageCodes[0]`, message: 'village 410923100101 belongs to no listed township' }]);
  });

  it('a 惠安 base grid put into two enforcement grids', () => {
    const c = seedConfig('350521000000');
    const [first, second] = [at(c.gridNetworks?.enforcement.cells, 0), at(c.gridNetworks?.enforcement.cells, 1)];
    const moved = at(first.villageCodes, 0);
    second.villageCodes.push(moved);
    const last = second.villageCodes.length - 1;
    expect(issues(c)).toEqual([
      { path: `gridNetworks.enforcement.cells[1].villageCodes[${last}]`, message: `base grid ${moved} is already in enforcement cell "${first.id}"` },
    ]);
  });

  it('a 嵩县 batch with an unknown field and a misspelt unit kind', () => {
    const c = seedConfig('410325000000');
    Object.assign(at(c.devolution?.batches, 0), { effectiveFrm: '2020-01-01' });
    Object.assign(at(c.units, 1), { kind: 'brigade' });
    const found = issues(c);
    expect(found.map((i) => i.path).sort()).toEqual(['devolution.batches[0]', 'units[1].kind']);
    expect(found.find((i) => i.path === 'devolution.batches[0]')?.message).toContain('effectiveFrm');
  });
});
