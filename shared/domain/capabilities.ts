/**
 * Who may do what, where. One table (role → capability → reach) asked through one function,
 * `decide` / `can`, scoped by jurisdiction read from the county configurations:
 *
 * - county roles (dispatch operator, county commander, wall display) act county-wide;
 * - a township commander acts on their township plus the townships their team serves as the hub
 *   of a "1+X" cluster — never on another township's cases;
 * - a team officer acts for their unit (and its squadrons) and in the places the unit works;
 * - a department liaison acts for their department's units (its enforcement team, its stations);
 * - an admin acts in their county, or in every county when the account has no county.
 *
 * Pure: the caller passes the actor, the thing acted on and the configurations.
 */
import type { CountyConfig } from './county-config.ts';
import type { OrgUnit } from './org.ts';

export const ROLES = [
  'dispatch-operator',
  'county-commander',
  'township-commander',
  'team-officer',
  'department-liaison',
  'legal-reviewer',
  'responsible-leader',
  'grid-member',
  'wall-display',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'dispatch-operator': '县调度指挥中心值班员',
  'county-commander': '县级指挥长',
  'township-commander': '乡镇（街道）指挥长',
  'team-officer': '执法队员',
  'department-liaison': '部门联络员',
  'legal-reviewer': '法制审核员',
  'responsible-leader': '负责人（审批决定）',
  'grid-member': '网格员',
  'wall-display': '指挥大屏（只读）',
  admin: '系统管理员',
};

export const CAPABILITIES = [
  'case:read',
  'report:create',
  'case:register',
  'case:dispatch',
  'case:handle',
  'case:verify',
  'case:close',
  'case:transfer',
  'joint:command',
  'collab:request',
  'collab:answer',
  'officer:locate',
  'officer:self',
  'wall:view',
  'account:manage',
  'config:manage',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const CAPABILITY_LABELS: Record<Capability, string> = {
  'case:read': '查看案件与实时事件',
  'report:create': '上报事件',
  'case:register': '受理立案、不予立案',
  'case:dispatch': '派遣、改派',
  'case:handle': '签收、退回、反馈处置结果',
  'case:verify': '核查、返工',
  'case:close': '结案',
  'case:transfer': '移交、移送',
  'joint:command': '发起并指挥联合执法',
  'collab:request': '发起执法协作（乡呼县应）',
  'collab:answer': '答复执法协作',
  'officer:locate': '查看执法人员位置与状态',
  'officer:self': '更新本人在岗状态与位置',
  'wall:view': '指挥大屏',
  'account:manage': '管理账号',
  'config:manage': '管理县级配置',
};

/**
 * How far a granted capability reaches: `county` = anywhere in the actor's county (a report may be
 * filed wherever the reporter stands; routing decides who handles it); `jurisdiction` = only inside
 * the actor's own ground, as resolved by `resolveJurisdiction`.
 */
export type Reach = 'county' | 'jurisdiction';

/**
 * THE table. A capability a role does not list is refused. Deliberate gaps: the wall display only
 * reads; an admin manages accounts and configuration and reads, but takes no enforcement action
 * (dispatching and closing cases are acts of the enforcement body, not of system administration);
 * verifying (审) and closing (定) sit with different county roles, echoing 办审定分离.
 */
export const PERMISSIONS: Readonly<Record<Role, Readonly<Partial<Record<Capability, Reach>>>>> = {
  'dispatch-operator': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:register': 'jurisdiction',
    'case:dispatch': 'jurisdiction',
    'case:verify': 'jurisdiction',
    'case:transfer': 'jurisdiction',
    'officer:locate': 'jurisdiction',
    'wall:view': 'jurisdiction',
  },
  'county-commander': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:register': 'jurisdiction',
    'case:dispatch': 'jurisdiction',
    'case:verify': 'jurisdiction',
    'case:close': 'jurisdiction',
    'case:transfer': 'jurisdiction',
    'joint:command': 'jurisdiction',
    'officer:locate': 'jurisdiction',
    'wall:view': 'jurisdiction',
  },
  'township-commander': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:dispatch': 'jurisdiction',
    'case:handle': 'jurisdiction',
    'case:transfer': 'jurisdiction',
    'joint:command': 'jurisdiction',
    'collab:request': 'jurisdiction',
    'officer:locate': 'jurisdiction',
  },
  'team-officer': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:handle': 'jurisdiction',
    'officer:self': 'jurisdiction',
  },
  'department-liaison': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:handle': 'jurisdiction',
    'case:transfer': 'jurisdiction',
    'collab:answer': 'jurisdiction',
  },
  // 法制审核 and 决定 of the unit they belong to: a township team (where the county lets its
  // townships hold cases, CountyConfig.townshipRoles), a department, or a bureau brigade.
  'legal-reviewer': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:verify': 'jurisdiction',
  },
  'responsible-leader': {
    'case:read': 'jurisdiction',
    'report:create': 'county',
    'case:close': 'jurisdiction',
  },
  'grid-member': {
    'report:create': 'county',
  },
  'wall-display': {
    'case:read': 'jurisdiction',
    'wall:view': 'jurisdiction',
  },
  admin: {
    'case:read': 'jurisdiction',
    'officer:locate': 'jurisdiction',
    'wall:view': 'jurisdiction',
    'account:manage': 'jurisdiction',
    'config:manage': 'jurisdiction',
  },
};

