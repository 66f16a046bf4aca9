import { useEffect, useState } from 'react';
import { formatTime } from '../../format.ts';
import { CASE_STATUS_KEYS } from '../../i18n/domain-keys.ts';
import { useI18n } from '../../state/lang.tsx';
import { followCase, type FollowedCase } from './report-api.ts';

/** /report?case=ID: how a filed report is getting on (status, who handles it, by when). */
export function FollowCase({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [found, setFound] = useState<FollowedCase | null | 'loading'>('loading');
  useEffect(() => {
    const controller = new AbortController();
    followCase(id, controller.signal)
      .then(setFound)
      .catch(() => setFound(null));
    return () => controller.abort();
  }, [id]);
  return (
    <section className="field-section report-follow" data-testid="report-follow">
      <h2>{t('repFollowTitle')}</h2>
      <p className="report-case-number">
        {t('repCaseNumber')}
        {t('colon')}
        <code data-case-number>{id}</code>
      </p>
      {found === 'loading' ? (
        <p>{t('loading')}</p>
      ) : found === null ? (
        <p role="alert">{t('repFollowMissing')}</p>
      ) : (
        <dl className="report-follow-facts">
          <dt>{t('repStatus')}</dt>
          <dd data-testid="follow-status" data-status={found.status}>
            {t(CASE_STATUS_KEYS[found.status])}
          </dd>
          <dt>{t('repHandledBy')}</dt>
          <dd>{found.unitName}</dd>
          <dt>{t('repReceivedAt')}</dt>
          <dd>{formatTime(found.receivedAt, lang)}</dd>
          <dt>{t('repUpdatedAt')}</dt>
          <dd>{formatTime(found.updatedAt, lang)}</dd>
          {found.expectedBy ? (
            <>
              <dt>{t('repExpectedBy')}</dt>
              <dd>{formatTime(found.expectedBy, lang)}</dd>
            </>
          ) : null}
        </dl>
      )}
      <a className="report-link-button" href="/report">
        {t('repNewReport')}
      </a>
    </section>
  );
}
