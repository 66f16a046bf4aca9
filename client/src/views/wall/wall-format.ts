import type { Translate } from '../../i18n/catalogue.ts';

/** 2分05秒 / 2 min 05 s; "—" when there is nothing to show. */
export function formatDuration(ms: number | null, t: Translate): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = String(total % 60).padStart(2, '0');
  const sep = t('unitMinute') === '分' ? '' : ' ';
  return minutes > 0 ? `${minutes}${sep}${t('unitMinute')}${sep}${seconds}${sep}${t('unitSecond')}` : `${total % 60}${sep}${t('unitSecond')}`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The scale of the wall against its 1920-pixel design width (a 4K wall draws everything twice as large). */
export function wallScale(): number {
  return Math.max(0.6, window.innerWidth / 1920);
}
