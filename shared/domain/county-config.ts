/**
 * A county's configuration file (data/counties/<12-digit code>.json): its organisation, who holds
 * each generic role, devolution batches, squadron areas, "1+X" clusters and grid networks.
 * Validated by zod plus cross-reference checks, so a broken file says exactly what is wrong.
 */
import { z } from 'zod';
import type { ApiIssue } from '../protocol/errors.ts';
import type { Devolution, DevolutionBatch, DevolutionRevocation } from './devolution.ts';
import { ENFORCEMENT_DOMAINS, HOLDER_ROLE_PATTERN, isCalendarDate, holderRolesOf, type Catalogue } from './matters.ts';
import type { Cluster, GridNetworks, NetworkCell, OrgArea, OrgUnit, Squadron, TownshipSetting } from './org.ts';
import { dispatchCenterId, townshipTeamId } from './unit.ts';

const UNIT_KINDS = ['township-team', 'bureau-brigade', 'squadron', 'department', 'department-station', 'dispatch-center'] as const;
const TOWNSHIP_KINDS = ['subdistrict', 'town', 'township', 'ethnic-township', 'industrial-zone', 'forest-farm'] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'ids use lower-case letters, digits and dashes');
const code12 = z.string().regex(/^\d{12}$/, 'a 12-digit division code');
const day = z.string().refine(isCalendarDate, 'a real calendar day as YYYY-MM-DD');
const text = z.string().trim().min(1, 'must not be empty');

const orgUnitSchema = z.strictObject({
  id,
  name: text,
  kind: z.enum(UNIT_KINDS),
  parentId: id.optional(),
  townshipCodes: z.array(code12).optional(),
  external: z.boolean().optional(),
  note: z.string().optional(),
}) satisfies z.ZodType<OrgUnit>;

const areaSchema = z.strictObject({
  id,
  name: text,
  synthetic: z.boolean(),
  townshipCodes: z.array(code12).optional(),
  villageCodes: z.array(code12).optional(),
}) satisfies z.ZodType<OrgArea>;

const squadronSchema = z.strictObject({ unitId: id, area: areaSchema }) satisfies z.ZodType<Squadron>;

const share = z.number().min(0).max(1);
const clusterSchema = z.strictObject({
  id,
  name: text,
  hubTownship: code12,
  radiatedTownships: z.array(code12).min(1, 'a cluster radiates to at least one township').max(2, 'a hub radiates to at most two townships'),
  evaluation: z.strictObject({ hub: share, radiated: share }),
  note: z.string().optional(),
}) satisfies z.ZodType<Cluster>;

const townshipSchema = z.strictObject({
  code: code12,
  name: text,
  kind: z.enum(TOWNSHIP_KINDS),
  teamId: id.optional(),
  administeredBy: z.strictObject({ unitId: id, note: text }).optional(),
}) satisfies z.ZodType<TownshipSetting>;

const batchSchema = z.strictObject({
  id,
  name: text,
  effectiveFrom: day,
  effectiveTo: day.optional(),
  townships: z.array(code12).min(1, 'a batch devolves to at least one township'),
  matters: z.array(z.string()).min(1, 'a batch devolves at least one matter'),
  note: z.string().optional(),
}) satisfies z.ZodType<DevolutionBatch>;

const revocationSchema = z.strictObject({
  id,
  name: text,
  effectiveFrom: day,
  townships: z.array(code12).min(1),
  matters: z.array(z.string()).min(1),
  note: z.string().optional(),
}) satisfies z.ZodType<DevolutionRevocation>;

const cellSchema = z.strictObject({
  id,
  name: text,
  townshipCode: code12,
  villageCodes: z.array(code12).min(1, 'a cell holds at least one base grid'),
  unitId: id.optional(),
}) satisfies z.ZodType<NetworkCell>;

const gridNetworksSchema = z.strictObject({
  base: z.strictObject({ name: text, level: z.literal('village') }),
  patrol: z.strictObject({ name: text, cells: z.array(cellSchema) }),
  enforcement: z.strictObject({ name: text, cells: z.array(cellSchema) }),
}) satisfies z.ZodType<GridNetworks>;

