// 常山县 (seeds/002): 7 regions — 天马、紫港、金川 alone; 辉埠、球川、青石、芳村 hubs radiating to
// 1–2 neighbours ("1+X"); 23 domains devolved in part; hubs evaluated 七三开.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { ENFORCEMENT_DOMAINS, parseCatalogueCsv } from '../../shared/domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from '../../shared/routing/responsibility.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/330822000000.json', root), 'utf8')), { catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const COUNTY = { code: '330822000000', name: '常山县' };
const place = (tc: string, tn: string, vc: string, vn: string) => ({ county: COUNTY, township: { code: tc, name: tn }, village: { code: vc, name: vn }, group: { code: `${vc}001`, name: '一组' } });
const 何家乡樊家村 = place('330822200000', '何家乡', '330822200200', '樊家村');
const 同弓乡湖石头村 = place('330822211000', '同弓乡', '330822211201', '湖石头村');
const 天马街道东明社区 = place('330822001000', '天马街道', '330822001001', '东明社区');

function decide(input: Partial<ResponsibilityInput>): ResponsibilityDecision {
  const r = decideResponsibility({ chain: 何家乡樊家村, at: '2022-04-12T15:00:00+08:00', config, catalogue, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}
const nameOf = (code: string) => config.townships.find((t) => t.code === code)?.name;

describe('常山县: seven regions', () => {
  it('has four "1+X" clusters around 辉埠、球川、青石、芳村 covering the seven other townships, each 1–2', () => {
    expect(config.clusters.map((c) => nameOf(c.hubTownship))).toEqual(['辉埠镇', '球川镇', '青石镇', '芳村镇']);
    const radiated = config.clusters.flatMap((c) => c.radiatedTownships);
    expect(radiated.map(nameOf).sort()).toEqual(['东案乡', '何家乡', '同弓乡', '大桥头乡', '招贤镇', '新昌乡', '白石镇'].sort());
    for (const c of config.clusters) expect(c.radiatedTownships.length).toBeGreaterThanOrEqual(1);
  });

  it('leaves the three subdistricts alone', () => {
    const inClusters = new Set(config.clusters.flatMap((c) => [c.hubTownship, ...c.radiatedTownships]));
    const alone = config.townships.filter((t) => !inClusters.has(t.code)).map((t) => t.name);
    expect(alone).toEqual(['天马街道', '紫港街道', '金川街道']);
  });

  it('records the 七三开 evaluation split on every cluster', () => {
    for (const c of config.clusters) expect(c.evaluation).toEqual({ hub: 0.7, radiated: 0.3 });
  });

  it('devolves matters of all 23 domains to the 7 implementing townships and subdistricts', () => {
    const [batch] = config.devolution.batches;
    expect(batch?.townships.map(nameOf).sort()).toEqual(['天马街道', '球川镇', '紫港街道', '芳村镇', '辉埠镇', '金川街道', '青石镇'].sort());
    const domains = new Set(batch?.matters.map((m) => catalogue.byCode.get(m)?.domain));
    expect(domains).toEqual(new Set(ENFORCEMENT_DOMAINS.map((d) => d.name)));
  });
});

describe('常山县 reports', () => {
  it('a 渣土 report in radiated 何家乡 goes to the hub 辉埠镇 team', () => {
    const d = decide({ matterCode: 'CSHJ-017' });
    expect(d.unit).toEqual({ id: 'team-330822115000', name: '辉埠镇综合行政执法队', kind: 'township-team' });
    expect(d.alternates.map((u) => u.name)).toEqual(['何家乡本地执法队']);
    expect(d.reasons.find((r) => r.code === 'CLUSTER_HUB')?.message).toBe('何家乡属于「1+X」辉埠片区，由中心镇辉埠镇的执法队「辉埠镇综合行政执法队」承办');
    expect(d.cluster?.evaluation).toEqual({ hub: 0.7, radiated: 0.3 });
  });

  it('同弓乡 is served by the 球川镇 team', () => {
    expect(decide({ chain: 同弓乡湖石头村, matterCode: 'CSHJ-001' }).unit.name).toBe('球川镇综合行政执法队');
  });

  it('a subdistrict handles its own devolved matters', () => {
    expect(decide({ chain: 天马街道东明社区, matterCode: 'CSHJ-001' }).unit.name).toBe('天马街道综合行政执法队');
  });

  it('before the reform took effect (2021-08-01) a 渣土 report stays with the county bureau', () => {
    const d = decide({ matterCode: 'CSHJ-017', at: '2021-07-20T10:00:00+08:00' });
    expect(d.unit.name).toBe('常山县综合行政执法局一大队');
    expect(d.reasons.map((r) => r.code)).toEqual(['LOCATION', 'MATTER', 'NOT_YET_DEVOLVED', 'RETAINED']);
  });

  it('a technical matter not devolved goes to its department', () => {
    expect(decide({ matterCode: 'STHJ-011' }).unit.name).toBe('衢州市生态环境局常山分局');
  });

  it('an unclassified report in a radiated township goes to the hub team', () => {
    const d = decide({});
    expect(d.unit.name).toBe('辉埠镇综合行政执法队');
    expect(d.flags).toEqual(['needsClassification']);
  });
});

// Depends on the generated grid (data/grids/330822.geojson, built by data:build); skipped only if absent.
const gridPath = new URL('data/grids/330822.geojson', root);
describe('常山县 cluster adjacency', () => {
  it('each radiated township shares a boundary with its hub in data/grids/330822.geojson', () => {
    type Ring = [number, number][];
    interface Feature { properties: { level: string; code: string }; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } }
    const grid = JSON.parse(readFileSync(gridPath, 'utf8')) as { features: Feature[] };
    const edgesOf = new Map<string, Set<string>>();
    for (const f of grid.features) {
      if (f.properties.level !== 'township') continue;
      const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      const edges = new Set<string>();
      for (const ring of polygons.flat()) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i]!.join(',');
          const b = ring[i + 1]!.join(',');
          edges.add(a < b ? `${a}|${b}` : `${b}|${a}`);
        }
      }
      edgesOf.set(f.properties.code, edges);
    }
    for (const cluster of config.clusters) {
      const hub = edgesOf.get(cluster.hubTownship);
      expect(hub, cluster.hubTownship).toBeDefined();
      for (const r of cluster.radiatedTownships) {
        const shared = [...(edgesOf.get(r) ?? [])].filter((e) => hub?.has(e)).length;
        expect(shared, `${nameOf(r)} shares no edge with ${nameOf(cluster.hubTownship)}`).toBeGreaterThan(0);
      }
    }
  });
});
