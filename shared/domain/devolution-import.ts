/**
 * A county's devolution (赋权批次 and 收回) as a table, one row per (batch, township, matter) or a
 * compact form where a row names a township, a matter, or both; rows with the same `id` make one
 * batch, which devolves every one of its matters to every one of its townships (the model's
 * cross product). Importing replaces the county configuration's whole `devolution` and checks the
 * result with loadCountyConfig against the catalogue; each problem names its row and column.
 */
import { loadCountyConfig, type CountyConfig } from './county-config.ts';
import type { DevolutionBatch, DevolutionRevocation } from './devolution.ts';
import { isCalendarDate, type Catalogue } from './matters.ts';
import { cellRef, countProblems, locateColumns, rowReader, type ImportProblem, type Table, type TableRow } from './table-import.ts';

export const DEVOLUTION_COLUMNS = ['kind', 'id', 'name', 'effective_from', 'effective_to', 'township_code', 'matter_code', 'note'] as const;
type Column = (typeof DEVOLUTION_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['id', 'name', 'effective_from', 'township_code', 'matter_code'];
const OPTIONAL: readonly Column[] = ['kind', 'effective_to', 'note'];

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,79}$/;

/** The devolution of a config as table rows (header first): townships and matters side by side, so a batch takes max(townships, matters) rows. */
export function devolutionRows(config: CountyConfig): string[][] {
  const rows: string[][] = [[...DEVOLUTION_COLUMNS]];
  const entries = [
    ...config.devolution.batches.map((b) => ['batch', b] as const),
    ...config.devolution.revocations.map((r) => ['revocation', r] as const),
  ];
  for (const [kind, entry] of entries) {
    const n = Math.max(entry.townships.length, entry.matters.length);
    const to = kind === 'batch' ? ((entry as DevolutionBatch).effectiveTo ?? '') : '';
    for (let i = 0; i < n; i++) {
      rows.push([kind, entry.id, entry.name, entry.effectiveFrom, to, entry.townships[i] ?? '', entry.matters[i] ?? '', i === 0 ? (entry.note ?? '') : '']);
    }
  }
  return rows;
}

interface Group {
  kind: 'batch' | 'revocation';
  id: string;
  first: TableRow;
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  note: string;
  townships: string[];
  townshipRows: TableRow[];
  matters: string[];
  matterRows: TableRow[];
  /** Fields whose first-row value was refused: later rows are not compared with it (one problem, not one per row). */
  refused: Set<Column>;
}

export interface DevolutionCheck {
  problems: ImportProblem[];
  problemCount: { error: number; warning: number };
  /** The county configuration with the imported devolution; set only when there is no error. */
  config: CountyConfig | null;
  batches: number;
  revocations: number;
}

const FIELD_COLUMN: Record<string, Column> = { id: 'id', name: 'name', effectiveFrom: 'effective_from', effectiveTo: 'effective_to', townships: 'township_code', matters: 'matter_code', note: 'note' };

