import type { Lang } from './i18n/lang.ts';

/** Times are stored in UTC and always shown in the command hall's zone. */
export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<Lang, Intl.DateTimeFormat>();

export function formatTime(iso: string, lang: Lang): string {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang, {
      timeZone: DISPLAY_TIME_ZONE,
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // hourCycle, not hour12:false, which some locales render as 24:30 after midnight.
      hourCycle: 'h23',
    });
    formatters.set(lang, formatter);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
}

export function formatLonLat(lon: number, lat: number): string {
  return `${lon.toFixed(5)}, ${lat.toFixed(5)}`;
}
