import { createHash, timingSafeEqual } from 'node:crypto';
import { CN_WORK_CALENDAR } from '../../shared/domain/calendar-cn.ts';
import { redactPersonalData } from '../../shared/domain/personal-data.ts';
import { DEFAULT_CLOSE_WITHIN_WORKING_DAYS, defaultCloseDeadline } from '../../shared/evaluation/close-deadline.ts';
import type { Matter } from '../../shared/domain/matters.ts';
import type { Crs } from '../../shared/domain/incident.ts';
import { shanghaiDate, withinDays } from '../../shared/domain/devolution.ts';
import type { Catalogue } from '../../shared/domain/matters.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import { reportInputSchema } from '../../shared/protocol/reports.ts';
import type { IncidentWithOrders, Store } from '../repositories/store.ts';
import type { IntakeService, ReportAccepted } from './intake-service.ts';
import type { GridSource } from './ogc-features-service.ts';
import { locateAddress } from './open311-address.ts';
import { mapStatus, type Open311Status } from './open311-status.ts';

/** The spec's error: an HTTP status plus a human description (rendered as an array of {code, description}). */
export class Open311Error extends Error {
  override name = 'Open311Error';
  constructor(
    readonly status: 400 | 403 | 404 | 503,
    readonly description: string,
  ) {
    super(description);
  }
}

/** Reports that name no matter: the receiving team classifies them. */
export const GENERAL_SERVICE = 'GENERAL';
const GENERAL_NAME = '其他问题（未分类）';

export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_RECORDS = 1000;
const DAY_MS = 86_400_000;

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  /** The closing deadline (办结期限) while the request is open; left out once it is closed or outside the calendar. */
  expected_datetime?: string;
  address: string;
  lat: number;
  long: number;
  extended_attributes?: Record<string, string | string[]>;
}

export interface PostInput {
  apiKey: string | undefined;
  serviceCode: string | undefined;
  lat: string | undefined;
  long: string | undefined;
  addressString: string | undefined;
  description: string | undefined;
  attributes: Record<string, string>;
}

/**
 * Who reads: a partner system that presents a valid api_key (the 12345 hotline) sees the resident's
 * text as written; anyone else sees it with phone, ID and e-mail numbers masked.
 */
export type Open311Reader = 'partner' | 'public';

export interface RequestsQuery {
  ids?: string[];
  serviceCodes?: string[];
  start?: number;
  end?: number;
  statuses?: Open311Status[];
}

const CRS_VALUES_LIST: { key: Crs; name: string }[] = [
  { key: 'WGS84', name: 'WGS84（GPS，默认）' },
  { key: 'GCJ02', name: 'GCJ-02（高德、腾讯地图）' },
  { key: 'BD09', name: 'BD-09（百度地图）' },
];

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/**
 * Open311 GeoReport v2 over the same intake as POST /api/v1/reports: the services are the
 * matter catalogue (grouped by domain), a posted request is routed, stored and dispatched by
 * IntakeService.submit, and requests are read back from the store.
 */
export class Open311Facade {
  private readonly keyDigests: Buffer[];

  constructor(
    private readonly deps: {
      store: Store;
      intake: IntakeService;
      grids: GridSource;
      catalogue: () => Catalogue;
      apiKeys: readonly string[];
      now: () => Date;
    },
  ) {
    this.keyDigests = deps.apiKeys.map(digest);
  }

  /** The 12-digit county code a jurisdiction_id names, or an Open311Error 404. */
  checkJurisdiction(jurisdictionId: string | undefined): void {
    if (jurisdictionId === undefined) return;
    const code = /^\d{6}$/.test(jurisdictionId) ? `${jurisdictionId}000000` : jurisdictionId;
    if (!this.deps.grids.counties().some((c) => c.code === code)) {
      throw new Open311Error(404, `jurisdiction_id ${jurisdictionId} not found: use a 6- or 12-digit county code this center serves (${this.deps.grids.counties().map((c) => c.code.slice(0, 6)).join(', ')})`);
    }
  }

  private inForce(): Matter[] {
    const now = this.deps.now().getTime();
    return this.deps.catalogue().matters.filter((m) => withinDays(now, m.effectiveFrom, m.effectiveTo));
  }