export function checkDevolutionTable(table: Table, current: CountyConfig, catalogue: Catalogue): DevolutionCheck {
  const { columns, problems } = locateColumns(table, REQUIRED, OPTIONAL);
  const done = (config: CountyConfig | null, groups: Group[] = []): DevolutionCheck => ({
    problems,
    problemCount: countProblems(problems),
    config,
    batches: groups.filter((g) => g.kind === 'batch').length,
    revocations: groups.filter((g) => g.kind === 'revocation').length,
  });
  if (problems.some((p) => p.severity === 'error')) return done(null);

  const townships = new Map(current.townships.map((t) => [t.code, t]));
  const groups = new Map<string, Group>();
  for (const row of table.rows) {
    const cell = rowReader(table, columns, row, problems);
    const id = cell.get('id');
    const kindText = cell.get('kind').toLowerCase() || 'batch';
    const township = cell.get('township_code');
    const matter = cell.get('matter_code');
    if (!ID_PATTERN.test(id)) {
      cell.problem('id', `批次编号 "${id}" 应为小写字母、数字和短横线 (bad id)`);
      continue;
    }
    if (kindText !== 'batch' && kindText !== 'revocation') cell.problem('kind', `kind 应为 batch（赋权）或 revocation（收回），实为 "${cell.get('kind')}"`);
    const kind = kindText === 'revocation' ? 'revocation' : 'batch';
    let group = groups.get(id);
    if (!group) {
      const g: Group = { kind, id, first: row, name: cell.get('name'), effectiveFrom: cell.get('effective_from'), effectiveTo: cell.get('effective_to'), note: cell.get('note'), townships: [], townshipRows: [], matters: [], matterRows: [], refused: new Set() };
      group = g;
      groups.set(id, g);
      const refuse = (column: Column, message: string) => {
        cell.problem(column, message);
        g.refused.add(column);
      };
      if (!g.name) refuse('name', '批次名称为空 (name is empty)');
      if (!isCalendarDate(g.effectiveFrom)) refuse('effective_from', `生效日期 "${g.effectiveFrom}" 不是有效的 YYYY-MM-DD 日期 (bad date)`);
      if (g.effectiveTo && !isCalendarDate(g.effectiveTo)) refuse('effective_to', `有效期至 "${g.effectiveTo}" 不是有效的 YYYY-MM-DD 日期 (bad date)`);
      if (g.effectiveTo && kind === 'revocation') refuse('effective_to', '收回 (revocation) 没有有效期至：它从生效日起一直有效');
    } else {
      // Later rows of a batch may leave its fields empty; what they do say must agree with the first row.
      const same: [Column, string][] = [['name', group.name], ['effective_from', group.effectiveFrom], ['effective_to', group.effectiveTo], ['note', group.note]];
      for (const [column, value] of same) {
        const here = cell.get(column);
        if (here && here !== value && !group.refused.has(column)) cell.problem(column, `与批次 ${id} 首行（第 ${group.first.row} 行）的 "${value}" 不一致`);
      }
      if (cell.get('kind') && kind !== group.kind) cell.problem('kind', `与批次 ${id} 首行（第 ${group.first.row} 行）的 ${group.kind} 不一致`);
    }
    if (!township && !matter) cell.problem('township_code', '乡镇编码与事项编码都为空：每行至少填一项');
    if (township) {
      if (!/^\d{12}$/.test(township)) cell.problem('township_code', `乡镇编码 "${township}" 应为 12 位数字`);
      else if (!townships.has(township)) cell.problem('township_code', `乡镇 ${township} 不在${current.name}的乡镇清单中 (unknown township)`);
      else if (!group.townships.includes(township)) {
        group.townships.push(township);
        group.townshipRows.push(row);
      }
    }
    if (matter) {
      if (!catalogue.byCode.has(matter)) cell.problem('matter_code', `事项编码 ${matter} 不在事项清单中 (unknown matter)`);
      else if (!group.matters.includes(matter)) {
        group.matters.push(matter);
        group.matterRows.push(row);
      }
    }
  }
  for (const group of groups.values()) {
    const cell = rowReader(table, columns, group.first, problems);
    if (group.townships.length === 0) cell.problem('township_code', `批次 ${group.id} 没有任何乡镇`);
    if (group.matters.length === 0) cell.problem('matter_code', `批次 ${group.id} 没有任何事项`);
  }
  if (problems.some((p) => p.severity === 'error')) return done(null, [...groups.values()]);

  const list = [...groups.values()];
  const batchGroups = list.filter((g) => g.kind === 'batch');
  const revocationGroups = list.filter((g) => g.kind === 'revocation');
  const batches: DevolutionBatch[] = batchGroups.map((g) => ({
    id: g.id,
    name: g.name,
    effectiveFrom: g.effectiveFrom,
    ...(g.effectiveTo ? { effectiveTo: g.effectiveTo } : {}),
    townships: g.townships,
    matters: g.matters,
    ...(g.note ? { note: g.note } : {}),
  }));
  const revocations: DevolutionRevocation[] = revocationGroups.map((g) => ({
    id: g.id,
    name: g.name,
    effectiveFrom: g.effectiveFrom,
    townships: g.townships,
    matters: g.matters,
    ...(g.note ? { note: g.note } : {}),
  }));
  const loaded = loadCountyConfig({ ...current, devolution: { batches, revocations } }, { catalogue });
  if (!loaded.ok) {
    for (const issue of loaded.issues) problems.push(locateIssue(table, columns, issue, { batches: batchGroups, revocations: revocationGroups }));
    return done(null, list);
  }
  return done(loaded.config, list);
}

/** Maps a config issue path (devolution.batches[1].townships[2]) back to the row and cell it came from. */
function locateIssue(table: Table, columns: Partial<Record<Column, number>>, issue: { path: string; message: string }, groups: { batches: Group[]; revocations: Group[] }): ImportProblem {
  const m = /^devolution\.(batches|revocations)\[(\d+)\]\.(\w+)(?:\[(\d+)\])?/.exec(issue.path);
  const group = m ? groups[m[1] as 'batches' | 'revocations'][Number(m[2])] : undefined;
  if (!m || !group) return { severity: 'error', path: issue.path, message: `配置 ${issue.path}：${issue.message}` };
  const field = m[3] as string;
  const index = m[4] === undefined ? undefined : Number(m[4]);
  const row = field === 'townships' && index !== undefined ? group.townshipRows[index] : field === 'matters' && index !== undefined ? group.matterRows[index] : group.first;
  const column = FIELD_COLUMN[field];
  const at = row ?? group.first;
  const i = column === undefined ? undefined : columns[column];
  const cell = i === undefined ? undefined : cellRef(table.sheet, at.row, i);
  return { severity: 'error', row: at.row, ...(column ? { column } : {}), ...(cell ? { cell } : {}), path: issue.path, message: `${cell ?? `第 ${at.row} 行`}：批次 ${group.id}：${issue.message}` };
}
