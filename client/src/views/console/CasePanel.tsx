import { useCallback, useEffect, useState } from 'react';
import { allowedActions, type CaseAction } from '../../../../shared/domain/case-lifecycle.ts';
import type { AuditPage } from '../../../../shared/protocol/audit.ts';
import type { CaseActionResponse } from '../../../../shared/protocol/cases.ts';
import type { DispatchStatus } from '../../../../shared/domain/incident.ts';
import type { DisputeView } from '../../../../shared/protocol/disputes.ts';
import type { OfficerRecommendations } from '../../../../shared/protocol/officers.ts';
import { formatTime } from '../../format.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { placeChain } from '../place-chain.ts';
import { api } from '../commander/api.ts';
import { describeHistoryEntry } from './history-entry.ts';
import { CASE_STATUS_KEYS } from '../../i18n/domain-keys.ts';
import type { QueueIncident } from './queue.ts';

const SLUGS: Record<CaseAction, string> = {
  register: 'register',
  reject: 'reject',
  dispatch: 'dispatch',
  acknowledge: 'acknowledge',
  return: 'return',
  reportResult: 'report-result',
  verify: 'verify',
  rework: 'rework',
  close: 'close',
  transfer: 'transfer',
  reassign: 'reassign',
  urge: 'urge',
  recall: 'recall',
};
const ACTION_KEYS: Record<CaseAction, MessageKey> = {
  register: 'caseActRegister',
  reject: 'caseActReject',
  dispatch: 'caseActDispatch',
  acknowledge: 'caseActAcknowledge',
  return: 'caseActReturn',
  reportResult: 'caseActReportResult',
  verify: 'caseActVerify',
  rework: 'caseActRework',
  close: 'caseActClose',
  transfer: 'caseActTransfer',
  reassign: 'caseActReassign',
  urge: 'caseActUrge',
  recall: 'caseActRecall',
};
/** The dispatch center's own steps; the team's (acknowledge, return, report) happen on their screens. */
const CENTER_ACTIONS: readonly CaseAction[] = ['register', 'reject', 'verify', 'rework', 'close'];
const NEEDS_REASON: readonly CaseAction[] = ['reject', 'rework'];
const ORDER_KEYS: Record<DispatchStatus, MessageKey> = { pending: 'orderPending', acknowledged: 'orderAcknowledged', returned: 'orderReturned', withdrawn: 'orderWithdrawn' };

export interface CasePanelProps {
  incident: QueueIncident;
  onChanged(incident: QueueIncident): void;
  onClose(): void;
}

