import type { FormEvent } from 'react';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { CRS_CHOICES, templatePath, type CrsChoice } from './import-request.ts';
import type { ImportKind, ImportOptions } from '../../../../shared/protocol/imports.ts';

const KIND_KEYS: Record<ImportKind, MessageKey> = { grid: 'impKindGrid', catalogue: 'impKindCatalogue', devolution: 'impKindDevolution' };
const CRS_KEYS: Record<CrsChoice, MessageKey> = { prj: 'impCrsPrj', WGS84: 'impCrsWGS84', GCJ02: 'impCrsGCJ02', BD09: 'impCrsBD09' };
export const IMPORT_KINDS: readonly ImportKind[] = ['grid', 'catalogue', 'devolution'];

export interface ImportFormProps {
  options: ImportOptions;
  county: string;
  kind: ImportKind;
  crs: CrsChoice;
  file: File | null;
  busy: boolean;
  currentVersion: number | null;
  /** Why this kind cannot be imported by this account / in this county, or null. */
  blocked: MessageKey | null;
  onCounty(code: string): void;
  onKind(kind: ImportKind): void;
  onCrs(crs: CrsChoice): void;
  onFile(file: File | null): void;
  onSubmit(): void;
}

/** County, kind, file and (for grids) the declared coordinate system; then upload. */
export function ImportForm(props: ImportFormProps) {
  const { options, county, kind, crs, file, busy, currentVersion, blocked } = props;
  const { t } = useI18n();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="imp-form" data-testid="import-form" onSubmit={submit}>
      <label>
        <span>{t('county')}</span>
        <select name="county" data-testid="import-county" value={county} disabled={busy || kind === 'catalogue'} onChange={(e) => props.onCounty(e.target.value)}>
          {options.counties.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="imp-kinds" disabled={busy}>
        <legend>{t('impKind')}</legend>
        {IMPORT_KINDS.map((k) => (
          <label key={k} className={k === kind ? 'is-on' : undefined}>
            <input type="radio" name="kind" value={k} checked={k === kind} onChange={() => props.onKind(k)} />
            {t(KIND_KEYS[k])}
          </label>
        ))}
      </fieldset>
      {blocked ? (
        <p className="imp-note" role="note" data-testid="import-blocked">
          {t(blocked)}
        </p>
      ) : null}
      <div className="imp-file">
        <span className="imp-label">{t('impFile')}</span>
        {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
        <label className={`imp-file-picker${busy || blocked ? ' is-disabled' : ''}`}>
          <input
            type="file"
            name="file"
            data-testid="import-file"
            disabled={busy || !!blocked}
            accept={kind === 'grid' ? '.geojson,.json,.zip,application/geo+json,application/zip' : '.csv,.xlsx,text/csv'}
            onChange={(e) => props.onFile(e.target.files?.[0] ?? null)}
          />
          <span className="imp-file-button">{t('impChooseFile')}</span>
          <span className="imp-file-name" data-testid="import-file-name">
            {file?.name ?? t('impNoFileChosen')}
          </span>
        </label>
        <small>{kind === 'grid' ? t('impFileHintGrid') : t('impFileHintTable')}</small>
      </div>
      {kind === 'grid' ? (
        <label>
          <span>{t('impCrs')}</span>
          <select name="crs" data-testid="import-crs" value={crs} disabled={busy} onChange={(e) => props.onCrs(e.target.value as CrsChoice)}>
            {CRS_CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(CRS_KEYS[c])}
              </option>
            ))}
          </select>
          <small>{t('impCrsHint')}</small>
        </label>
      ) : null}
      <div className="imp-form-actions">
        <button type="submit" className="primary" data-testid="import-upload" disabled={busy || !file || !!blocked}>
          {t('impUpload')}
        </button>
        {!blocked && county ? (
          <a href={templatePath(kind, county)} download>
            {t('impTemplate')}
          </a>
        ) : null}
      </div>
      {currentVersion !== null && !blocked ? (
        <p className="imp-version" data-testid="current-version" data-version={currentVersion}>
          {t('impCurrentVersion')} v{currentVersion}
        </p>
      ) : null}
    </form>
  );
}
