import { Fragment } from 'react';
import type { GridCheckProgress } from '../../../../shared/grid-validation/grid-problems.ts';
import { GRID_LEVELS } from '../../../../shared/domain/grid.ts';
import { formatTime } from '../../format.ts';
import { LEVEL_KEYS } from '../../i18n/domain-keys.ts';
import { type MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { PHASES, canApply, phasePercent } from './import-request.ts';
import type { ApplyResult, ImportJobView as ImportJob } from '../../../../shared/protocol/imports.ts';

const PHASE_KEYS: Record<GridCheckProgress['phase'], MessageKey> = { geometry: 'impPhaseGeometry', attributes: 'impPhaseAttributes', topology: 'impPhaseTopology' };

/** A bar with what is happening and how far along it is. */
export function ProgressBar({ label, step, percent }: { label: string; step?: string; percent: number | null }) {
  return (
    <div className="imp-progress" data-testid="import-progress" data-percent={percent ?? ''} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined} aria-label={label}>
      <div className="imp-progress-label">
        <span data-testid="import-stage">{label}</span>
        {step ? <span className="imp-step">{step}</span> : null}
        <span className="imp-percent">{percent === null ? '…' : `${percent}%`}</span>
      </div>
      <div className={`imp-progress-track${percent === null ? ' is-indeterminate' : ''}`}>
        <div className="imp-progress-fill" style={{ width: `${percent ?? 30}%` }} />
      </div>
    </div>
  );
}

/** Upload progress, then the check's stage and percent as the API reports them. */
export function CheckProgress({ uploading, job }: { uploading: number | null; job: ImportJob | null }) {
  const { t } = useI18n();
  if (uploading !== null) return <ProgressBar label={t('impUploading')} percent={Math.round(uploading * 100)} />;
  if (job?.kind !== 'grid' || job.state !== 'checking') return null;
  const progress = job.progress;
  if (!progress) return <ProgressBar label={t('impChecking')} percent={null} />;
  const step = PHASES.indexOf(progress.phase) + 1;
  return <ProgressBar label={`${t('impChecking')} · ${t(PHASE_KEYS[progress.phase])}`} step={t('impStepOf', { n: step })} percent={phasePercent(progress)} />;
}

export interface ReportSummaryProps {
  job: ImportJob;
  applying: boolean;
  applied: ApplyResult | null;
  onApply(): void;
}

/** The report's verdict and numbers, and the Apply button (enabled only when the API says nothing blocks). */
export function ReportSummary({ job, applying, applied, onApply }: ReportSummaryProps) {
  const { t, lang } = useI18n();
  const report = job.report;
  if (!report) return null;
  const verdict = job.state === 'failed' && job.kind === 'grid' ? 'failed' : report.ok ? 'ok' : 'blocked';
  const ready = canApply(job);
  const done = applied ?? job.applied;
  return (
    <section className={`imp-summary is-${verdict}`} data-testid="report-summary" data-job-id={job.id} data-ok={report.ok} data-state={job.state}>
      <p className="imp-verdict">{verdict === 'ok' ? t('impReportOk') : verdict === 'failed' ? t('impReportFailed') : t('impReportBlocked')}</p>
      <p className="imp-counts">
        <span className="imp-sev is-error" data-testid="error-count">
          {t('impErrors')} {report.problemCount.error}
        </span>
        <span className="imp-sev is-warning" data-testid="warning-count">
          {t('impWarnings')} {report.problemCount.warning}
        </span>
      </p>
      <dl>
        {job.kind === 'grid' && job.report ? (
          <>
            {job.report.sourceCrs ? (
              <>
                <dt>{t('impSourceCrs')}</dt>
                <dd>{job.report.sourceCrs}</dd>
              </>
            ) : null}
            {job.report.counts ? (
              <>
                <dt>{t('impFeatureCounts')}</dt>
                <dd>{GRID_LEVELS.map((level) => `${t(LEVEL_KEYS[level])} ${job.report!.counts![level]}`).join(' · ')}</dd>
              </>
            ) : null}
            {job.report.changes ? <dd className="imp-wide">{t('impChanges', { added: job.report.changes.added, removed: job.report.changes.removed, kept: job.report.changes.kept })}</dd> : null}
          </>
        ) : null}
        {job.kind !== 'grid' ? (
          <>
            <dt>{t('impRows')}</dt>
            <dd>
              {job.report.rows}
              {job.report.sheet ? ` · ${t('impSheet')} ${job.report.sheet}` : ''}
            </dd>
            {/* A file with errors became nothing: its counts would read as zero matters. */}
            {Object.entries(job.report.ok ? job.report.summary : {}).map(([name, n]) => (
              <Fragment key={name}>
                <dt>{t(`impSummary_${name}` as MessageKey) ?? name}</dt>
                <dd>{n}</dd>
              </Fragment>
            ))}
          </>
        ) : null}
      </dl>
      {done ? (
        <div className="imp-applied" data-testid="applied" data-version={done.version} role="status">
          <strong>{t('impApplied', { n: done.version })}</strong>
          <span>{t('impAppliedBy', { who: done.appliedBy, at: formatTime(done.appliedAt, lang) })}</span>
        </div>
      ) : (
        <div className="imp-apply">
          <button type="button" className="primary" data-testid="apply" disabled={!ready || applying} onClick={onApply}>
            {applying ? t('impApplying') : t('impApply')}
          </button>
          {!ready ? <small data-testid="apply-why">{job.state === 'checked' || job.state === 'failed' ? t('impApplyBlocked') : t('impApplyWaiting')}</small> : null}
        </div>
      )}
    </section>
  );
}
