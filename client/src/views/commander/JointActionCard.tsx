import type { ReactNode } from 'react';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import { FINAL_JOINT_STATUSES, type JointActionStatus, type ParticipantRole } from '../../../../shared/domain/joint-action.ts';
import { formatTime } from '../../format.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { JointAreaMap } from './JointAreaMap.tsx';

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
  /** A small map of the action's area (on phones, where there is no other map); not for finished actions. */
  showArea?: boolean;
}

/**
 * What the card's chip says, as a commander reads it: 待审批 while the county decides; once live,
 * 已批准 (approved, not started yet) or 已下达, then 进行中 inside its window, and 已结束 when closed.
 * Acknowledgement and reporting progress show beside it and on each participant's row.
 */
export function cardStateKey(action: JointActionView): MessageKey {
  if (action.status === 'proposed' || action.status === 'rejected' || action.status === 'cancelled' || action.status === 'closed') return JA_STATUS_KEYS[action.status];
  if (action.phase === 'underway') return 'jaStateUnderway';
  if (action.phase === 'ended') return 'jaStatePastEnd';
  return action.approval ? 'jaStateApproved' : 'jaStateIssued';
}

/** One joint action or campaign: what, when, where, who — and who has acknowledged and reported. */
export function JointActionCard({ action, fresh, mine = [], children, showArea = false }: JointActionCardProps) {
  const { t, lang } = useI18n();
  return (
    <article className={`ja-card status-${action.status}${fresh ? ' is-fresh' : ''}`} data-testid="joint-action" data-id={action.id} data-status={action.status}>
      <header>
        <span className={`ja-kind kind-${action.kind}`}>{action.kind === 'joint' ? t('jaKindJoint') : t('jaKindCampaign')}</span>
        <h3>{action.title}</h3>
        <span className={`ja-status status-${action.status} phase-${action.phase}`} data-testid="joint-action-status" data-state={cardStateKey(action)}>
          {t(cardStateKey(action))}
        </span>
        {action.status === 'acknowledged' || action.status === 'reported' ? <span className="ja-progress">{t(JA_STATUS_KEYS[action.status])}</span> : null}
      </header>
      <p className="ja-window">
        {formatTime(action.startsAt, lang)} – {formatTime(action.endsAt, lang)}
      </p>
      {action.brief ? <p className="ja-brief">{action.brief}</p> : null}
      {showArea && !FINAL_JOINT_STATUSES.includes(action.status) ? <JointAreaMap actionId={action.id} /> : null}
      {action.approvalReasons.length > 0 ? (
        <p className="ja-approval" data-testid="joint-action-approval">
          {t('jaNeedsApproval')}
          {t('colon')}
          {/* The server's reasons are in Chinese; other languages get the rule they follow from. */}
          {lang === 'zh-CN' ? action.approvalReasons.join('；') : t('jaApprovalReasonsGeneric')}
          {action.approval ? (
            <span className="ja-approved-by" data-testid="joint-action-approved-by">
              {' · '}
              {t('jaApprovedByLine', { name: action.approval.by.name ?? t('jaCounty'), time: formatTime(action.approval.at, lang) })}
            </span>
          ) : null}
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
