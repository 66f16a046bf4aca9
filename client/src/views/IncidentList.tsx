import type { Incident } from '../../../shared/domain/incident.ts';
import { formatTime } from '../format.ts';
import { FLAG_KEYS, SOURCE_KEYS } from '../i18n.ts';
import { useI18n } from '../state/lang.tsx';
import { placeChain } from './place-chain.ts';

export interface IncidentListProps {
  incidents: readonly Incident[];
  freshIds: readonly string[];
  selectedId: string | null;
  onSelect(incident: Incident): void;
}

export function IncidentList({ incidents, freshIds, selectedId, onSelect }: IncidentListProps) {
  const { t, lang } = useI18n();
  if (incidents.length === 0) return <p className="empty-list">{t('noIncidents')}</p>;
  const fresh = new Set(freshIds);
  return (
    <ol className="incident-list" data-testid="incident-list">
      {incidents.map((incident) => {
        const classes = ['incident-item'];
        if (fresh.has(incident.id)) classes.push('is-fresh');
        if (incident.id === selectedId) classes.push('is-selected');
        return (
          <li key={incident.id}>
            <button
              type="button"
              className={classes.join(' ')}
              data-testid="incident-item"
              data-incident-id={incident.id}
              title={t('flyTo')}
              onClick={() => onSelect(incident)}
            >
              <span className="incident-meta">
                <time dateTime={incident.receivedAt}>{formatTime(incident.receivedAt, lang)}</time>
                <span className="incident-source">{t(SOURCE_KEYS[incident.source])}</span>
                <span className={`incident-status status-${incident.status}`}>
                  {incident.status === 'dispatched' ? t('statusDispatched') : t('statusReceived')}
                </span>
              </span>
              <span className="incident-description">{incident.description}</span>
              <span className="incident-place">{placeChain(incident.route)}</span>
              <span className="incident-unit">
                {t('unit')}
                {t('colon')}
                {incident.route.unit.name}
              </span>
              {incident.route.flags.length > 0 ? (
                <span className="incident-flags">
                  {incident.route.flags.map((flag) => (
                    <span key={flag} className="flag">
                      {t(FLAG_KEYS[flag])}
                    </span>
                  ))}
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
