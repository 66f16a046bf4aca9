import { useState } from 'react';
import { FINAL_JOINT_STATUSES } from '../../../../shared/domain/joint-action.ts';
import type { JointActionCommandSlug, JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import { useI18n } from '../../state/lang.tsx';
import { jointApi } from './api.ts';

/** Approve/reject (the county), close/cancel (the initiating unit or the county), asking for a reason where one is needed. */
export function CommanderActions({ action, countyWide, onChanged }: { action: JointActionView; countyWide: boolean; onChanged(action: JointActionView): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (FINAL_JOINT_STATUSES.includes(action.status)) return null;
  const run = async (slug: JointActionCommandSlug, reasonPrompt?: string) => {
    let reason: string | undefined;
    if (reasonPrompt) {
      reason = window.prompt(reasonPrompt) ?? undefined;
      if (reason === undefined) return;
    }
    setBusy(true);
    setError(null);
    try {
      onChanged((await jointApi.command(action.id, slug, reason ? { reason } : {})).jointAction);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };
  const allReported = action.status === 'reported';
  return (
    <>
      {action.status === 'proposed' && countyWide ? (
        <>
          <button type="button" className="primary" disabled={busy} data-testid="approve" onClick={() => void run('approve')}>
            {t('jaApprove')}
          </button>
          <button type="button" disabled={busy} onClick={() => void run('reject', t('jaRejectReason'))}>
            {t('jaReject')}
          </button>
        </>
      ) : null}
      {action.status !== 'proposed' ? (
        <button type="button" disabled={busy} data-testid="close-action" onClick={() => void run('close', allReported ? undefined : t('jaCloseReason'))}>
          {t('jaClose')}
        </button>
      ) : null}
      {action.status !== 'reported' ? (
        <button type="button" disabled={busy} onClick={() => void run('cancel', t('jaCancelReason'))}>
          {t('jaCancel')}
        </button>
      ) : null}
      {error ? (
        <p role="alert" className="ja-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
