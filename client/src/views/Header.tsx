import type { CountySummary } from '../../../shared/domain/grid.ts';
import { useI18n } from '../state/lang.tsx';

export interface HeaderProps {
  counties: CountySummary[] | null;
  county: string | null;
  connected: boolean;
  onCountyChange(code: string): void;
}

export function Header({ counties, county, connected, onCountyChange }: HeaderProps) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <h1>{t('appTitle')}</h1>
      <label className="county-switch">
        <span>{t('county')}</span>
        <select
          data-testid="county-select"
          value={county ?? ''}
          disabled={!counties?.length}
          onChange={(event) => onCountyChange(event.target.value)}
        >
          {counties?.map((item) => (
            <option key={item.code} value={item.code}>
              {item.name}
            </option>
          )) ?? <option value="">{t('loading')}</option>}
        </select>
      </label>
      <span className={`live-status ${connected ? 'is-live' : 'is-down'}`} data-testid="live-status" data-connected={connected}>
        {connected ? t('liveConnected') : t('liveDisconnected')}
      </span>
    </header>
  );
}
