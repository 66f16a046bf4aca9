import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { DirectoryResponse, DirectoryUser } from '../../shared/protocol/directory.ts';
import type { Store } from '../repositories/store.ts';
import { DomainError } from './domain-error.ts';

export interface DirectoryDeps {
  store: Store;
  org: OrgConfigs;
  /** The accounts that may appear as actors in the county. */
  people(countyCode: string): DirectoryUser[];
}

/** Names for the ids a county's records carry: units, officers and the accounts that act (the server itself, `system`, is named by the client). */
export class DirectoryService {
  constructor(private readonly deps: DirectoryDeps) {}

  async county(countyCode: string): Promise<DirectoryResponse> {
    const config = this.deps.org.get(countyCode);
    if (!config) throw new DomainError('NOT_FOUND', `county ${countyCode} is not configured here`);
    const officers = await this.deps.store.listOfficers({ countyCode });
    return {
      countyCode,
      units: config.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, ...(u.parentId ? { parentId: u.parentId } : {}) })),
      officers: officers.map((o) => ({ id: o.id, name: o.name, unitId: o.unitId })),
      users: this.deps.people(countyCode),
    };
  }
}
