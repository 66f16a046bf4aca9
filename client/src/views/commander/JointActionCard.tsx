import type { ReactNode } from 'react';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import type { JointActionStatus, ParticipantRole } from '../../../../shared/domain/joint-action.ts';
import { formatTime } from '../../format.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';

export const JA_STATUS_KEYS: Record<JointActionStatus, MessageKey> = {
  proposed: 'jaStatusProposed',
  active: 'jaStatusActive',
  acknowledged: 'jaStatusAcknowledged',
  reported: 'jaStatusReported',
  closed: 'jaStatusClosed',
  rejected: 'jaStatusRejected',
  cancelled: 'jaStatusCancelled',
};

export const JA_ROLE_KEYS: Record<ParticipantRole, MessageKey> = {
  coordinator: 'jaRoleCoordinator',
  team: 'jaRoleTeam',
  station: 'jaRoleStation',
  neighbour: 'jaRoleNeighbour',
  county: 'jaRoleCounty',
};

export interface JointActionCardProps {
  action: JointActionView;
  fresh?: boolean;
  /** Unit ids the viewer acts for: their rows are marked. */
  mine?: readonly string[];
  children?: ReactNode;
}

/** One joint action or campaign: what, when, where, who — and who has acknowledged and reported. */
export function JointActionCard({ action, fresh, mine = [], children }: JointActionCardProps) {
  const { t, lang } = useI18n();
  return (
    <article className={`ja-card status-${action.status}${fresh ? ' is-fresh' : ''}`} data-testid="joint-action" data-id={action.id} data-status={action.status}>
      <header>
        <span className={`ja-kind kind-${action.kind}`}>{action.kind === 'joint' ? t('jaKindJoint') : t('jaKindCampaign')}</span>
        <h3>{action.title}</h3>
        <span className={`ja-status status-${action.status}`} data-testid="joint-action-status">
          {t(JA_STATUS_KEYS[action.status])}
        </span>
      </header>
      <p className="ja-window">
        {formatTime(action.startsAt, lang)} – {formatTime(action.endsAt, lang)} · {t(action.phase === 'upcoming' ? 'jaPhaseUpcoming' : action.phase === 'underway' ? 'jaPhaseUnderway' : 'jaPhaseEnded')}
      </p>
      {action.brief ? <p className="ja-brief">{action.brief}</p> : null}
      {action.approvalReasons.length > 0 ? (
        <p className="ja-approval">
          {t('jaNeedsApproval')}
          {t('colon')}
          {action.approvalReasons.join('；')}
          {action.approval ? ` · ${t('jaApprovedBy')} ${action.approval.by.name ?? action.approval.by.userId}` : ''}
        </p>
      ) : null}
      {action.rejection ? <p className="ja-approval is-rejected">{action.rejection.reason}</p> : null}
      <ul className="ja-participants">
        {action.participants.map((p) => (
          <li key={p.unitId} data-unit-id={p.unitId} data-acknowledged={p.acknowledgedAt ? 'true' : 'false'} data-reported={p.result ? 'true' : 'false'} className={mine.includes(p.unitId) ? 'is-mine' : undefined}>
            <span className="ja-role">{t(JA_ROLE_KEYS[p.role])}</span>
            <span className="ja-unit">{p.name}</span>
            <span className={`ja-ack ${p.result ? 'is-reported' : p.acknowledgedAt ? 'is-acked' : 'is-waiting'}`}>
              {p.result ? t('jaReported') : p.acknowledgedAt ? `${t('jaAcknowledged')} ${formatTime(p.acknowledgedAt, lang)}` : t('jaWaiting')}
            </span>
            {p.result ? <span className="ja-result">{p.result.summary}{p.result.attachmentIds.length > 0 ? ` · ${t('jaPhotos')} ${p.result.attachmentIds.length}` : ''}</span> : null}
          </li>
        ))}
      </ul>
      {children ? <div className="ja-actions">{children}</div> : null}
    </article>
  );
}
