import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { ENFORCEMENT_DOMAINS, domainPrefix, holderRolesOf, parseCatalogueCsv } from '../../shared/domain/matters.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
const countyFiles = readdirSync(new URL('data/counties/', root)).filter((f) => f.endsWith('.json')).sort();

describe('data/catalogue/matters.csv', () => {
  it('parses without problems', () => {
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });
  if (!parsed.ok) return;
  const { matters } = parsed.catalogue;

  it('holds at least 150 matters with unique codes', () => {
    expect(matters.length).toBeGreaterThanOrEqual(150);
    expect(new Set(matters.map((m) => m.code)).size).toBe(matters.length);
  });

  it('covers exactly the 23 domains, each code carrying its domain prefix', () => {
    expect(new Set(matters.map((m) => m.domain))).toEqual(new Set(ENFORCEMENT_DOMAINS.map((d) => d.name)));
    for (const m of matters) expect(m.code.startsWith(`${domainPrefix(m.domain)}-`)).toBe(true);
  });

  it('cites a law (《…》) or a regulation type for every matter', () => {
    for (const m of matters) expect(m.legalBasis, m.code).toMatch(/《.+》|条例/);
  });

  it('has the usual city-management matters the documents name', () => {
    const names = matters.map((m) => m.name).join('\n');
    for (const word of ['占道经营', '户外广告', '建筑垃圾', '油烟', '违法建设', '渣土']) expect(names).toContain(word);
  });
});

describe('county configurations against the catalogue', () => {
  it('exist for the five seed counties, one file per 12-digit code', () => {
    expect(countyFiles).toEqual(['330822000000.json', '350521000000.json', '371521000000.json', '410325000000.json', '410923000000.json']);
  });
  if (!parsed.ok) return;
  const { catalogue } = parsed;

  for (const file of countyFiles) {
    describe(file, () => {
      const json: unknown = JSON.parse(readFileSync(new URL(`data/counties/${file}`, root), 'utf8'));
      const loaded = loadCountyConfig(json, { catalogue });

      it('validates, including roles and matter codes', () => {
        expect(loaded.ok ? [] : loaded.issues).toEqual([]);
      });
      if (!loaded.ok) return;
      const { config } = loaded;
      const unitIds = new Set(config.units.map((u) => u.id));

      it('is named after its county code', () => {
        expect(file).toBe(`${config.countyCode}.json`);
      });

      it('resolves every default holder role to a unit', () => {
        for (const role of holderRolesOf(catalogue)) expect(unitIds.has(config.holders[role] ?? ''), role).toBe(true);
      });

      it('devolves only matters that exist in the catalogue', () => {
        for (const batch of config.devolution.batches) for (const m of batch.matters) expect(catalogue.byCode.has(m), m).toBe(true);
      });
    });
  }
});