/** The signed-in person, as the server resolves it from a token. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** 12-digit county code; null only for a system-wide admin. */
  countyCode: string | null;
  /** A township commander's (or grid member's) township. */
  townshipCode?: string;
  /** A team officer's or department liaison's unit; a township commander's team. */
  unitId?: string;
}

/**
 * What is acted on: a case (its route gives county, township, village and the responsible unit), a
 * township room, a team room (unit only) or the county itself (county only).
 */
export interface Scope {
  countyCode: string;
  townshipCode?: string;
  villageCode?: string;
  unitId?: string;
}

/** The ground an actor acts on. */
export interface Jurisdiction {
  /** null: every county. */
  countyCode: string | null;
  countyWide: boolean;
  townshipCodes: ReadonlySet<string>;
  villageCodes: ReadonlySet<string>;
  /** Cases assigned to these units are the actor's wherever they are; these team rooms are theirs. */
  unitIds: ReadonlySet<string>;
}

/** County configurations by 12-digit county code (GridService.jurisdiction.configs). */
export type OrgConfigs = ReadonlyMap<string, CountyConfig>;

export type JurisdictionResult = { ok: true; jurisdiction: Jurisdiction } | { ok: false; message: string };

const COUNTY_ROLES: readonly Role[] = ['dispatch-operator', 'county-commander', 'wall-display', 'admin'];

