import type { Actor, OrgConfigs } from './capabilities.ts';

/** The names of the places and unit an account belongs to, for showing who is signed in (never codes or ids). */
export interface ActorPlaces {
  /** null: a system-wide account (every county). */
  countyName: string | null;
  townshipName: string | null;
  unitName: string | null;
}

export function actorPlaces(actor: Actor, org: OrgConfigs): ActorPlaces {
  const config = actor.countyCode === null ? undefined : org.get(actor.countyCode);
  return {
    countyName: config?.name ?? null,
    townshipName: config?.townships.find((t) => t.code === actor.townshipCode)?.name ?? null,
    unitName: config?.units.find((u) => u.id === actor.unitId)?.name ?? null,
  };
}
