import type { ReactNode } from 'react';
import type { CountySummary } from '../../../shared/domain/grid.ts';
import { useI18n } from '../state/lang.tsx';

export interface PageHeaderProps {
  title: ReactNode;
  counties: readonly CountySummary[] | null;
  county: string | null;
  onCountyChange(code: string): void;
  /** data-testid of the county select, for the page's browser test. */
  selectTestId: string;
}

/** The header of the pages outside the console (evaluation, public disclosure): title, county, language. */
export function PageHeader({ title, counties, county, onCountyChange, selectTestId }: PageHeaderProps) {
  const { t } = useI18n();
  return (
    <header className="app-header">
      <h1>{title}</h1>
      <label className="county-switch">
        {t('county')}
        <select value={county ?? ''} onChange={(e) => onCountyChange(e.target.value)} data-testid={selectTestId}>
          {(counties ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
