import type { Incident } from '../../shared/domain/incident.ts';
import type { Scope } from '../../shared/domain/capabilities.ts';
import { caseScope } from './case-state.ts';
import { encodeCursor } from '../repositories/cursor.ts';
import type { IncidentPage, IncidentQuery, Store } from '../repositories/store.ts';

/** Store pages read at most per request while filtering, so a sparse scope cannot make one request scan everything. */
const MAX_PAGES = 10;

/**
 * What a case is, for permission checks: its place and the unit responsible for it now (after a
 * re-dispatch, transfer or dispute decision that is no longer the routed unit).
 */
export function incidentScope(incident: Incident): Scope {
  return caseScope(incident);
}

/**
 * One page of the incidents the actor may see: store pages filtered by `visible`. The cursor stays
 * the store's keyset cursor (receivedAt, id of the last item given out), so paging on is exact; a
 * page may come back short (even empty) with a `next` when the scope is sparse.
 * ASSUMPTION: store-side filters by township/unit would avoid the scan; the Store port has none yet.
 */
export async function listVisibleIncidents(store: Store, query: IncidentQuery, visible: (incident: Incident) => boolean): Promise<IncidentPage> {
  const items: IncidentPage['items'] = [];
  let cursor = query.cursor;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await store.listIncidents({ ...query, cursor });
    for (let i = 0; i < page.items.length; i++) {
      const incident = page.items[i]!;
      if (!visible(incident)) continue;
      items.push(incident);
      if (items.length === query.limit) {
        const more = i < page.items.length - 1 || page.next !== null;
        return { items, next: more ? encodeCursor(incident.receivedAt, incident.id) : null };
      }
    }
    if (page.next === null) return { items, next: null };
    cursor = page.next;
  }
  return { items, next: cursor ?? null };
}
