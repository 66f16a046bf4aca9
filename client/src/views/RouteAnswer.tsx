import type { ApiIssue, MessageParams } from '../../../shared/protocol/errors.ts';
import type { ReportAccepted } from '../api/rest.ts';
import { FLAG_KEYS } from '../i18n/domain-keys.ts';
import { useI18n } from '../state/lang.tsx';
import { errorText, issueText } from './messages/error-text.ts';

export function RouteAnswer({ accepted, onClose }: { accepted: ReportAccepted; onClose(): void }) {
  const { t } = useI18n();
  const { route } = accepted;
  return (
    <section className="route-answer" data-testid="route-answer" data-incident-id={accepted.id}>
      <h2>{t('routedTo')}</h2>
      <dl>
        <dt>{t('township')}</dt>
        <dd data-testid="route-township" data-code={route.township.code}>
          {route.township.name}
        </dd>
        <dt>{t('village')}</dt>
        <dd data-testid="route-village" data-code={route.village.code}>
          {route.village.name}
        </dd>
        <dt>{t('group')}</dt>
        <dd data-testid="route-group" data-code={route.group.code}>
          {route.group.name}
        </dd>
        <dt>{t('unit')}</dt>
        <dd data-testid="route-unit" data-unit-id={route.unit.id}>
          {route.unit.name}
        </dd>
        {route.alternates.length > 0 ? (
          <>
            <dt>{t('alternates')}</dt>
            <dd>{route.alternates.map((unit) => unit.name).join('、')}</dd>
          </>
        ) : null}
      </dl>
      {route.flags.length > 0 ? (
        <p className="incident-flags">
          {route.flags.map((flag) => (
            <span key={flag} className="flag">
              {t(FLAG_KEYS[flag])}
            </span>
          ))}
        </p>
      ) : null}
      <h3>{t('reasons')}</h3>
      <ul className="reasons">
        {route.reasons.map((reason, index) => (
          <li key={`${index}-${reason.code}`} data-reason-code={reason.code}>
            {reason.message}
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </section>
  );
}

/** A refused report: what went wrong and each field's problem, in the user's words, from the codes. */
export function ReportError({ code, params, issues }: { code: string; params?: MessageParams; issues: readonly ApiIssue[] }) {
  const { t } = useI18n();
  return (
    <section className="report-error" role="alert" data-testid="report-error" data-code={code}>
      <h2>{t('errorTitle')}</h2>
      <p>{errorText(t, code, params)}</p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.code ?? issue.message}`} data-path={issue.path}>
              {issueText(t, issue)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
