import type { RouteResult } from '../../../../shared/domain/route.ts';

/**
 * The names of a place from coarse to fine, each said once: a group's name usually starts with its
 * village's (御史村 → 御史村四组), so the village is left out when the next name already says it.
 */
export function placeNames(names: readonly (string | null | undefined)[]): string[] {
  const present = names.filter((name): name is string => !!name && name.length > 0);
  return present.filter((name, i) => !present.slice(i + 1).some((finer) => finer.startsWith(name)));
}

/** 「城关镇 御史村四组」: where a route landed, without repeating a name. */
export function routePlace(route: Pick<RouteResult, 'township' | 'village' | 'group'>): string {
  return placeNames([route.township.name, route.village.name, route.group.name]).join(' ');
}