const domainNames = ENFORCEMENT_DOMAINS.map((d) => d.name) as [string, ...string[]];

export const countyConfigShape = z.strictObject({
  countyCode: z.string().regex(/^\d{6}0{6}$/, 'a 12-digit county code ending in 000000'),
  name: text,
  /** Which seed document the configuration follows. */
  source: text,
  notes: z.array(z.string()).default([]),
  /** What the configuration assumes where the source document is silent: published on the public page as such. */
  assumptions: z.array(z.string()).default([]),
  bureauName: text,
  dispatchCenterId: id,
  units: z.array(orgUnitSchema).min(1),
  /** Generic holder role → unit id. */
  holders: z.record(z.string().regex(HOLDER_ROLE_PATTERN, 'a role like bureau:city or department:market'), id),
  /** Where a county departs from the role mapping: by domain, then by single matter (wins). */
  holderOverrides: z
    .strictObject({
      byDomain: z.partialRecord(z.enum(domainNames), id).default({}),
      byMatter: z.record(z.string(), id).default({}),
    })
    .default({ byDomain: {}, byMatter: {} }),
  townships: z.array(townshipSchema).min(1),
  squadrons: z.array(squadronSchema).default([]),
  clusters: z.array(clusterSchema).default([]),
  devolution: z
    .strictObject({ batches: z.array(batchSchema).default([]), revocations: z.array(revocationSchema).default([]) })
    .default({ batches: [], revocations: [] }) satisfies z.ZodType<Devolution>,
  /** 重大案件: a township team hands major cases to the county holder of the matter. */
  majorCases: z.strictObject({ escalateToCountyHolder: z.boolean(), note: z.string().optional() }),
  /**
   * 受理后派遣: 'auto' (the default when absent) — intake registers the case and dispatches it to the
   * routed unit at once, and the officers are named by the operator (改派) or by the team when it
   * acknowledges; 'operator' — intake registers it and it waits in the dispatch center's queue.
   */
  intake: z.strictObject({ dispatch: z.enum(['auto', 'operator']) }).optional(),
  gridNetworks: gridNetworksSchema.optional(),
  /**
   * The roles that exist at township level (综合指挥室 = township-commander, officers, 法制审核员,
   * 负责人): where a county lets its townships hold cases in their own name, its township teams
   * have a legal reviewer and a responsible leader; where townships only report (阳谷), they do not.
   */
  townshipRoles: z.array(z.enum(['township-commander', 'team-officer', 'legal-reviewer', 'responsible-leader'])).default(['township-commander', 'team-officer']),
  /** 乡呼县应: the reply deadline for a department asked by a township, only where the county's rules set one. */
  collaboration: z
    .strictObject({ replyWorkingDays: z.number().int().min(1).max(60), basis: text })
    .optional(),
});

export type CountyConfig = z.infer<typeof countyConfigShape>;

type Path = (string | number)[];
type Report = (path: Path, message: string) => void;

