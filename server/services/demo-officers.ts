import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { LonLat } from '../../shared/domain/incident.ts';
import type { OfficerStatus } from '../../shared/domain/officer.ts';
import type { OfficerRecord } from '../../shared/protocol/officers.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['建国', '海涛', '晓东', '志强', '丽娟', '文博', '立新', '秀英', '国栋', '红梅', '春雨', '振华', '玉兰', '子豪', '静怡', '明轩'];

/** FNV-1a: a stable small hash so the demo roster is the same on every start and machine. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Units whose officers carry out enforcement actions (departments are reached by 移送, not dispatched here). */
const STAFFED_KINDS = new Set(['township-team', 'squadron', 'bureau-brigade']);

/**
 * The demo roster of a county, deterministic: 5–6 officers per township team, squadron and bureau
 * brigade — most with a valid 执法证, one auxiliary (协管员) without one, one whose certificate has
 * expired — placed 300–1,500 m from the township the unit serves (`anchor`), positions dated `at`.
 * Two of the certified are available and one on duty, so every unit can be dispatched at start.
 */
export function demoOfficers(config: CountyConfig, anchor: (unitId: string) => LonLat | null, at: string): OfficerRecord[] {
  const officers: OfficerRecord[] = [];
  const county6 = config.countyCode.slice(0, 6);
  for (const unit of config.units) {
    if (!STAFFED_KINDS.has(unit.kind) || unit.external) continue;
    const centre = anchor(unit.id);
    const seed = hash(unit.id);
    const count = 5 + (seed % 2);
    for (let k = 1; k <= count; k++) {
      const h = hash(`${unit.id}#${k}`);
      const uncertified = k === count - 1;
      const expired = k === count;
      const status: OfficerStatus = k === 3 ? 'onDuty' : k === 4 && count === 6 ? 'offDuty' : 'available';
      const distance = 300 + (h % 1200);
      const angle = ((h >>> 11) % 360) * (Math.PI / 180);
      const position = centre
        ? {
            lon: Number((centre.lon + (distance * Math.cos(angle)) / (111_320 * Math.cos((centre.lat * Math.PI) / 180))).toFixed(6)),
            lat: Number((centre.lat + (distance * Math.sin(angle)) / 110_540).toFixed(6)),
            at,
          }
        : null;
      officers.push({
        id: `officer-${unit.id}-${k}`,
        name: `${SURNAMES[h % SURNAMES.length]}${GIVEN[(h >>> 5) % GIVEN.length]}`,
        unitId: unit.id,
        countyCode: config.countyCode,
        certificate: uncertified ? null : { number: `${county6}ZF${String(seed % 100_000).padStart(5, '0')}${k}`, expiresOn: expired ? '2024-06-30' : '2030-12-31' },
        status,
        lastPosition: position,
      });
    }
  }
  return officers;
}
