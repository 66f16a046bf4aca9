import { pointOnFeature } from '@turf/turf';
import { decide, resolveJurisdiction, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { Crs, LonLat } from '../../shared/domain/incident.ts';
import { rankOfficers, type OfficerStatus } from '../../shared/domain/officer.ts';
import type { OfficerRecommendations, OfficerRecord } from '../../shared/protocol/officers.ts';
import { rooms } from '../../shared/protocol/events.ts';
import type { Change, Store } from '../repositories/store.ts';
import { eventActor, type CaseActorContext } from './case-actor.ts';
import type { CaseService } from './case-service.ts';
import { toWgs84 } from './coordinates.ts';
import { demoOfficers } from './demo-officers.ts';
import { DomainError } from './domain-error.ts';
import type { Publisher } from './publisher.ts';

export interface OfficerDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  cases: CaseService;
  now: () => Date;
}

/** Officers' duty status and last position from the field, and the nearest available ones for a case. */
export class OfficerService {
  constructor(private readonly deps: OfficerDeps) {}

  /** Seeds the demo roster of every county that has no officers yet (idempotent, also across servers). */
  async seedDemo(collections: ReadonlyMap<string, GridCollection>): Promise<number> {
    let seeded = 0;
    for (const config of this.deps.org.values()) {
      if ((await this.deps.store.listOfficers({ countyCode: config.countyCode })).length > 0) continue;
      const centres = new Map<string, LonLat>();
      for (const f of collections.get(config.countyCode)?.features ?? []) {
        if (f.properties.level !== 'township') continue;
        const [lon, lat] = pointOnFeature(f).geometry.coordinates as [number, number];
        centres.set(f.properties.code, { lon, lat });
      }
      const first = centres.values().next().value ?? null;
      const anchor = (unitId: string) => {
        const unit = config.units.find((u) => u.id === unitId);
        const township = unit?.townshipCodes?.[0] ?? config.townships.find((t) => t.teamId === unitId)?.code;
        return (township ? centres.get(township) : undefined) ?? first;
      };
      const officers = demoOfficers(config, anchor, this.deps.now().toISOString());
      if (officers.length === 0) continue;
      await this.deps.store.commit(officers.map((officer): Change => ({ kind: 'officer.insert', officer })));
      seeded += officers.length;
    }
    return seeded;
  }

  async list(query: { unitId?: string; countyCode?: string }, actor: CaseActorContext): Promise<OfficerRecord[]> {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok) throw new DomainError('FORBIDDEN', `forbidden: ${resolved.message}`);
    const j = resolved.jurisdiction;
    const countyCode = j.countyCode ?? query.countyCode;
    if (j.countyCode !== null && query.countyCode !== undefined && query.countyCode !== j.countyCode) return [];
    const officers = await this.deps.store.listOfficers({ countyCode, unitId: query.unitId });
    return officers.filter((o) => this.mayLocate(actor, o) || this.maySelf(actor, o));
  }

  async setStatus(id: string, status: OfficerStatus, actor: CaseActorContext): Promise<{ officer: OfficerRecord; seq: number }> {
    const officer = await this.updatable(id, actor);
    return this.store(officer, { ...officer, status }, { kind: 'officer.status', officerId: id, status }, actor, { status });
  }

  async setPosition(id: string, input: { lon: number; lat: number; crs: Crs; at?: string }, actor: CaseActorContext): Promise<{ officer: OfficerRecord; seq: number }> {
    const officer = await this.updatable(id, actor);
    const wgs = toWgs84({ lon: input.lon, lat: input.lat }, input.crs);
    const position = { lon: wgs.lon, lat: wgs.lat, at: new Date(input.at ?? this.deps.now()).toISOString() };
    return this.store(officer, { ...officer, lastPosition: position }, { kind: 'officer.position', officerId: id, position }, actor, { position });
  }

  /** The responsible unit's officers who can go now, nearest first, each with the reasons of its place. */
  async recommendations(incidentId: string, actor: CaseActorContext): Promise<OfficerRecommendations> {
    const loaded = await this.deps.cases.load(incidentId, actor);
    const { incident, config } = loaded;
    const dispatcher = decide(actor, 'case:dispatch', { countyCode: config.countyCode, unitId: incident.case?.assigneeId ?? incident.route.unit.id }, this.deps.org).allowed;
    if (!dispatcher) this.deps.cases.assertCan(actor, 'case:handle', loaded);
    // The team the case is (or would be) dispatched to; a case waiting at the center is offered to the routed unit.
    const unitId = incident.case?.assigneeId ?? (incident.route.unit.id === config.dispatchCenterId ? null : incident.route.unit.id);
    if (!unitId) return { incidentId, unitId: config.dispatchCenterId, ranked: [], excluded: [] };
    const ranking = rankOfficers(await this.deps.store.listOfficers({ unitId }), incident.location, unitId, this.deps.now().toISOString());
    if (!ranking.ok) throw new DomainError('INTERNAL', ranking.message);
    return { incidentId, unitId, ranked: ranking.ranked, excluded: ranking.excluded };
  }

  private mayLocate(actor: CaseActorContext, officer: OfficerRecord): boolean {
    return decide(actor, 'officer:locate', { countyCode: officer.countyCode, unitId: officer.unitId }, this.deps.org).allowed;
  }

  private maySelf(actor: CaseActorContext, officer: OfficerRecord): boolean {
    return decide(actor, 'officer:self', { countyCode: officer.countyCode, unitId: officer.unitId }, this.deps.org).allowed;
  }

  /** The officer's own unit reports from the field; whoever dispatches it may correct it. */
  private async updatable(id: string, actor: CaseActorContext): Promise<OfficerRecord> {
    const officer = await this.deps.store.getOfficer(id);
    if (!officer || !(this.mayLocate(actor, officer) || this.maySelf(actor, officer))) throw new DomainError('NOT_FOUND', `no officer ${id} visible to ${actor.username}`);
    const dispatches = decide(actor, 'case:dispatch', { countyCode: officer.countyCode, unitId: officer.unitId }, this.deps.org).allowed;
    if (!this.maySelf(actor, officer) && !dispatches) throw new DomainError('FORBIDDEN', `forbidden: ${actor.role} may not update officer ${id} of ${officer.unitId}`);
    return officer;
  }

  private async store(before: OfficerRecord, after: OfficerRecord, change: Change, actor: CaseActorContext, what: Record<string, unknown>) {
    const at = this.deps.now().toISOString();
    const [event] = await this.deps.store.commit([
      change,
      { kind: 'event.append', type: 'officer:updated', at, payload: { countyCode: before.countyCode, officerId: before.id, unitId: before.unitId, actor: eventActor(actor, actor.unitId ?? before.unitId), ...what } },
    ]);
    const audience = [rooms.county(before.countyCode), rooms.wall(before.countyCode), rooms.team(before.unitId)];
    this.deps.publisher.publish(audience, 'officer:updated', { seq: event!.seq, officer: after });
    return { officer: after, seq: event!.seq };
  }
}