/** One case: why it was routed where, what happened to it, and the operator's next steps. */
export function CasePanel({ incident, onChanged, onClose }: CasePanelProps) {
  const { t, lang } = useI18n();
  const [history, setHistory] = useState<AuditPage['items']>([]);
  const [recommendations, setRecommendations] = useState<OfficerRecommendations | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [unitId, setUnitId] = useState(incident.case?.assigneeId ?? incident.route.unit.id);
  const [disputes, setDisputes] = useState<DisputeView[]>([]);
  const [transfer, setTransfer] = useState({ kind: 'escalateToCounty', unitId: '', reason: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = allowedActions(incident.status);
  const units = [incident.route.unit, ...incident.route.alternates];
  const unitName = (id: string) => units.find((u) => u.id === id)?.name;

  const reload = useCallback(
    (signal?: AbortSignal) => {
      api<AuditPage>('GET', `/audit?incidentId=${incident.id}&limit=200`, undefined, { signal })
        .then((page) => setHistory(page.items))
        .catch(() => setHistory([]));
      api<{ items: DisputeView[] }>('GET', `/disputes?caseId=${incident.id}&open=true`, undefined, { signal })
        .then((page) => setDisputes(page.items))
        .catch(() => setDisputes([]));
    },
    [incident.id],
  );
  useEffect(() => {
    const controller = new AbortController();
    reload(controller.signal);
    return () => controller.abort();
  }, [reload, incident.status]);

  const canDispatch = allowed.includes('dispatch');
  useEffect(() => {
    if (!canDispatch) return setRecommendations(null);
    const controller = new AbortController();
    api<OfficerRecommendations>('GET', `/incidents/${incident.id}/officer-recommendations`, undefined, { signal: controller.signal })
      .then((r) => {
        setRecommendations(r);
        setPicked(r.ranked.filter((o) => o.certified).slice(0, 2).map((o) => o.officer.id));
      })
      .catch(() => setRecommendations(null));
    return () => controller.abort();
  }, [incident.id, canDispatch]);

  const act = async (action: CaseAction, body: Record<string, unknown> = {}) => {
    let payload = body;
    if (NEEDS_REASON.includes(action) && !body.reason) {
      const reason = window.prompt(t('caseReasonPrompt'));
      if (!reason) return;
      payload = { ...body, reason };
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await api<CaseActionResponse>('POST', `/incidents/${incident.id}/${SLUGS[action]}`, payload);
      onChanged(answer.incident);
      reload();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  const decide = async (dispute: DisputeView, responsibleUnitId: string, reason: string) => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/disputes/${dispute.dispute.id}/decision`, { responsibleUnitId, reason });
      reload();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) => setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  return (
    <section className="case-panel" data-testid="case-panel" data-incident-id={incident.id} data-status={incident.status} aria-label={t('casePanel')}>
      <header>
        <span className={`incident-status status-${incident.status}`}>{t(CASE_STATUS_KEYS[incident.status])}</span>
        <h2>{incident.description}</h2>
        <button type="button" className="case-close" onClick={onClose} aria-label={t('close')}>
          ×
        </button>
      </header>
      <p className="case-place">
        {formatTime(incident.receivedAt, lang)} · {placeChain(incident.route)}
      </p>

      <h3>{t('reasons')}</h3>
      <ul className="reasons" data-testid="case-reasons">
        {incident.route.reasons.map((reason, i) => (
          <li key={`${i}-${reason.code}`} data-reason-code={reason.code}>
            {reason.message}
          </li>
        ))}
      </ul>

      {(incident.orders ?? []).length > 0 ? (
        <>
          <h3>{t('caseOrders')}</h3>
          <ul className="case-orders">
            {(incident.orders ?? []).map((o) => (
              <li key={o.id} data-order-status={o.status}>
                {o.unit.name} · {t(ORDER_KEYS[o.status])}
                {o.escalations?.length ? ` · ${t('queueOverdue')}` : ''}
                {o.officerIds?.length ? ` · ${o.officerIds.join('、')}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {canDispatch ? (
        <div className="case-dispatch" data-testid="case-dispatch">
          <h3>{t('caseActDispatch')}</h3>
          <label>
            <span>{t('unit')}</span>
            <select value={unitId} onChange={(e) => setUnitId(e.target.value)} data-testid="dispatch-unit">
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <p className="ja-hint">{t('caseRecommendHint')}</p>
          <ul className="case-recommendations" data-testid="recommendations">
            {(recommendations?.ranked ?? []).map((r) => (
              <li key={r.officer.id}>
                <label title={r.reasons.map((x) => x.message).join('；')}>
                  <input type="checkbox" checked={picked.includes(r.officer.id)} onChange={() => toggle(r.officer.id)} data-officer-id={r.officer.id} />
                  {r.officer.name}
                  {r.distanceMeters !== null ? ` · ${r.distanceMeters} m` : ''}
                  {r.certified ? '' : ` · ${t('caseNotCertified')}`}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className="primary" disabled={busy} data-testid="dispatch-submit" onClick={() => void act('dispatch', { unitId, officerIds: picked })}>
            {t('caseActDispatch')}
          </button>
        </div>
      ) : null}

      <div className="ja-actions">
        {allowed
          .filter((a) => CENTER_ACTIONS.includes(a))
          .map((a) => (
            <button key={a} type="button" disabled={busy} data-testid={`case-${SLUGS[a]}`} onClick={() => void act(a)}>
              {t(ACTION_KEYS[a])}
            </button>
          ))}
      </div>

      {allowed.includes('transfer') ? (
        <details className="case-transfer">
          <summary>{t('caseActTransfer')}</summary>
          <select value={transfer.kind} onChange={(e) => setTransfer({ ...transfer, kind: e.target.value })}>
            <option value="escalateToCounty">{t('caseEscalate')}</option>
            <option value="referToDepartment">{t('caseRefer')}</option>
          </select>
          <input placeholder={t('caseTransferUnit')} value={transfer.unitId} onChange={(e) => setTransfer({ ...transfer, unitId: e.target.value.trim() })} />
          <input placeholder={t('caseReasonPrompt')} value={transfer.reason} onChange={(e) => setTransfer({ ...transfer, reason: e.target.value })} />
          <button type="button" disabled={busy || !transfer.unitId || !transfer.reason} onClick={() => void act('transfer', { transferKind: transfer.kind, unitId: transfer.unitId, reason: transfer.reason })}>
            {t('caseActTransfer')}
          </button>
        </details>
      ) : null}

      {disputes.map((d) => (
        <DisputeDecision key={d.dispute.id} dispute={d} units={units} busy={busy} onDecide={decide} />
      ))}

      {error ? (
        <p role="alert" className="ja-error" data-testid="case-error">
          {error}
        </p>
      ) : null}

      <h3>{t('caseHistory')}</h3>
      <ol className="case-history" data-testid="case-history">
        {history.map((entry) => {
          const line = describeHistoryEntry(entry, lang, unitName);
          return (
            <li key={entry.seq} data-type={entry.type}>
              <time>{formatTime(entry.at, lang)}</time> <strong>{line.title}</strong>
              {line.details.length ? ` · ${line.details.join(' · ')}` : ''}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DisputeDecision({ dispute, units, busy, onDecide }: { dispute: DisputeView; units: { id: string; name: string }[]; busy: boolean; onDecide(d: DisputeView, unitId: string, reason: string): void }) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState(dispute.dispute.proposedUnitId ?? units[0]?.id ?? '');
  const [reason, setReason] = useState('');
  return (
    <div className="case-dispute" data-testid="case-dispute">
      <h3>{t('caseDispute')}</h3>
      <p>{dispute.dispute.claim}</p>
      <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
        {[...units, ...(dispute.dispute.proposedUnitId && !units.some((u) => u.id === dispute.dispute.proposedUnitId) ? [{ id: dispute.dispute.proposedUnitId, name: dispute.dispute.proposedUnitId }] : [])].map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <input placeholder={t('caseReasonPrompt')} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="button" disabled={busy || !reason.trim()} onClick={() => onDecide(dispute, unitId, reason)}>
        {t('caseDecide')}
      </button>
    </div>
  );
}
