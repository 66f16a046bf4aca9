import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCountyConfig, type CountyConfig } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';
import type { Jurisdiction } from '../../shared/routing/route.ts';

/**
 * Reads the matter catalogue (data/catalogue/matters.csv) and every county configuration
 * (data/counties/*.json). A broken file stops the server with each problem and where it is:
 * routing on a half-read configuration would send cases to the wrong body.
 */
export function readJurisdictionFiles(dataDir: string): Jurisdiction {
  const csvPath = join(dataDir, 'catalogue/matters.csv');
  const parsed = parseCatalogueCsv(readFileSync(csvPath, 'utf8'));
  if (!parsed.ok) {
    throw new Error(`${csvPath}:\n${parsed.problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n')}`);
  }
  const configs = new Map<string, CountyConfig>();
  const dir = join(dataDir, 'counties');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, file);
    const loaded = loadCountyConfig(JSON.parse(readFileSync(path, 'utf8')), { catalogue: parsed.catalogue });
    if (!loaded.ok) throw new Error(`${path}:\n${loaded.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    configs.set(loaded.config.countyCode, loaded.config);
  }
  return { catalogue: parsed.catalogue, configs };
}
