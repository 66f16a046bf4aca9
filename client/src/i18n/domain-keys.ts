import type { ReportSource } from '../../../shared/domain/incident.ts';
import type { GridLevel } from '../../../shared/domain/grid.ts';
import type { RouteFlag } from '../../../shared/domain/route.ts';
import type { Role, View } from '../../../shared/domain/capabilities.ts';
import type { CaseStatus } from '../../../shared/domain/case-lifecycle.ts';
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

export const ROLE_KEYS: Record<Role, MessageKey> = {
  'dispatch-operator': 'roleDispatchOperator',
  'county-commander': 'roleCountyCommander',
  'township-commander': 'roleTownshipCommander',
  'team-officer': 'roleTeamOfficer',
  'department-liaison': 'roleDepartmentLiaison',
  'legal-reviewer': 'roleLegalReviewer',
  'responsible-leader': 'roleResponsibleLeader',
  'grid-member': 'roleGridMember',
  'wall-display': 'roleWallDisplay',
  admin: 'roleAdmin',
};

export const VIEW_KEYS: Record<View, MessageKey> = {
  commander: 'viewCommander',
  console: 'viewConsole',
  field: 'viewField',
  imports: 'viewImports',
  report: 'viewReport',
  wall: 'viewWall',
  evaluation: 'viewEvaluation',
  public: 'viewPublic',
};

export const CASE_STATUS_KEYS: Record<CaseStatus, MessageKey> = {
  received: 'caseReceived',
  registered: 'caseRegistered',
  rejected: 'caseRejected',
  dispatched: 'caseDispatched',
  handling: 'caseHandling',
  returned: 'caseReturned',
  resultReported: 'caseResultReported',
  verified: 'caseVerified',
  closed: 'caseClosed',
};
