/** Naming rules for divisions (NBS names → short display names) and synthetic villager groups. */

const VILLAGE_SUFFIX = /(村民委员会|村委会)$/;
const COMMUNITY_COMMITTEE_SUFFIX = /社区居民委员会$/;
const RESIDENT_COMMITTEE_SUFFIX = /(居民委员会|居委会)$/;

/**
 * Short display name: drop the committee suffix and put back 村/社区 where the stem
 * lacks it (徐村村委会 → 徐村, 东方红村委会 → 东方红村, 宝石街居委会 → 宝石街社区,
 * 北关社区居委会 → 北关社区). Names without such a suffix are kept.
 */
export function shortNameOf(name: string): string {
  if (VILLAGE_SUFFIX.test(name)) {
    const stem = name.replace(VILLAGE_SUFFIX, '');
    return stem.endsWith('村') ? stem : `${stem}村`;
  }
  if (COMMUNITY_COMMITTEE_SUFFIX.test(name)) return `${name.replace(COMMUNITY_COMMITTEE_SUFFIX, '')}社区`;
  if (RESIDENT_COMMITTEE_SUFFIX.test(name)) {
    const stem = name.replace(RESIDENT_COMMITTEE_SUFFIX, '');
    return stem.endsWith('社区') ? stem : `${stem}社区`;
  }
  return name;
}

/**
 * NBS 类似乡级单位 (工业区, 林场) have township codes 4xx; they only hold virtual
 * communities, so the grid leaves them (and their children) out.
 */
export function isPseudoTownshipCode(code12: string): boolean {
  return code12.charAt(6) === '4';
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–999 as used in group names (三, 十二, 二十一, 一百零五). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`no numeral for ${n}`);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = '';
  if (h > 0) s += `${DIGITS[h]}百`;
  if (t > 0) s += h === 0 && t === 1 ? '十' : `${DIGITS[t]}十`;
  else if (h > 0 && u > 0) s += '零';
  if (u > 0) s += DIGITS[u];
  return s;
}

/**
 * Villager groups have no official code or name. Villages get 村民小组, urban
 * communities 居民小组: 「韩村第三村民小组」, short 「韩村三组」.
 */
export function groupNames(villageShortName: string, seq: number): { name: string; shortName: string } {
  const numeral = chineseNumeral(seq);
  const kind = villageShortName.endsWith('社区') ? '居民小组' : '村民小组';
  return { name: `${villageShortName}第${numeral}${kind}`, shortName: `${villageShortName}${numeral}组` };
}

/** Group code: the village's 12-digit code + a 3-digit sequence starting at 001. */
export function groupCode(villageCode: string, seq: number): string {
  return `${villageCode}${String(seq).padStart(3, '0')}`;
}
