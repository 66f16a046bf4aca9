import { CASE_ACTIONS, CASE_STATUSES, FINAL_STATUSES, type CaseEvent } from '../../shared/domain/case-lifecycle.ts';
import { CN_WORK_CALENDAR } from '../../shared/domain/calendar-cn.ts';
import { shanghaiDateOf } from '../../shared/domain/civil-date.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import { shanghaiDayStart } from '../../shared/domain/devolution.ts';
import type { UnitRef } from '../../shared/domain/unit.ts';
import { caseRecordFromHistory, type CaseRecord } from '../../shared/evaluation/case-record.ts';
import type { ClusterInput } from '../../shared/evaluation/cluster-split.ts';
import { DEFAULT_CLOSE_WITHIN_WORKING_DAYS, defaultCloseDeadline } from '../../shared/evaluation/close-deadline.ts';
import { evaluate, type EvaluationDimension } from '../../shared/evaluation/evaluate.ts';
import { wallSummary } from '../../shared/evaluation/wall-snapshot.ts';
import { WALL_MAX_INCIDENTS, WALL_TICKER_SIZE, WALL_WINDOW_MS, type StatsResponse, type WallDispatch, type WallSnapshot } from '../../shared/protocol/stats.ts';
import type { EventRecord, IncidentWithOrders, Store } from '../repositories/store.ts';
import { DomainError } from './domain-error.ts';
import type { GridService } from './grid-service.ts';

const EVENT_PAGE = 1000;
const INCIDENT_PAGE = 500;
/** The wall looks this far back for open (overdue, escalated) cases. */
const WALL_LOOKBACK_MS = 30 * 24 * 3_600_000;
/** Several walls of one county refreshing together share one computation. */
const WALL_CACHE_MS = 1000;

export interface EvaluationServiceDeps {
  store: Store;
  grids: GridService;
  now: () => Date;
  closeWithinWorkingDays?: number;
}

const ACTIONS = new Set<string>(CASE_ACTIONS);
const STATUSES = new Set<string>(CASE_STATUSES);

function isCaseEvent(value: unknown): value is CaseEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.type === 'string' && ACTIONS.has(e.type) && typeof e.from === 'string' && STATUSES.has(e.from) && typeof e.to === 'string' && STATUSES.has(e.to) && typeof e.at === 'string' && typeof e.actorId === 'string';
}

/**
 * A case event in the log, whichever way the workflow stores it: `{incidentId, event: CaseEvent}`
 * or the CaseEvent's fields beside `incidentId`. Anything else (intake events, timers) is not one.
 */
export function caseEventOf(record: EventRecord): { incidentId: string; event: CaseEvent } | null {
  const payload = record.payload as Record<string, unknown> | null;
  if (typeof payload !== 'object' || payload === null || typeof payload.incidentId !== 'string') return null;
  if (isCaseEvent(payload.event)) return { incidentId: payload.incidentId, event: payload.event };
  if (isCaseEvent(payload)) return { incidentId: payload.incidentId, event: payload };
  return null;
}

/**
 * Builds evaluation input (case records) from the store and answers GET /stats and the wall's
 * snapshot. Case events are read from the event log once and kept by incident, following the log
 * with its seq, so each request reads only what was appended since the last.
 */
export class EvaluationService {
  private readonly caseEvents = new Map<string, CaseEvent[]>();
  private lastSeq = 0;
  private syncing: Promise<void> | null = null;
  private readonly wallCache = new Map<string, { at: number; snapshot: Promise<WallSnapshot> }>();
  private readonly closeDays: number;

  constructor(private readonly deps: EvaluationServiceDeps) {
    this.closeDays = deps.closeWithinWorkingDays ?? DEFAULT_CLOSE_WITHIN_WORKING_DAYS;
  }

  config(countyCode: string): CountyConfig {
    const config = this.deps.grids.jurisdiction.configs.get(countyCode);
    if (!config) throw new DomainError('UNKNOWN_COUNTY', `county ${countyCode} is not served here; GET /api/v1/counties lists the ones that are`);
    return config;
  }

