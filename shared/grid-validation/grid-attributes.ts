import { GRID_LEVELS, type GridLevel, type GridProps } from '../domain/grid.ts';
import { problem, type GridProblem } from './grid-problems.ts';

const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = { county: null, township: 'county', village: 'township', group: 'village' };
const LEVEL_ZH: Record<GridLevel, string> = { county: '县', township: '乡镇', village: '村', group: '村民小组' };

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  // DBF numeric fields come back as numbers; codes fit exactly (15 digits < 2^53).
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return null;
}

function flag(value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && /^(true|t|y|yes|1)$/i.test(value.trim()));
}

/**
 * Reads each feature's properties as GridProps (level, code, name, parentCode required;
 * shortName, countyCode and synthetic defaulted) and checks codes: well-formed, unique, inside
 * the county, and every parent present at the level above. Returns props by feature index
 * (null where unusable) and the problems found.
 */
export function readGridAttributes(properties: readonly unknown[], countyCode: string): { props: (GridProps | null)[]; problems: GridProblem[] } {
  const problems: GridProblem[] = [];
  const prefix = countyCode.slice(0, 6);
  const props: (GridProps | null)[] = properties.map((raw, i) => {
    const p = (raw ?? {}) as Record<string, unknown>;
    const level = text(p.level);
    const code = text(p.code);
    const name = text(p.name);
    const parentCode = text(p.parentCode ?? p.parentcode ?? p.parent_code);
    if (!code) {
      problems.push(problem('MISSING_CODE', `第 ${i + 1} 个要素缺少网格编码 code (feature ${i} has no code)`, { feature: i }));
      return null;
    }
    if (!level || !(GRID_LEVELS as readonly string[]).includes(level)) {
      problems.push(problem('BAD_LEVEL', `${code}：层级 level 应为 ${GRID_LEVELS.join('/')}，实为 "${level ?? ''}"`, { feature: i, codes: [code] }));
      return null;
    }
    const lvl = level as GridLevel;
    const digits = lvl === 'group' ? 15 : 12;
    if (!new RegExp(`^\\d{${digits}}$`).test(code)) {
      problems.push(problem('BAD_CODE', `${code}：${LEVEL_ZH[lvl]}级编码应为 ${digits} 位数字`, { feature: i, codes: [code], level: lvl }));
      return null;
    }
    if (!code.startsWith(prefix)) {
      problems.push(problem('WRONG_COUNTY', `${code} 不属于 ${countyCode}（编码前 6 位应为 ${prefix}）`, { feature: i, codes: [code], level: lvl }));
      return null;
    }
    if (lvl === 'county' && code !== countyCode) {
      problems.push(problem('WRONG_COUNTY', `县级要素编码 ${code} 与导入目标县 ${countyCode} 不符`, { feature: i, codes: [code], level: lvl }));
      return null;
    }
    const missing = [!name && 'name', !parentCode && 'parentCode'].filter(Boolean);
    if (missing.length > 0) {
      problems.push(problem('MISSING_FIELD', `${code}：缺少字段 ${missing.join('、')}`, { feature: i, codes: [code], level: lvl }));
      return null;
    }
    return {
      level: lvl,
      code,
      name: name as string,
      shortName: text(p.shortName ?? p.shortname) ?? (name as string),
      parentCode: parentCode as string,
      countyCode,
      synthetic: flag(p.synthetic),
    };
  });

  const firstAt = new Map<string, number>();
  props.forEach((p, i) => {
    if (!p) return;
    const seen = firstAt.get(p.code);
    if (seen !== undefined) {
      problems.push(problem('DUPLICATE_CODE', `编码 ${p.code} 重复（第 ${seen + 1} 个与第 ${i + 1} 个要素）`, { feature: i, codes: [p.code], level: p.level }));
      props[i] = null;
    } else firstAt.set(p.code, i);
  });
  if (!props.some((p) => p?.level === 'county')) {
    problems.push(problem('MISSING_COUNTY', `文件中没有县级要素 (level=county, code=${countyCode})：导入须包含整县四级网格`));
  }
  props.forEach((p, i) => {
    const parentLevel = p ? PARENT_LEVEL[p.level] : null;
    if (!p || !parentLevel) return;
    const parentIndex = firstAt.get(p.parentCode);
    const parent = parentIndex === undefined ? null : props[parentIndex];
    if (!parent) {
      problems.push(problem('UNKNOWN_PARENT', `${p.code}（${p.name}）的上级 ${p.parentCode} 不在文件中`, { feature: i, codes: [p.code, p.parentCode], level: p.level }));
    } else if (parent.level !== parentLevel) {
      problems.push(problem('WRONG_PARENT_LEVEL', `${p.code} 是${LEVEL_ZH[p.level]}级，上级 ${p.parentCode} 应为${LEVEL_ZH[parentLevel]}级，实为${LEVEL_ZH[parent.level]}级`, { feature: i, codes: [p.code, p.parentCode], level: p.level }));
    }
  });
  return { props, problems };
}
