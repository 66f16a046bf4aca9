/** Period presets in Asia/Shanghai calendar days. `to` is the last day, inclusive. */
export const PRESETS = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DayRange {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function shanghaiToday(nowMs: number): { y: number; m: number; d: number } {
  const date = new Date(nowMs + 8 * 3_600_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function presetRange(preset: Preset, nowMs: number): DayRange {
  const { y, m, d } = shanghaiToday(nowMs);
  const today = `${y}-${pad(m)}-${pad(d)}`;
  switch (preset) {
    case 'thisMonth':
      return { from: `${y}-${pad(m)}-01`, to: today };
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(lastDayOf(py, pm))}` };
    }
    case 'thisQuarter':
      return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to: today };
    case 'thisYear':
      return { from: `${y}-01-01`, to: today };
  }
}

/** The API's half-open instants: from 00:00 of the first day to 00:00 after the last, in +08:00. */
export function rangeInstants(range: DayRange): { from: string; to: string } {
  const end = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: `${range.from}T00:00:00+08:00`, to: `${end}T00:00:00+08:00` };
}
