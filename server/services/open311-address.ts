import type { GridFeature } from '../../shared/domain/grid.ts';
import { interiorPoint } from '../../shared/routing/interior-point.ts';

export type AddressMatch =
  | { ok: true; feature: GridFeature; lon: number; lat: number; matched: string }
  | { ok: false; reason: 'none' | 'ambiguous'; candidates: string[] };

interface Candidate {
  feature: GridFeature;
  score: number;
  label: string;
}

/**
 * A gazetteer for Open311's address_string, without a street geocoder: the deepest division
 * named in the text (县 → 乡镇 → 村/社区, official or short names) whose ancestors, where named,
 * agree. The report is placed at an interior point of that division, and operators see the
 * address in the description. Ties at the best score are refused as ambiguous rather than guessed.
 */
export function locateAddress(address: string, features: readonly GridFeature[]): AddressMatch {
  const text = address.replace(/\s+/g, '');
  const named = (f: GridFeature) => (text.includes(f.properties.name) || text.includes(f.properties.shortName) ? 1 : 0);
  const byCode = new Map(features.map((f) => [f.properties.code, f]));
  const hit = new Set<string>();
  for (const f of features) if (f.properties.level !== 'group' && named(f)) hit.add(f.properties.code);

  const candidates: Candidate[] = [];
  for (const code of hit) {
    const f = byCode.get(code) as GridFeature;
    // Deeper levels score higher; each named ancestor adds weight, so 城关镇徐村 beats a lone 徐村 elsewhere.
    let score = { county: 1, township: 10, village: 100, group: 0 }[f.properties.level];
    const names = [f.properties.name];
    for (let parent = byCode.get(f.properties.parentCode); parent; parent = byCode.get(parent.properties.parentCode)) {
      if (hit.has(parent.properties.code)) score += { county: 1, township: 10, village: 0, group: 0 }[parent.properties.level];
      names.unshift(parent.properties.name);
    }
    candidates.push({ feature: f, score, label: names.join('') });
  }
  if (candidates.length === 0) return { ok: false, reason: 'none', candidates: [] };
  const best = Math.max(...candidates.map((c) => c.score));
  const top = candidates.filter((c) => c.score === best);
  if (top.length > 1) return { ok: false, reason: 'ambiguous', candidates: top.map((c) => c.label).sort().slice(0, 10) };
  const winner = top[0] as Candidate;
  const point = interiorPoint(winner.feature.geometry);
  if (!point) return { ok: false, reason: 'none', candidates: [] };
  return { ok: true, feature: winner.feature, lon: point[0], lat: point[1], matched: winner.label };
}
