/**
 * Enforcement officers (执法人员) as dispatch sees them: unit, certificate, duty status and last
 * known position. Only an officer holding a valid 行政执法证 may carry out an enforcement action.
 */
import { civilDayNumber, instantMs, shanghaiDateOf, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';
import type { LonLat } from './incident.ts';
import type { RouteReason } from './route.ts';

export const OFFICER_STATUSES = ['onDuty', 'available', 'enRoute', 'onScene', 'offDuty'] as const;
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];

export const OFFICER_STATUS_LABELS: Record<OfficerStatus, string> = {
  onDuty: '在岗',
  available: '空闲',
  enRoute: '在途',
  onScene: '在现场处置',
  offDuty: '不在岗',
};

/** enRoute / onScene officers are busy with another task; offDuty ones are not working. */
export const DISPATCHABLE_STATUSES: readonly OfficerStatus[] = ['available', 'onDuty'];

export interface EnforcementCertificate {
  /** 执法证号. */
  number: string;
  /** Last valid day (YYYY-MM-DD, Asia/Shanghai), as printed on the card. */
  expiresOn: string;
}

export interface OfficerPosition extends LonLat {
  /** When the position was reported (ISO 8601). */
  at: string;
}

export interface Officer {
  id: string;
  name: string;
  unitId: string;
  /** null: no certificate (e.g. an auxiliary 协管员). */
  certificate: EnforcementCertificate | null;
  status: OfficerStatus;
  lastPosition: OfficerPosition | null;
}

export type CertificationState = 'valid' | 'expired' | 'none';

/** An expired certificate (or an unreadable expiry date) does not count: the card must be valid on `nowMs`'s Shanghai date. */
export function certificationAt(officer: Officer, nowMs: number): CertificationState {
  if (!officer.certificate || officer.certificate.number.trim() === '') return 'none';
  const expires = civilDayNumber(officer.certificate.expiresOn);
  const today = civilDayNumber(shanghaiDateOf(nowMs));
  return expires !== null && today !== null && today <= expires ? 'valid' : 'expired';
}

export function isDispatchable(status: OfficerStatus): boolean {
  return DISPATCHABLE_STATUSES.includes(status);
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres: good enough to rank officers, not to route them. */
export function haversineMeters(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const STALE_POSITION_MS = 30 * 60_000;

export interface RankedOfficer {
  officer: Officer;
  /** null: no usable position; such officers rank last. */
  distanceMeters: number | null;
  certified: boolean;
  stalePosition: boolean;
  /** Why the officer is where they are in the list (zh-CN messages, stable codes). */
  reasons: RouteReason[];
}

export interface ExcludedOfficer {
  officerId: string;
  reason: RouteReason;
}

export interface OfficerRanking {
  ok: true;
  ranked: RankedOfficer[];
  /** Officers of the unit left out because they are busy or off duty. Other units are ignored. */
  excluded: ExcludedOfficer[];
}

function positionReasons(officer: Officer, incident: LonLat, nowMs: number, staleAfterMs: number) {
  const pos = officer.lastPosition;
  if (!pos) return { distanceMeters: null, stale: true, reasons: [{ code: 'noPosition', message: '无位置信息，排在最后' }] };
  const distanceMeters = Math.round(haversineMeters(pos, incident));
  const reasons: RouteReason[] = [{ code: 'distance', message: `直线距离约 ${distanceMeters} 米` }];
  const atMs = instantMs(pos.at);
  if (atMs === null) return { distanceMeters, stale: true, reasons: [...reasons, { code: 'stalePosition', message: `位置时间无法识别（${pos.at}），位置可能已过时` }] };
  const ageMs = nowMs - atMs;
  if (ageMs > staleAfterMs) {
    const minutes = Math.floor(ageMs / 60_000);
    return { distanceMeters, stale: true, reasons: [...reasons, { code: 'stalePosition', message: `位置已 ${minutes} 分钟未更新，可能不准` }] };
  }
  return { distanceMeters, stale: false, reasons };
}

/**
 * The responsible unit's officers who can go now, nearest first (straight line). Ties — and
 * officers without a position — are ordered by id so every caller sees the same list.
 * Uncertified officers stay in the list, flagged: they may accompany, but do not count toward
 * the two certified officers an enforcement action needs (dispatch-rules.ts).
 */
export function rankOfficers(
  officers: readonly Officer[],
  incidentLocation: LonLat,
  unitId: string,
  now: Instant,
  options: { staleAfterMs?: number } = {},
): OfficerRanking | DomainFailure<'INVALID_TIME'> {
  const nowMs = instantMs(now);
  if (nowMs === null) return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(now)}`, `not an ISO 8601 instant with zone: ${String(now)}`);
  const staleAfterMs = options.staleAfterMs ?? STALE_POSITION_MS;
  const ranked: RankedOfficer[] = [];
  const excluded: ExcludedOfficer[] = [];
  for (const officer of officers) {
    if (officer.unitId !== unitId) continue;
    if (!isDispatchable(officer.status)) {
      excluded.push({ officerId: officer.id, reason: { code: 'unavailable', message: `状态为「${OFFICER_STATUS_LABELS[officer.status]}」，不可派遣` } });
      continue;
    }
    const { distanceMeters, stale, reasons } = positionReasons(officer, incidentLocation, nowMs, staleAfterMs);
    reasons.push({ code: 'status', message: `状态：${OFFICER_STATUS_LABELS[officer.status]}` });
    const cert = certificationAt(officer, nowMs);
    const certified = cert === 'valid';
    reasons.push(
      certified
        ? { code: 'certified', message: `持执法证（${officer.certificate?.number ?? ''}，有效期至 ${officer.certificate?.expiresOn ?? ''}）` }
        : cert === 'expired'
          ? { code: 'certificateExpired', message: `执法证已过期（有效期至 ${officer.certificate?.expiresOn ?? ''}），不计入执法人员人数` }
          : { code: 'notCertified', message: '未持执法证，不计入执法人员人数' },
    );
    ranked.push({ officer, distanceMeters, certified, stalePosition: stale, reasons });
  }
  ranked.sort((a, b) => {
    if (a.distanceMeters !== b.distanceMeters) {
      if (a.distanceMeters === null) return 1;
      if (b.distanceMeters === null) return -1;
      return a.distanceMeters - b.distanceMeters;
    }
    return a.officer.id < b.officer.id ? -1 : a.officer.id > b.officer.id ? 1 : 0;
  });
  excluded.sort((a, b) => (a.officerId < b.officerId ? -1 : a.officerId > b.officerId ? 1 : 0));
  return { ok: true, ranked, excluded };
}
