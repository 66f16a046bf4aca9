import { can, resolveJurisdiction, type Actor, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { LoggedEvent } from '../../shared/protocol/event-log.ts';
import type { Store } from '../repositories/store.ts';
import { caseScope } from './case-state.ts';
import { DomainError } from './domain-error.ts';

/** How many log entries one call reads at most while filtering, so a sparse scope cannot scan the whole log. */
const MAX_SCANNED = 5000;

/**
 * The event log as one actor may see it: what a reconnecting socket missed, and GET /events.
 * County-wide roles see their county's events; narrower roles see the events of cases in their
 * jurisdiction (by the case's current responsible unit and place).
 */
export class ReplayService {
  constructor(private readonly deps: { store: Store; org: OrgConfigs }) {}

  /** Events after `afterSeq` visible to the actor, oldest first; `next` is where to continue, or null when caught up. */
  async visibleAfter(actor: Actor, afterSeq: number, limit: number): Promise<{ items: LoggedEvent[]; next: number | null }> {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok) throw new DomainError('FORBIDDEN', `forbidden: ${resolved.message}`);
    const ground = resolved.jurisdiction;
    const items: LoggedEvent[] = [];
    const visibleIncident = new Map<string, boolean>();
    let cursor = afterSeq;
    let scanned = 0;
    while (scanned < MAX_SCANNED) {
      const page = await this.deps.store.eventsAfter(cursor, Math.min(500, MAX_SCANNED - scanned));
      if (page.length === 0) return { items, next: null };
      for (const event of page) {
        scanned++;
        cursor = event.seq;
        if (await this.visible(actor, ground, event.payload, visibleIncident)) {
          items.push({ seq: event.seq, type: event.type, at: event.at, payload: event.payload });
          if (items.length === limit) return { items, next: event.seq };
        }
      }
    }
    // Scanned enough for one call: the caller continues from here.
    return { items, next: cursor };
  }

  private async visible(actor: Actor, ground: { countyCode: string | null; countyWide: boolean }, payload: unknown, cache: Map<string, boolean>): Promise<boolean> {
    const p = (payload ?? {}) as { countyCode?: unknown; incidentId?: unknown };
    if (ground.countyWide) return ground.countyCode === null || p.countyCode === ground.countyCode;
    if (typeof p.incidentId !== 'string') return false;
    let allowed = cache.get(p.incidentId);
    if (allowed === undefined) {
      const incident = await this.deps.store.getIncident(p.incidentId);
      allowed = incident !== null && can(actor, 'case:read', caseScope(incident), this.deps.org);
      cache.set(p.incidentId, allowed);
    }
    return allowed;
  }
}
