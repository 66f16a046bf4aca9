import { resolveJurisdiction, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { AuditPage } from '../../shared/protocol/audit.ts';
import type { Store } from '../repositories/store.ts';
import type { CaseActorContext } from './case-actor.ts';
import { DomainError } from './domain-error.ts';

/**
 * The audit trail is the event log, filtered (nothing is written twice). Reading it is for
 * county-wide roles (operators, commanders, admins), limited to their county.
 */
export class AuditService {
  constructor(private readonly deps: { store: Store; org: OrgConfigs }) {}

  async list(query: { incidentId?: string; userId?: string; from?: string; to?: string; after?: number; limit: number }, actor: CaseActorContext): Promise<AuditPage> {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok) throw new DomainError('FORBIDDEN', `forbidden: ${resolved.message}`);
    if (!resolved.jurisdiction.countyWide || actor.role === 'wall-display') {
      throw new DomainError('FORBIDDEN', `forbidden: the audit trail is for county-wide operators, commanders and admins, not ${actor.role}`);
    }
    const items = await this.deps.store.audit({
      incidentId: query.incidentId,
      userId: query.userId,
      countyCode: resolved.jurisdiction.countyCode ?? undefined,
      from: query.from ? new Date(query.from).toISOString() : undefined,
      to: query.to ? new Date(query.to).toISOString() : undefined,
      afterSeq: query.after,
      limit: query.limit,
    });
    return { items, next: items.length === query.limit ? items[items.length - 1]!.seq : null };
  }
}