  /** Reads the log from where the last call stopped; concurrent callers share one read. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        for (;;) {
          const page = await this.deps.store.eventsAfter(this.lastSeq, EVENT_PAGE);
          for (const record of page) {
            const found = caseEventOf(record);
            if (found) {
              const list = this.caseEvents.get(found.incidentId);
              if (list) list.push(found.event);
              else this.caseEvents.set(found.incidentId, [found.event]);
            }
            this.lastSeq = record.seq;
          }
          if (page.length < EVENT_PAGE) return;
        }
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private async incidents(countyCode: string, from?: string, to?: string, status?: IncidentWithOrders['status']): Promise<IncidentWithOrders[]> {
    const out: IncidentWithOrders[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listIncidents({ countyCode, from, to, status, limit: INCIDENT_PAGE, cursor });
      out.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor);
    return out;
  }

  /**
   * The wall's cases: everything received in the lookback window, plus every case received before
   * it that is still open — a case overdue for two months is still overdue and must stay on the
   * 超期 tile, however long ago it came in.
   */
  private async wallIncidents(countyCode: string, lookbackFrom: string): Promise<IncidentWithOrders[]> {
    const recent = await this.incidents(countyCode, lookbackFrom);
    const older = await Promise.all(CASE_STATUSES.filter((s) => !FINAL_STATUSES.includes(s)).map((status) => this.incidents(countyCode, undefined, lookbackFrom, status)));
    return [...recent, ...older.flat()];
  }

  private record(incident: IncidentWithOrders, config: CountyConfig): CaseRecord {
    const units = new Map(config.units.map((u) => [u.id, u]));
    const unitOf = (id: string): UnitRef | undefined => {
      const u = units.get(id);
      return u ? { id: u.id, name: u.name, kind: u.kind } : undefined;
    };
    const orders = [...incident.orders].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const first = orders[0];
    const acknowledged = orders.find((o) => o.acknowledgedAt);
    const matter = incident.matterCode ? this.deps.grids.jurisdiction.catalogue.byCode.get(incident.matterCode) : undefined;
    const record = caseRecordFromHistory({
      id: incident.id,
      countyCode: incident.route.county.code,
      township: incident.route.township,
      domain: matter?.domain ?? null,
      routedUnit: incident.route.unit,
      location: incident.location,
      receivedAt: incident.receivedAt,
      events: this.caseEvents.get(incident.id) ?? [],
      autoDispatch: first ? { at: first.createdAt, unit: first.unit } : null,
      orderAcknowledgedAt: acknowledged?.acknowledgedAt ?? null,
      escalations: orders.flatMap((o) => (o.escalations ?? []).map((e) => ({ level: e.level, at: e.firedAt }))),
      deadlineAt: defaultCloseDeadline(incident.receivedAt, this.closeDays, CN_WORK_CALENDAR),
      unitOf,
    });
    // The case's current assignee is authoritative once the workflow keeps one.
    const assignee = incident.case?.assigneeId ? unitOf(incident.case.assigneeId) : undefined;
    const closed = incident.status === 'closed' && record.closedAt === null ? incident.case?.lastEventAt ?? null : record.closedAt;
    return { ...record, unit: assignee ?? record.unit, closedAt: closed, rejected: record.rejected || incident.status === 'rejected' };
  }

  async caseRecords(countyCode: string, from?: string, to?: string): Promise<{ records: CaseRecord[]; incidents: IncidentWithOrders[] }> {
    const config = this.config(countyCode);
    await this.sync();
    const incidents = await this.incidents(countyCode, from, to);
    return { records: incidents.map((i) => this.record(i, config)), incidents };
  }

  clusters(config: CountyConfig): ClusterInput[] {
    const teamOf = (code: string) => config.townships.find((t) => t.code === code)?.teamId;
    return config.clusters.flatMap((c) => {
      const hubTeamId = teamOf(c.hubTownship);
      if (!hubTeamId) return [];
      const localTeams: Record<string, string> = {};
      for (const t of c.radiatedTownships) {
        const team = teamOf(t);
        if (team) localTeams[t] = team;
      }
      const hubTeamName = config.units.find((u) => u.id === hubTeamId)?.name ?? hubTeamId;
      return [{ id: c.id, name: c.name, hubTownship: c.hubTownship, radiatedTownships: c.radiatedTownships, evaluation: c.evaluation, hubTeamId, hubTeamName, localTeams }];
    });
  }