  services(): Open311Service[] {
    const general: Open311Service = {
      service_code: GENERAL_SERVICE,
      service_name: GENERAL_NAME,
      description: '不确定属于哪类执法事项时选择此项，由属地执法队接收并分类',
      metadata: true,
      type: 'realtime',
      keywords: '其他,未分类',
      group: '其他',
    };
    const matters = [...this.inForce()].sort((a, b) => a.domain.localeCompare(b.domain, 'zh-CN') || a.code.localeCompare(b.code));
    return [
      general,
      ...matters.map((m) => ({
        service_code: m.code,
        service_name: m.name,
        description: `${m.domain}：${m.name}（${m.legalBasis}）`,
        metadata: true,
        type: 'realtime' as const,
        keywords: [m.domain, m.code.split('-')[0], m.simpleProcedure ? '简易程序' : null].filter(Boolean).join(','),
        group: m.domain,
      })),
    ];
  }

  /** Every service takes the coordinate system of lat/long as an attribute; matters also show their legal basis. */
  definition(serviceCode: string) {
    const matter = serviceCode === GENERAL_SERVICE ? null : (this.inForce().find((m) => m.code === serviceCode) ?? null);
    if (serviceCode !== GENERAL_SERVICE && !matter) throw new Open311Error(404, `service_code ${serviceCode} not found; GET services lists them`);
    const attributes: Record<string, unknown>[] = [
      {
        variable: true,
        code: 'crs',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '坐标系：lat/long 所用的坐标系，默认 WGS84',
        order: 1,
        description: '坐标系 (coordinate system of lat/long)',
        values: CRS_VALUES_LIST,
      },
    ];
    if (matter) {
      attributes.push({
        variable: false,
        code: 'legal_basis',
        datatype: 'string',
        required: false,
        datatype_description: '',
        order: 2,
        description: `法律依据：${matter.legalBasis}`,
      });
    }
    return { service_code: serviceCode, attributes };
  }

  private checkKey(apiKey: string | undefined): void {
    if (!apiKey) throw new Open311Error(403, 'api_key is required to post a service request');
    const given = digest(apiKey);
    if (!this.keyDigests.some((k) => timingSafeEqual(k, given))) throw new Open311Error(403, 'api_key is not valid');
  }

  /** Reads are open to all; a key, when given, must be valid (403 otherwise) and unlocks the unmasked text. */
  readerOf(apiKey: string | undefined): Open311Reader {
    if (apiKey === undefined) return 'public';
    this.checkKey(apiKey);
    return 'partner';
  }

  async post(input: PostInput): Promise<{ service_request_id: string; token: string; service_notice: string; account_id: null }> {
    this.checkKey(input.apiKey);
    if (!input.serviceCode) throw new Open311Error(400, 'service_code is required');
    const matter = input.serviceCode === GENERAL_SERVICE ? null : this.inForce().find((m) => m.code === input.serviceCode);
    if (matter === undefined) throw new Open311Error(404, `service_code ${input.serviceCode} not found; GET services lists them`);
    const crsRaw = input.attributes.crs ?? 'WGS84';
    const crs = CRS_VALUES_LIST.find((c) => c.key === crsRaw)?.key;
    if (!crs) throw new Open311Error(400, `attribute[crs] must be one of ${CRS_VALUES_LIST.map((c) => c.key).join(', ')}`);
    for (const key of Object.keys(input.attributes)) {
      if (key !== 'crs') throw new Open311Error(400, `attribute[${key}] is not defined for this service; see the service definition`);
    }

    const address = input.addressString?.trim() || undefined;
    let lon: number;
    let lat: number;
    let locatedBy = '';
    if (input.lat !== undefined || input.long !== undefined) {
      lat = Number(input.lat);
      lon = Number(input.long);
      if (input.lat === undefined || input.long === undefined || !input.lat.trim() || !input.long.trim() || !Number.isFinite(lat) || !Number.isFinite(lon)) {
        throw new Open311Error(400, 'lat and long must both be given as decimal degrees');
      }
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) throw new Open311Error(400, 'lat must be within ±90 and long within ±180');
    } else if (address) {
      const all = this.deps.grids.counties().flatMap((c) => this.deps.grids.features(c.code) ?? []);
      const match = locateAddress(address, all);
      if (!match.ok) {
        throw new Open311Error(
          400,
          match.reason === 'ambiguous'
            ? `address_string "${address}" matches several places (${match.candidates.join('、')}); add the township or send lat and long`
            : `address_string "${address}" names no county, township or village this center serves; send lat and long`,
        );
      }
      ({ lon, lat } = match);
      if (crs !== 'WGS84') throw new Open311Error(400, 'attribute[crs] applies to lat/long only; leave it out with address_string');
      locatedBy = `（按地址定位到${match.matched}）`;
    } else {
      throw new Open311Error(400, 'a location is required: lat and long, or address_string');
    }

