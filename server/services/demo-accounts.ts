/**
 * Demo mode's seeded accounts: every role in every seed county, derived from the county
 * configurations so they always name real townships and units. All share one published password,
 * which exists only in demo mode.
 *
 * Usernames: `<county>.<role>[.<where>]`, e.g. nanle.operator, changshan.twp.330822111000,
 * yanggu.officer.squadron-371521-01, songxian.liaison.market; plus system.admin for all counties.
 */
import { hash } from '@node-rs/argon2';
import { ROLE_LABELS, type Actor, type OrgConfigs, type Role } from '../../shared/domain/capabilities.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { DemoAccount } from '../../shared/protocol/auth.ts';
import type { AccountRecord } from '../repositories/accounts-memory.ts';

export const DEMO_PASSWORD = 'demo-2026';

/** Readable prefixes for the seed counties; any other county uses its 6-digit code. */
const COUNTY_SLUGS: Readonly<Record<string, string>> = {
  '410923000000': 'nanle',
  '371521000000': 'yanggu',
  '330822000000': 'changshan',
  '350521000000': 'huian',
  '410325000000': 'songxian',
};

export function countySlug(countyCode: string): string {
  return COUNTY_SLUGS[countyCode] ?? countyCode.slice(0, 6);
}

function account(username: string, displayName: string, role: Role, countyCode: string | null, where: { townshipCode?: string; unitId?: string } = {}): Actor {
  return { userId: `demo:${username}`, username, displayName, role, countyCode, ...where };
}

/**
 * Two township commanders per county: where there are "1+X" clusters, the first hub and one of its
 * radiated townships (so the demo shows the hub reaching further); elsewhere the first two teamed townships.
 */
function demoTownships(config: CountyConfig): string[] {
  const cluster = config.clusters[0];
  const first = cluster?.radiatedTownships[0] ? [cluster.hubTownship, cluster.radiatedTownships[0]] : config.townships.filter((t) => t.teamId).slice(0, 2).map((t) => t.code);
  // The town a county's document is about holds devolved matters: 嵩县's only batch goes to 车村镇.
  const holding = config.devolution.batches[0]?.townships.find((code) => config.townships.some((t) => t.code === code && t.teamId));
  return holding && !first.includes(holding) ? [...first, holding] : first;
}

/** The township that holds devolved cases in the demo: the first demo township with a devolution batch. */
function holdingTownship(config: CountyConfig, townships: readonly string[]): string | undefined {
  return townships.find((code) => config.devolution.batches.some((b) => b.townships.includes(code)));
}

/** The top of the department holding market supervision (it has stations in some counties). */
function demoDepartment(config: CountyConfig): string | undefined {
  let id: string | undefined = config.holders['department:market'] ?? config.units.find((u) => u.kind === 'department' && !u.external)?.id;
  for (let hops = 0; id && hops < 10; hops++) {
    const unit = config.units.find((u) => u.id === id);
    if (!unit?.parentId) break;
    const parent = config.units.find((u) => u.id === unit.parentId);
    if (parent?.kind !== 'department') break;
    id = parent.id;
  }
  return id;
}

/** The demo accounts of every configured county, in county-code order. */
export function demoActors(configs: OrgConfigs): Actor[] {
  const actors: Actor[] = [account('system.admin', '全系统管理员', 'admin', null)];
  for (const config of [...configs.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode))) {
    const slug = countySlug(config.countyCode);
    const county = config.countyCode;
    const name = config.name;
    actors.push(
      account(`${slug}.operator`, `${name}调度指挥中心值班员`, 'dispatch-operator', county),
      account(`${slug}.commander`, `${name}指挥长`, 'county-commander', county),
    );
    const townships = demoTownships(config);
    for (const code of townships) {
      const township = config.townships.find((t) => t.code === code)!;
      actors.push(account(`${slug}.twp.${code}`, `${township.name}指挥长`, 'township-commander', county, { townshipCode: code, unitId: township.teamId }));
    }
    const holding = holdingTownship(config, townships);
    const holdingTeam = config.townships.find((t) => t.code === holding)?.teamId;
    const officerUnits = new Set([config.townships.find((t) => t.code === townships[0])?.teamId, config.squadrons[0]?.unitId, holdingTeam]);
    // The squadrons of the holding town's team (车村镇's three 中队) each get an officer.
    for (const s of config.squadrons) if (holdingTeam && config.units.find((u) => u.id === s.unitId)?.parentId === holdingTeam) officerUnits.add(s.unitId);
    for (const unitId of officerUnits) {
      const unit = config.units.find((u) => u.id === unitId);
      if (unit) actors.push(account(`${slug}.officer.${unit.id}`, `${unit.name}执法队员`, 'team-officer', county, { unitId: unit.id }));
    }
    const department = config.units.find((u) => u.id === demoDepartment(config));
    if (department) {
      const short = department.id.replace(/^dept-\d{6}-/, '');
      actors.push(
        account(`${slug}.liaison.${short}`, `${department.name}联络员`, 'department-liaison', county, { unitId: department.id }),
        account(`${slug}.reviewer.${short}`, `${department.name}法制审核员`, 'legal-reviewer', county, { unitId: department.id }),
        account(`${slug}.leader.${short}`, `${department.name}负责人`, 'responsible-leader', county, { unitId: department.id }),
      );
    }
    // 办审定 inside a township that holds cases in its own name: its legal reviewer and its leader.
    const holdingSetting = config.townships.find((t) => t.code === holding);
    if (holdingSetting?.teamId && config.townshipRoles.includes('legal-reviewer')) {
      const where = { townshipCode: holdingSetting.code, unitId: holdingSetting.teamId };
      actors.push(
        account(`${slug}.reviewer.${holdingSetting.code}`, `${holdingSetting.name}法制审核员`, 'legal-reviewer', county, where),
        account(`${slug}.leader.${holdingSetting.code}`, `${holdingSetting.name}分管领导`, 'responsible-leader', county, where),
      );
    }
    const gridTownship = config.townships.find((t) => t.code === townships[0]);
    actors.push(
      account(`${slug}.grid`, `${gridTownship?.name ?? name}网格员`, 'grid-member', county, gridTownship ? { townshipCode: gridTownship.code } : {}),
      account(`${slug}.wall`, `${name}指挥大屏`, 'wall-display', county),
      account(`${slug}.admin`, `${name}系统管理员`, 'admin', county),
    );
  }
  return actors;
}

/**
 * Hashes the demo password once and gives every demo account that hash. Per-account salts protect
 * distinct secret passwords; these accounts share one published password, so separate hashes would
 * only cost start-up time (argon2id at the library's OWASP defaults, ~20–50 ms each).
 */
export async function demoAccountRecords(configs: OrgConfigs): Promise<AccountRecord[]> {
  const passwordHash = await hash(DEMO_PASSWORD);
  return demoActors(configs).map((actor) => ({ ...actor, passwordHash }));
}

/** GET /api/v1/demo/accounts rows. */
export function demoAccountList(actors: readonly Actor[], configs: OrgConfigs): DemoAccount[] {
  return actors.map((a) => ({
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    roleLabel: ROLE_LABELS[a.role],
    countyCode: a.countyCode,
    countyName: a.countyCode === null ? null : (configs.get(a.countyCode)?.name ?? null),
    ...(a.townshipCode === undefined ? {} : { townshipCode: a.townshipCode }),
    ...(a.unitId === undefined ? {} : { unitId: a.unitId }),
  }));
}