/** The unit and every unit below it (a department's team and stations, a team's squadrons). */
function unitWithDescendants(config: CountyConfig, unitId: string): Set<string> {
  const ids = new Set([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of config.units) {
      if (u.parentId !== undefined && ids.has(u.parentId) && !ids.has(u.id)) {
        ids.add(u.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** Radiated townships a hub township's team also serves ("1+X"). */
function clusterGround(config: CountyConfig, townshipCode: string): string[] {
  return config.clusters.filter((c) => c.hubTownship === townshipCode).flatMap((c) => c.radiatedTownships);
}

/**
 * Where a comprehensive enforcement unit works: a township team's townships (with its cluster
 * ground), a squadron's area. Department stations and county brigades also sit somewhere, but they
 * act only on the cases assigned to them, so they get no ground of their own.
 */
function unitPlaces(config: CountyConfig, unit: OrgUnit): { townships: string[]; villages: string[] } {
  const townships: string[] = [];
  const villages: string[] = [];
  if (unit.kind === 'township-team') {
    townships.push(...(unit.townshipCodes ?? []));
    for (const t of config.townships) if (t.teamId === unit.id) townships.push(t.code, ...clusterGround(config, t.code));
  }
  if (unit.kind === 'squadron') {
    for (const s of config.squadrons) {
      if (s.unitId !== unit.id) continue;
      townships.push(...(s.area.townshipCodes ?? []));
      villages.push(...(s.area.villageCodes ?? []));
    }
  }
  return { townships, villages };
}

function refuse(message: string): JurisdictionResult {
  return { ok: false, message };
}

/** Resolves an actor's ground from the configurations; an account that names unknown places is refused. */
export function resolveJurisdiction(actor: Actor, org: OrgConfigs): JurisdictionResult {
  const none = new Set<string>();
  if (actor.countyCode === null) {
    if (actor.role !== 'admin') return refuse(`${actor.role} account ${actor.username} has no county; only an admin may span every county`);
    return { ok: true, jurisdiction: { countyCode: null, countyWide: true, townshipCodes: none, villageCodes: none, unitIds: none } };
  }
  const config = org.get(actor.countyCode);
  if (!config) return refuse(`county ${actor.countyCode} of account ${actor.username} is not configured here`);
  const countyCode = actor.countyCode;
  const unitOf = (id: string | undefined) => (id === undefined ? undefined : config.units.find((u) => u.id === id));

  if (COUNTY_ROLES.includes(actor.role)) {
    return { ok: true, jurisdiction: { countyCode, countyWide: true, townshipCodes: none, villageCodes: none, unitIds: none } };
  }
  switch (actor.role) {
    case 'township-commander': {
      const township = config.townships.find((t) => t.code === actor.townshipCode);
      if (!township) return refuse(`township commander ${actor.username} needs a township of county ${countyCode}, got ${actor.townshipCode ?? 'none'}`);
      const teamId = actor.unitId ?? township.teamId;
      if (!teamId || !unitOf(teamId)) return refuse(`township ${township.code} of ${actor.username} has no team unit`);
      return {
        ok: true,
        jurisdiction: {
          countyCode,
          countyWide: false,
          townshipCodes: new Set([township.code, ...clusterGround(config, township.code)]),
          villageCodes: none,
          unitIds: unitWithDescendants(config, teamId),
        },
      };
    }
    case 'legal-reviewer':
    case 'responsible-leader':
    case 'team-officer': {
      const unit = unitOf(actor.unitId);
      if (!unit) return refuse(`${actor.role} ${actor.username} needs a unit of county ${countyCode}, got ${actor.unitId ?? 'none'}`);
      if (unit.kind === 'township-team' && !(config.townshipRoles as readonly Role[]).includes(actor.role)) {
        return refuse(`${config.name} has no ${actor.role} at township level (townshipRoles), so ${actor.username} cannot act for ${unit.id}`);
      }
      const places = unitPlaces(config, unit);
      return {
        ok: true,
        jurisdiction: { countyCode, countyWide: false, townshipCodes: new Set(places.townships), villageCodes: new Set(places.villages), unitIds: unitWithDescendants(config, unit.id) },
      };
    }
    case 'department-liaison': {
      const unit = unitOf(actor.unitId);
      if (!unit || unit.kind !== 'department') return refuse(`department liaison ${actor.username} needs a department of county ${countyCode}, got ${actor.unitId ?? 'none'}`);
      return { ok: true, jurisdiction: { countyCode, countyWide: false, townshipCodes: none, villageCodes: none, unitIds: unitWithDescendants(config, unit.id) } };
    }
    case 'grid-member': {
      // Grid members only file reports (county reach); their own ground is their township, if set.
      const township = actor.townshipCode === undefined ? undefined : config.townships.find((t) => t.code === actor.townshipCode);
      if (actor.townshipCode !== undefined && !township) return refuse(`grid member ${actor.username}: township ${actor.townshipCode} is not in county ${countyCode}`);
      return { ok: true, jurisdiction: { countyCode, countyWide: false, townshipCodes: new Set(township ? [township.code] : []), villageCodes: none, unitIds: none } };
    }
    default:
      return refuse(`unknown role ${String(actor.role)}`);
  }
}

/** Is the scope inside the ground? A case is inside when its place is, or when it is assigned to one of the actor's units. */
export function withinJurisdiction(jurisdiction: Jurisdiction, scope: Scope): boolean {
  if (jurisdiction.countyCode !== null && scope.countyCode !== jurisdiction.countyCode) return false;
  if (jurisdiction.countyWide) return true;
  if (scope.unitId !== undefined && jurisdiction.unitIds.has(scope.unitId)) return true;
  if (scope.townshipCode !== undefined && jurisdiction.townshipCodes.has(scope.townshipCode)) return true;
  return scope.villageCode !== undefined && jurisdiction.villageCodes.has(scope.villageCode);
}

export type Decision = { allowed: true } | { allowed: false; reason: 'role' | 'scope' | 'account'; message: string };

/** Describes a scope for messages: `county 410923000000 / township … / unit …`. */
export function describeScope(scope: Scope): string {
  const parts = [`county ${scope.countyCode}`];
  if (scope.townshipCode !== undefined) parts.push(`township ${scope.townshipCode}`);
  if (scope.villageCode !== undefined) parts.push(`village ${scope.villageCode}`);
  if (scope.unitId !== undefined) parts.push(`unit ${scope.unitId}`);
  return parts.join(' / ');
}

/**
 * The one permission question. `jurisdiction` may be passed when the caller already resolved it
 * (filtering a list asks the same actor many times).
 */
export function decide(actor: Actor, capability: Capability, scope: Scope, org: OrgConfigs, jurisdiction?: Jurisdiction): Decision {
  const reach = PERMISSIONS[actor.role]?.[capability];
  if (reach === undefined) {
    return { allowed: false, reason: 'role', message: `role ${actor.role} (${ROLE_LABELS[actor.role] ?? '?'}) does not have capability ${capability}` };
  }
  let ground = jurisdiction;
  if (!ground) {
    const resolved = resolveJurisdiction(actor, org);
    if (!resolved.ok) return { allowed: false, reason: 'account', message: resolved.message };
    ground = resolved.jurisdiction;
  }
  const inside = reach === 'county' ? ground.countyCode === null || ground.countyCode === scope.countyCode : withinJurisdiction(ground, scope);
  if (inside) return { allowed: true };
  const where = reach === 'county' ? `county ${actor.countyCode}` : describeJurisdiction(ground);
  return { allowed: false, reason: 'scope', message: `${capability} on ${describeScope(scope)} is outside the ${actor.role}'s scope (${where})` };
}

export function can(actor: Actor, capability: Capability, scope: Scope, org: OrgConfigs, jurisdiction?: Jurisdiction): boolean {
  return decide(actor, capability, scope, org, jurisdiction).allowed;
}

/** The capabilities a role holds, in table order. */
export function capabilitiesOf(role: Role): Capability[] {
  return CAPABILITIES.filter((c) => PERMISSIONS[role][c] !== undefined);
}

function describeJurisdiction(j: Jurisdiction): string {
  if (j.countyCode === null) return 'every county';
  if (j.countyWide) return `county ${j.countyCode}`;
  const parts: string[] = [];
  if (j.townshipCodes.size) parts.push(`townships ${[...j.townshipCodes].join(', ')}`);
  if (j.villageCodes.size) parts.push(`villages ${[...j.villageCodes].join(', ')}`);
  if (j.unitIds.size) parts.push(`units ${[...j.unitIds].join(', ')}`);
  return parts.join('; ') || 'nothing';
}

/**
 * The application's views. Which a person may open follows from the table above: a view opens for
 * a role holding any one of its capabilities (none listed: open to everyone, signed in or not).
 * Order matters: a person lands on the first view they may open, and the navigation lists them so.
 */
export const VIEWS = ['commander', 'console', 'field', 'imports', 'report', 'wall', 'evaluation', 'public'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_CAPABILITIES: Readonly<Record<View, readonly Capability[]>> = {
  // Joint actions: township commanders launch them, the county commander approves them.
  commander: ['joint:command'],
  // The dispatch console: registering and dispatching cases; reviewing (审) and deciding (定) them.
  console: ['case:register', 'case:dispatch', 'case:verify', 'case:close'],
  // The phone terminal: one's own duty status and position, acknowledging and handling orders.
  field: ['officer:self', 'case:handle'],
  // Grid, matter catalogue and devolution imports.
  imports: ['config:manage'],
  // Filing a report from where one stands.
  report: ['report:create'],
  wall: ['wall:view'],
  evaluation: ['case:read'],
  public: [],
};

export function mayOpenView(role: Role, view: View): boolean {
  const needs = VIEW_CAPABILITIES[view];
  return needs.length === 0 || needs.some((capability) => PERMISSIONS[role][capability] !== undefined);
}

/** The views a role may open, in navigation order. */
export function viewsOf(role: Role): View[] {
  return VIEWS.filter((view) => mayOpenView(role, view));
}

/** Where a role lands after signing in: its first view that needs a capability (public is for everyone). */
export function homeViewOf(role: Role): View {
  return VIEWS.find((view) => VIEW_CAPABILITIES[view].length > 0 && mayOpenView(role, view)) ?? 'public';
}