    const text = input.description?.trim() || (matter ? matter.name : GENERAL_NAME);
    const description = address ? `${text}\n地址：${address}${locatedBy}` : text;
    const parsed = reportInputSchema.safeParse({ lon, lat, crs, description, source: 'open311', ...(matter ? { matterCode: matter.code } : {}) });
    if (!parsed.success) throw new Open311Error(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
    const result = await this.deps.intake.submit(parsed.data);
    const accepted = result.body as ReportAccepted;
    return { service_request_id: accepted.id, token: accepted.id, service_notice: notice(accepted.route), account_id: null };
  }

  async request(id: string, extensions: boolean, reader: Open311Reader): Promise<Open311Request> {
    const incident = /^[0-9a-f-]{36}$/.test(id) ? await this.deps.store.getIncident(id) : null;
    if (!incident) throw new Open311Error(404, `service_request_id ${id} not found`);
    return this.toRequest(incident, extensions, reader);
  }

  /** Tokens resolve at once: a request is stored before POST answers, and its token is its id. */
  async token(token: string): Promise<{ service_request_id: string; token: string }> {
    const incident = /^[0-9a-f-]{36}$/.test(token) ? await this.deps.store.getIncident(token) : null;
    if (!incident) throw new Open311Error(404, `token ${token} not found`);
    return { service_request_id: incident.id, token };
  }

  /** GET requests: ids win over every other filter; otherwise the last 90 days, newest first, at most 1,000. */
  async requests(q: RequestsQuery, extensions: boolean, reader: Open311Reader): Promise<Open311Request[]> {
    if (q.ids) {
      const found = await Promise.all(q.ids.map((id) => (/^[0-9a-f-]{36}$/.test(id) ? this.deps.store.getIncident(id) : null)));
      return found.filter((i): i is IncidentWithOrders => i !== null).map((i) => this.toRequest(i, extensions, reader));
    }
    const end = q.end ?? this.deps.now().getTime();
    const start = q.start ?? end - DEFAULT_WINDOW_DAYS * DAY_MS;
    if (end < start) throw new Open311Error(400, 'end_date is before start_date');
    const out: Open311Request[] = [];
    let cursor: string | undefined;
    do {
      // end_date is inclusive (and "now" includes a request received this millisecond); the store's `to` is exclusive.
      const page = await this.deps.store.listIncidents({ from: new Date(start).toISOString(), to: new Date(end + 1).toISOString(), limit: 500, cursor });
      for (const incident of page.items) {
        const request = this.toRequest(incident, extensions, reader);
        if (q.serviceCodes && !q.serviceCodes.includes(request.service_code)) continue;
        if (q.statuses && !q.statuses.includes(request.status)) continue;
        out.push(request);
        if (out.length === MAX_RECORDS) return out;
      }
      cursor = page.next ?? undefined;
    } while (cursor);
    return out;
  }

  private toRequest(i: IncidentWithOrders, extensions: boolean, reader: Open311Reader): Open311Request {
    const r = i.route;
    const status = mapStatus(i.status);
    const matter = i.matterCode ? this.deps.catalogue().byCode.get(i.matterCode) : undefined;
    const updated = [i.receivedAt, ...i.orders.map((o) => o.createdAt)].sort().at(-1) as string;
    const expected = status.status === 'open' ? defaultCloseDeadline(i.receivedAt, DEFAULT_CLOSE_WITHIN_WORKING_DAYS, CN_WORK_CALENDAR) : null;
    return {
      service_request_id: i.id,
      status: status.status,
      status_notes: status.label,
      service_name: matter?.name ?? (i.matterCode ?? GENERAL_NAME),
      service_code: i.matterCode ?? GENERAL_SERVICE,
      description: reader === 'partner' ? i.description : redactPersonalData(i.description),
      agency_responsible: r.unit.name,
      service_notice: notice(r),
      requested_datetime: i.receivedAt,
      updated_datetime: updated,
      ...(expected ? { expected_datetime: expected } : {}),
      address: `${r.county.name}${r.township.name}${r.village.name}${r.group.name}`,
      lat: i.location.lat,
      long: i.location.lon,
      ...(extensions
        ? {
            extended_attributes: {
              status: status.detail,
              status_label: status.label,
              agency_id: r.unit.id,
              county_code: r.county.code,
              township_code: r.township.code,
              village_code: r.village.code,
              group_code: r.group.code,
              flags: [...r.flags],
              received_on: shanghaiDate(Date.parse(i.receivedAt)),
            },
          }
        : {}),
    };
  }
}

function notice(route: RouteResult): string {
  return route.reasons.map((r) => r.message).join('；');
}
