import type { ReportSource } from '../../../shared/domain/incident.ts';
import type { GridLevel } from '../../../shared/domain/grid.ts';
import type { RouteFlag } from '../../../shared/domain/route.ts';
import type { MessageKey } from './catalogue.ts';

/** Catalogue keys of the domain's enumerations (the server sends the value, the client says it). */
export const SOURCE_KEYS: Record<ReportSource, MessageKey> = {
  hotline: 'sourceHotline',
  'grid-member': 'sourceGridMember',
  patrol: 'sourcePatrol',
  public: 'sourcePublic',
  video: 'sourceVideo',
  department: 'sourceDepartment',
  open311: 'sourceOpen311',
  other: 'sourceOther',
};

export const LEVEL_KEYS: Record<GridLevel, MessageKey> = {
  county: 'levelCounty',
  township: 'levelTownship',
  village: 'levelVillage',
  group: 'levelGroup',
};

export const FLAG_KEYS: Record<RouteFlag, MessageKey> = {
  boundaryReview: 'flagBoundaryReview',
  needsClassification: 'flagNeedsClassification',
  snappedToNearest: 'flagSnappedToNearest',
  unrouted: 'flagUnrouted',
};
