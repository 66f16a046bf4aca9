/**
 * Builds data/grids/ from data/sources/divisions/: one <code6>.geojson per demo county
 * (county, township, village and group polygons) and index.json.
 * Run: npm run data:build   (deterministic: same sources → byte-identical files)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CountySummary } from '../../shared/domain/grid.ts';
import { serializeCollection, serializeIndex } from './serialize.ts';
import { DEMO_COUNTIES, readCountySource } from './sources.ts';
import { synthesizeCounty } from './synthesize-county.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const SOURCES_DIR = resolve(here, '../sources/divisions');
export const GRIDS_DIR = resolve(here, '../grids');

/** Builds one county; returns the file text and its summary (used by the determinism test too). */
export function buildCountyFile(code6: string): { text: string; summary: CountySummary } {
  const entry = DEMO_COUNTIES.find((c) => c.code6 === code6);
  if (!entry) throw new Error(`not a demo county: ${code6}`);
  const { features, summary } = synthesizeCounty(readCountySource(SOURCES_DIR, entry.code6, entry.stem));
  return { text: serializeCollection(features), summary };
}

function main(): void {
  mkdirSync(GRIDS_DIR, { recursive: true });
  const summaries: CountySummary[] = [];
  for (const { code6 } of DEMO_COUNTIES) {
    const started = performance.now();
    const { text, summary } = buildCountyFile(code6);
    const file = join(GRIDS_DIR, `${code6}.geojson`);
    writeFileSync(file, text);
    summaries.push(summary);
    const { township, village, group } = summary.counts;
    const kb = (Buffer.byteLength(text) / 1024).toFixed(0);
    const ms = (performance.now() - started).toFixed(0);
    console.log(`${code6} ${summary.name}: ${township} townships, ${village} villages, ${group} groups, ${kb} KiB, ${ms} ms`);
  }
  writeFileSync(join(GRIDS_DIR, 'index.json'), serializeIndex(summaries));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