/** Cross-reference checks zod cannot express field by field. */
function checkReferences(c: CountyConfig, report: Report): void {
  const prefix = c.countyCode.slice(0, 6);
  const unitById = new Map<string, OrgUnit>();
  c.units.forEach((u, i) => {
    if (unitById.has(u.id)) report(['units', i, 'id'], `duplicate unit id "${u.id}"`);
    else unitById.set(u.id, u);
  });
  const townshipByCode = new Map<string, TownshipSetting>();
  c.townships.forEach((t, i) => {
    if (!t.code.startsWith(prefix)) report(['townships', i, 'code'], `township ${t.code} is not in county ${c.countyCode}`);
    if (townshipByCode.has(t.code)) report(['townships', i, 'code'], `duplicate township ${t.code}`);
    townshipByCode.set(t.code, t);
  });
  const unitRef = (path: Path, unitId: string, kinds?: readonly OrgUnit['kind'][]) => {
    const u = unitById.get(unitId);
    if (!u) report(path, `unknown unit "${unitId}"`);
    else if (kinds && !kinds.includes(u.kind)) report(path, `unit "${unitId}" is a ${u.kind}, expected ${kinds.join(' or ')}`);
  };
  const townshipRef = (path: Path, code: string) => {
    if (!townshipByCode.has(code)) report(path, `township ${code} is not listed in townships`);
  };
  const villageRef = (path: Path, code: string, townshipCode?: string) => {
    const owner = `${code.slice(0, 9)}000`;
    if (code.endsWith('000') && townshipByCode.has(code)) report(path, `${code} is a township code, not a village code`);
    else if (townshipCode && owner !== townshipCode) report(path, `village ${code} is not in township ${townshipCode}`);
    else if (!townshipByCode.has(owner)) report(path, `village ${code} belongs to no listed township`);
  };

  const expectedCenter = dispatchCenterId(c.countyCode);
  if (c.dispatchCenterId !== expectedCenter) report(['dispatchCenterId'], `must be "${expectedCenter}"`);
  unitRef(['dispatchCenterId'], c.dispatchCenterId, ['dispatch-center']);

  c.units.forEach((u, i) => {
    if (u.parentId !== undefined) {
      if (u.parentId === u.id) report(['units', i, 'parentId'], 'a unit cannot be its own parent');
      else unitRef(['units', i, 'parentId'], u.parentId);
    }
    u.townshipCodes?.forEach((t, j) => townshipRef(['units', i, 'townshipCodes', j], t));
  });
  for (const [role, unitId] of Object.entries(c.holders)) unitRef(['holders', role], unitId);
  for (const [domain, unitId] of Object.entries(c.holderOverrides.byDomain)) if (unitId) unitRef(['holderOverrides', 'byDomain', domain], unitId);
  for (const [matter, unitId] of Object.entries(c.holderOverrides.byMatter)) unitRef(['holderOverrides', 'byMatter', matter], unitId);

  c.townships.forEach((t, i) => {
    if (t.teamId !== undefined) {
      if (t.teamId !== townshipTeamId(t.code)) report(['townships', i, 'teamId'], `must be "${townshipTeamId(t.code)}"`);
      unitRef(['townships', i, 'teamId'], t.teamId, ['township-team']);
    }
    if (t.administeredBy) unitRef(['townships', i, 'administeredBy', 'unitId'], t.administeredBy.unitId);
  });

  const areaIds = new Set<string>();
  c.squadrons.forEach((s, i) => {
    unitRef(['squadrons', i, 'unitId'], s.unitId, ['squadron']);
    const unit = unitById.get(s.unitId);
    if (unit && unit.parentId === undefined) report(['squadrons', i, 'unitId'], `squadron "${s.unitId}" needs a parentId: the unit it acts for`);
    if (areaIds.has(s.area.id)) report(['squadrons', i, 'area', 'id'], `duplicate area id "${s.area.id}"`);
    areaIds.add(s.area.id);
    if (!s.area.townshipCodes?.length && !s.area.villageCodes?.length) report(['squadrons', i, 'area'], 'an area needs townshipCodes or villageCodes');
    s.area.townshipCodes?.forEach((t, j) => townshipRef(['squadrons', i, 'area', 'townshipCodes', j], t));
    s.area.villageCodes?.forEach((v, j) => villageRef(['squadrons', i, 'area', 'villageCodes', j], v));
  });

  const clustered = new Map<string, string>();
  c.clusters.forEach((cl, i) => {
    const members = [cl.hubTownship, ...cl.radiatedTownships];
    members.forEach((t, j) => {
      const path: Path = j === 0 ? ['clusters', i, 'hubTownship'] : ['clusters', i, 'radiatedTownships', j - 1];
      townshipRef(path, t);
      const other = clustered.get(t);
      if (other) report(path, `township ${t} is already in cluster "${other}"`);
      clustered.set(t, cl.id);
    });
    if (!townshipByCode.get(cl.hubTownship)?.teamId) report(['clusters', i, 'hubTownship'], `hub ${cl.hubTownship} has no team`);
    if (Math.abs(cl.evaluation.hub + cl.evaluation.radiated - 1) > 1e-9) report(['clusters', i, 'evaluation'], 'hub + radiated shares must add up to 1');
  });

  const batchIds = new Set<string>();
  const dated = [...c.devolution.batches.map((b, i) => ['batches', i, b] as const), ...c.devolution.revocations.map((r, i) => ['revocations', i, r] as const)];
  for (const [list, i, entry] of dated) {
    const at: Path = ['devolution', list, i];
    if (batchIds.has(entry.id)) report([...at, 'id'], `duplicate batch or revocation id "${entry.id}"`);
    batchIds.add(entry.id);
    entry.townships.forEach((t, j) => {
      townshipRef([...at, 'townships', j], t);
      const setting = townshipByCode.get(t);
      if (list === 'batches' && setting && !setting.teamId) report([...at, 'townships', j], `township ${t} has no team to receive devolved matters`);
    });
    const seen = new Set<string>();
    entry.matters.forEach((m, j) => {
      if (seen.has(m)) report([...at, 'matters', j], `matter ${m} listed twice`);
      seen.add(m);
    });
  }
  c.devolution.batches.forEach((b, i) => {
    if (b.effectiveTo && b.effectiveTo < b.effectiveFrom) report(['devolution', 'batches', i, 'effectiveTo'], `ends (${b.effectiveTo}) before it starts (${b.effectiveFrom})`);
  });

  if (c.gridNetworks) {
    for (const network of ['patrol', 'enforcement'] as const) {
      const owner = new Map<string, string>();
      const ids = new Set<string>();
      c.gridNetworks[network].cells.forEach((cell, i) => {
        const at: Path = ['gridNetworks', network, 'cells', i];
        if (ids.has(cell.id)) report([...at, 'id'], `duplicate cell id "${cell.id}"`);
        ids.add(cell.id);
        townshipRef([...at, 'townshipCode'], cell.townshipCode);
        if (cell.unitId) unitRef([...at, 'unitId'], cell.unitId);
        cell.villageCodes.forEach((v, j) => {
          villageRef([...at, 'villageCodes', j], v, cell.townshipCode);
          const prior = owner.get(v);
          if (prior) report([...at, 'villageCodes', j], `base grid ${v} is already in ${network} cell "${prior}"`);
          owner.set(v, cell.id);
        });
      });
    }
  }
}

