import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IncidentWithOrdersView } from '../../../../shared/protocol/cases.ts';
import { OFFICER_STATUSES, type OfficerStatus } from '../../../../shared/domain/officer.ts';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';
import { sessionMe } from '../../api/session.ts';
import { formatTime } from '../../format.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import type { OutboxEntry } from '../../state/outbox.ts';
import { placeChain } from '../place-chain.ts';
import { api } from '../commander/api.ts';
import { useJointActions } from '../commander/useJointActions.ts';
import { FieldJointAction } from './FieldJointAction.tsx';
import { pickPair } from './field-roster.ts';
import { PhoneHeader } from './PhoneHeader.tsx';
import { useOutbox } from './useOutbox.ts';
import '../commander/commander.css';
import './field.css';

const STATUS_KEYS: Record<OfficerStatus, MessageKey> = {
  onDuty: 'officerOnDuty',
  available: 'officerAvailable',
  enRoute: 'officerEnRoute',
  onScene: 'officerOnScene',
  offDuty: 'officerOffDuty',
};

/**
 * The field officer's phone: joint actions and orders of their unit, acknowledge, result with
 * photos, duty status and position. Every write goes through the outbox (state/outbox.ts), so a
 * dead zone delays actions but loses none.
 */
export function FieldPage() {
  const { t, lang } = useI18n();
  // Read once: sessionMe() parses storage and returns new arrays on every call.
  const [me] = useState(sessionMe);
  const units = useMemo(() => me?.scope.unitIds ?? [], [me?.scope.unitIds]);
  const county = me?.actor.countyCode ?? null;
  const subscription = useMemo(() => (units.length > 0 ? { teams: units, ...(me?.scope.townshipCodes.length ? { townships: me.scope.townshipCodes } : {}) } : null), [units, me?.scope.townshipCodes]);
  const feed = useJointActions(subscription);
  const [roster, setRoster] = useState<OfficerRecord[]>([]);
  const [orders, setOrders] = useState<IncidentWithOrdersView[]>([]);
  const [self, setSelf] = useState<string | null>(() => globalThis.localStorage?.getItem(`grid-dispatch.self.${me?.actor.username}`) ?? null);
  const [autoPosition, setAutoPosition] = useState(false);
  const [geoError, setGeoError] = useState<string | null>(null);

  const onDone = useCallback(
    (_entry: OutboxEntry, body: unknown) => {
      const action = (body as { jointAction?: JointActionView } | null)?.jointAction;
      if (action) feed.put(action);
      const officer = (body as { officer?: OfficerRecord } | null)?.officer;
      if (officer) setRoster((current) => current.map((o) => (o.id === officer.id ? officer : o)));
    },
    [feed],
  );
  const { outbox, pending, online, refused } = useOutbox(me?.actor.username ?? 'anonymous', onDone);

  const loadOrders = useCallback(
    (signal?: AbortSignal) =>
      county
        ? api<{ items: IncidentWithOrdersView[] }>('GET', `/incidents?county=${county.slice(0, 6)}&limit=100`, undefined, { signal })
            .then((page) => setOrders(page.items.filter((i) => i.case?.assigneeId && units.includes(i.case.assigneeId) && (i.status === 'dispatched' || i.status === 'handling'))))
            .catch(() => undefined)
        : Promise.resolve(),
    [county, units],
  );
  useEffect(() => {
    const controller = new AbortController();
    void loadOrders(controller.signal);
    const unitId = units[0];
    if (unitId) {
      api<{ items: OfficerRecord[] }>('GET', `/officers?unitId=${unitId}`, undefined, { signal: controller.signal })
        .then((answer) => setRoster(answer.items))
        .catch(() => setRoster([]));
    }
    return () => controller.abort();
  }, [loadOrders, units]);

  const chooseSelf = (id: string) => {
    setSelf(id);
    globalThis.localStorage?.setItem(`grid-dispatch.self.${me?.actor.username}`, id);
  };
  const officer = roster.find((o) => o.id === self) ?? null;

  const setStatus = (status: OfficerStatus) => {
    if (!officer) return;
    setRoster((current) => current.map((o) => (o.id === officer.id ? { ...o, status } : o)));
    outbox.enqueue({ method: 'POST', path: `/officers/${officer.id}/status`, body: { status }, label: `${t('fieldStatus')} · ${t(STATUS_KEYS[status])}` });
  };

  const reportPosition = useCallback(() => {
    if (!officer) return;
    if (!navigator.geolocation) return setGeoError(t('fieldNoGeolocation'));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setGeoError(null);
        outbox.enqueue({
          method: 'POST',
          path: `/officers/${officer.id}/position`,
          body: { lon: position.coords.longitude, lat: position.coords.latitude, crs: 'WGS84', at: new Date(position.timestamp).toISOString() },
          label: `${t('fieldPosition')} ${position.coords.longitude.toFixed(5)}, ${position.coords.latitude.toFixed(5)}`,
        });
      },
      (error) => setGeoError(error.message),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  }, [officer, outbox, t]);
  useEffect(() => {
    if (!autoPosition) return;
    reportPosition();
    const timer = setInterval(reportPosition, 60_000);
    return () => clearInterval(timer);
  }, [autoPosition, reportPosition]);

  const acknowledgeOrder = (incident: IncidentWithOrdersView) => {
    const officerIds = pickPair(roster, self, Date.now());
    outbox.enqueue({ method: 'POST', path: `/incidents/${incident.id}/acknowledge`, body: officerIds.length >= 2 ? { officerIds } : {}, label: `${t('fieldAckOrder')} · ${incident.description.slice(0, 20)}`, key: `ack-order:${incident.id}` });
  };

  const actions = feed.actions.filter((a) => a.participants.some((p) => units.includes(p.unitId)) && a.status !== 'proposed');
  const linkUp = online && feed.connected;

  return (
    <div className="field" data-testid="field-page">
      <PhoneHeader title={t('fieldTitle')}>
        <span className={`live-status ${linkUp ? 'is-live' : 'is-down'}`} data-testid="live-status" data-connected={feed.connected}>
          {linkUp ? t('liveConnected') : t('fieldOffline')}
        </span>
      </PhoneHeader>
      <p className="field-unit">{me?.actor.displayName}</p>
      {pending.length > 0 ? (
        <section className="field-outbox" data-testid="outbox" data-pending={pending.length}>
          <strong>
            {t('fieldQueued')} {pending.length}
          </strong>
          <ul>
            {pending.map((e) => (
              <li key={e.key}>
                {e.label}
                {e.lastError ? ` · ${t('fieldWillRetry')}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {refused.length > 0 ? (
        <section className="field-refused" role="alert">
          {refused.map((r) => (
            <p key={r}>{r}</p>
          ))}
        </section>
      ) : null}

      <section className="field-section">
        <h2>
          {t('jaList')} <span className="count">{actions.length}</span>
        </h2>
        {actions.length === 0 ? <p className="empty-list">{t('jaNone')}</p> : null}
        {actions.map((action) => (
          <FieldJointAction key={action.id} action={action} units={units} outbox={outbox} pending={pending} fresh={feed.fresh.includes(action.id)} />
        ))}
      </section>

      <section className="field-section">
        <h2>
          {t('fieldOrders')} <span className="count">{orders.length}</span>
        </h2>
        {orders.length === 0 ? <p className="empty-list">{t('fieldNoOrders')}</p> : null}
        {orders.map((incident) => (
          <article key={incident.id} className="field-order" data-testid="field-order" data-incident-id={incident.id}>
            <p className="field-order-meta">
              {formatTime(incident.receivedAt, lang)} · {placeChain(incident.route)}
            </p>
            <p>{incident.description}</p>
            {incident.status === 'dispatched' && !pending.some((e) => e.key === `ack-order:${incident.id}`) ? (
              <button type="button" className="primary big" onClick={() => acknowledgeOrder(incident)}>
                {t('fieldAckOrder')}
              </button>
            ) : (
              <p className="field-order-state">{incident.status === 'handling' ? t('fieldHandling') : t('fieldQueued')}</p>
            )}
          </article>
        ))}
      </section>

      <section className="field-section field-self">
        <h2>{t('fieldStatus')}</h2>
        <label>
          <span>{t('fieldIAm')}</span>
          <select value={self ?? ''} onChange={(e) => chooseSelf(e.target.value)} data-testid="field-self">
            <option value="">{t('fieldPickSelf')}</option>
            {roster.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}（{t(STATUS_KEYS[o.status])}）
              </option>
            ))}
          </select>
        </label>
        <div className="field-status-buttons">
          {OFFICER_STATUSES.map((status) => (
            <button key={status} type="button" disabled={!officer} className={officer?.status === status ? 'is-on' : undefined} onClick={() => setStatus(status)}>
              {t(STATUS_KEYS[status])}
            </button>
          ))}
        </div>
        <div className="field-position">
          <button type="button" disabled={!officer} onClick={reportPosition}>
            {t('fieldReportPosition')}
          </button>
          <label>
            <input type="checkbox" checked={autoPosition} disabled={!officer} onChange={(e) => setAutoPosition(e.target.checked)} /> {t('fieldAutoPosition')}
          </label>
          {officer?.lastPosition ? (
            <span className="field-last-position">
              {t('fieldLastPosition')} {formatTime(officer.lastPosition.at, lang)}
            </span>
          ) : null}
          {geoError ? <p className="ja-error">{geoError}</p> : null}
        </div>
      </section>
    </div>
  );
}