  async report(countyCode: string, query: { from?: string; to?: string; by: EvaluationDimension }): Promise<StatsResponse> {
    const config = this.config(countyCode);
    const nowMs = this.deps.now().getTime();
    // Default period: this calendar month in Shanghai, up to now.
    const from = query.from ? new Date(query.from).toISOString() : new Date(shanghaiDayStart(`${shanghaiDateOf(nowMs).slice(0, 7)}-01`)).toISOString();
    const to = query.to ? new Date(query.to).toISOString() : new Date(nowMs).toISOString();
    const asOf = new Date(Math.min(Date.parse(to), nowMs)).toISOString();
    const { records } = await this.caseRecords(countyCode, from, to);
    const report = evaluate({ records, from, to, asOf, by: query.by, clusters: this.clusters(config) });
    return {
      county: { code: config.countyCode, name: config.name },
      ...report,
      assumptions: [
        `办结期限：案件未载明期限时，按受理之日起 ${this.closeDays} 个工作日（国家工作日历）计 / closing deadline when a case carries none: ${this.closeDays} working days after receipt`,
        '签收时限 5 分钟（签收阶梯第一级） / acknowledgement limit: 5 minutes (first step of the ack ladder)',
      ],
    };
  }

  /** The wall's full state; a reconnecting wall fetches it again instead of replaying events one by one. */
  wall(countyCode: string): Promise<WallSnapshot> {
    const nowMs = this.deps.now().getTime();
    const cached = this.wallCache.get(countyCode);
    if (cached && nowMs - cached.at < WALL_CACHE_MS) return cached.snapshot;
    const snapshot = this.buildWall(countyCode, nowMs);
    this.wallCache.set(countyCode, { at: nowMs, snapshot });
    snapshot.catch(() => this.wallCache.delete(countyCode));
    return snapshot;
  }

  private async buildWall(countyCode: string, nowMs: number): Promise<WallSnapshot> {
    const config = this.config(countyCode);
    await this.sync();
    const seq = this.lastSeq;
    const incidents = await this.wallIncidents(countyCode, new Date(nowMs - WALL_LOOKBACK_MS).toISOString());
    const records = incidents.map((i) => this.record(i, config));
    let openCollaborations: number | null = null;
    try {
      openCollaborations = (await this.deps.store.listCollaborations({ countyCode, open: true })).length;
    } catch {
      // A store without collaboration records yet: the tile shows "—" rather than a false 0.
      openCollaborations = null;
    }
    const now = new Date(nowMs).toISOString();
    const summary = wallSummary({ records, townships: config.townships.map((t) => ({ code: t.code, name: t.name })), now, openCollaborations });
    const windowStart = nowMs - WALL_WINDOW_MS;
    const recent = incidents.filter((i) => Date.parse(i.receivedAt) >= windowStart && Date.parse(i.receivedAt) <= nowMs).slice(0, WALL_MAX_INCIDENTS);
    const dispatches: WallDispatch[] = incidents
      .flatMap((incident) =>
        incident.orders.map((order) => ({
          incidentId: incident.id,
          at: order.createdAt,
          townshipName: incident.route.township.name,
          villageName: incident.route.village.name,
          unitName: order.unit.name,
          description: incident.description.slice(0, 60),
        })),
      )
      .filter((d) => Date.parse(d.at) <= nowMs)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, WALL_TICKER_SIZE);
    return {
      county: { code: config.countyCode, name: config.name },
      seq,
      ...summary,
      incidents: recent.map((i) => ({ id: i.id, lon: i.location.lon, lat: i.location.lat, receivedAt: i.receivedAt, status: i.status, townshipCode: i.route.township.code })),
      dispatches,
    };
  }
}