/** Formats a zod/issue path as `townships[3].teamId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Checks that need the catalogue: every role mapped, every listed matter known. */
export function checkConfigAgainstCatalogue(config: CountyConfig, catalogue: Catalogue): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const role of holderRolesOf(catalogue)) {
    if (!(role in config.holders)) issues.push({ path: `holders.${role}`, message: `role ${role} is used by the catalogue but not mapped to a unit` });
  }
  for (const code of Object.keys(config.holderOverrides.byMatter)) {
    if (!catalogue.byCode.has(code)) issues.push({ path: `holderOverrides.byMatter.${code}`, message: `unknown matter code ${code}` });
  }
  const lists = [
    ...config.devolution.batches.map((b, i) => [`devolution.batches[${i}]`, b.matters] as const),
    ...config.devolution.revocations.map((r, i) => [`devolution.revocations[${i}]`, r.matters] as const),
  ];
  for (const [at, matters] of lists) {
    matters.forEach((m, j) => {
      if (!catalogue.byCode.has(m)) issues.push({ path: `${at}.matters[${j}]`, message: `unknown matter code ${m}` });
    });
  }
  return issues;
}

export type CountyConfigLoad = { ok: true; config: CountyConfig } | { ok: false; issues: ApiIssue[] };

/**
 * Validates parsed JSON as a county configuration. With a catalogue, also checks roles and
 * matter codes against it. Never throws; every issue carries a path and a message.
 */
export function loadCountyConfig(json: unknown, options: { catalogue?: Catalogue } = {}): CountyConfigLoad {
  const parsed = countyConfigShape.safeParse(json);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const issues: ApiIssue[] = [];
  checkReferences(parsed.data, (path, message) => issues.push({ path: formatPath(path), message }));
  if (options.catalogue) issues.push(...checkConfigAgainstCatalogue(parsed.data, options.catalogue));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config: parsed.data };
}
