import { useState, type FormEvent } from 'react';
import { REPORT_SOURCES, type LonLat, type ReportSource } from '../../../shared/domain/incident.ts';
import type { ReportInput } from '../../../shared/protocol/reports.ts';
import { formatLonLat } from '../format.ts';
import { SOURCE_KEYS } from '../i18n/domain-keys.ts';
import { useI18n } from '../state/lang.tsx';

export interface ReportFormProps {
  at: LonLat;
  submitting: boolean;
  onSubmit(input: ReportInput): void;
  onCancel(): void;
}

export function ReportForm({ at, submitting, onSubmit, onCancel }: ReportFormProps) {
  const { t } = useI18n();
  const [description, setDescription] = useState('');
  const [source, setSource] = useState<ReportSource>('hotline');
  const [matterCode, setMatterCode] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const code = matterCode.trim();
    // Server-side validation is the authority; the form only leaves out an empty matter code.
    onSubmit({ lon: at.lon, lat: at.lat, crs: 'WGS84', description, source, ...(code ? { matterCode: code } : {}) });
  };

  return (
    <form className="report-form" data-testid="report-form" onSubmit={submit}>
      <h2>{t('reportTitle')}</h2>
      <p className="coords">
        {t('coordinates')}
        {t('colon')}
        {formatLonLat(at.lon, at.lat)}
      </p>
      <label>
        <span>{t('description')}</span>
        <textarea
          name="description"
          rows={3}
          required
          maxLength={2000}
          value={description}
          placeholder={t('descriptionPlaceholder')}
          onChange={(event) => setDescription(event.target.value)}
          autoFocus
        />
      </label>
      <label>
        <span>{t('source')}</span>
        <select name="source" value={source} onChange={(event) => setSource(event.target.value as ReportSource)}>
          {REPORT_SOURCES.map((value) => (
            <option key={value} value={value}>
              {t(SOURCE_KEYS[value])}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('matterCode')}</span>
        <input
          name="matterCode"
          value={matterCode}
          placeholder={t('matterCodePlaceholder')}
          onChange={(event) => setMatterCode(event.target.value)}
        />
      </label>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? t('submitting') : t('submit')}
        </button>
      </div>
    </form>
  );
}
