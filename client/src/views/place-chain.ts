import type { RouteResult } from '../../../shared/domain/route.ts';

/** 「城关镇 / 东街村 / 第三村民小组」: where a report landed, coarse to fine. */
export function placeChain(route: RouteResult): string {
  return [route.township.name, route.village.name, route.group.name].filter((name) => name.length > 0).join(' / ');
}
