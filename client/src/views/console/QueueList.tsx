import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatTime } from '../../format.ts';
import { CASE_STATUS_KEYS, FLAG_KEYS, SOURCE_KEYS } from '../../i18n/domain-keys.ts';
import { type MessageKey } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { placeChain } from '../place-chain.ts';
import { QUEUE_FILTERS, moveSelection, type QueueFilter, type QueueIncident } from './queue.ts';

const FILTER_KEYS: Record<QueueFilter, MessageKey> = { all: 'queueAll', new: 'queueNew', review: 'queueReview', awaiting: 'queueAwaiting', overdue: 'queueOverdue' };

export interface QueueListProps {
  filter: QueueFilter;
  counts: Record<QueueFilter, number>;
  incidents: readonly QueueIncident[];
  fresh: readonly string[];
  selectedId: string | null;
  onFilter(filter: QueueFilter): void;
  /** Highlight (and fly to) an incident: arrow keys. */
  onSelect(incident: QueueIncident): void;
  /** Open the case panel (and fly to it): a click, or Enter. */
  onOpen(incident: QueueIncident): void;
}

/**
 * The operator's queue, usable without a mouse: 1–5 pick the queue, ↑/↓ (or k/j) move, Enter
 * opens the case panel. The list keeps the testids of the walking-skeleton list.
 */
export function QueueList({ filter, counts, incidents, fresh, selectedId, onFilter, onSelect, onOpen }: QueueListProps) {
  const { t, lang } = useI18n();
  const listRef = useRef<HTMLOListElement>(null);
  const index = incidents.findIndex((i) => i.id === selectedId);

  useEffect(() => {
    if (selectedId) listRef.current?.querySelector(`[data-incident-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement) return;
    const digit = Number(event.key);
    if (Number.isInteger(digit) && digit >= 1 && digit <= QUEUE_FILTERS.length) {
      onFilter(QUEUE_FILTERS[digit - 1]!);
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && index >= 0) {
      onOpen(incidents[index]!);
      event.preventDefault();
      return;
    }
    const next = moveSelection(index, event.key, incidents.length);
    if (next !== index && next >= 0) {
      onSelect(incidents[next]!);
      event.preventDefault();
    }
  };

  return (
    <div className="queue" data-testid="queue" tabIndex={0} onKeyDown={onKeyDown} aria-label={t('queueTitle')}>
      <div className="queue-filters" role="tablist">
        {QUEUE_FILTERS.map((f, i) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} data-testid={`queue-${f}`} title={`${i + 1}`} onClick={() => onFilter(f)}>
            {t(FILTER_KEYS[f])} <span className="count">{counts[f]}</span>
          </button>
        ))}
      </div>
      {incidents.length === 0 ? <p className="empty-list">{t('noIncidents')}</p> : null}
      <ol className="incident-list" data-testid="incident-list" ref={listRef}>
        {incidents.map((incident) => {
          const classes = ['incident-item'];
          if (fresh.includes(incident.id)) classes.push('is-fresh');
          if (incident.id === selectedId) classes.push('is-selected');
          return (
            <li key={incident.id}>
              <button
                type="button"
                tabIndex={-1}
                className={classes.join(' ')}
                data-testid="incident-item"
                data-incident-id={incident.id}
                data-status={incident.status}
                title={t('flyTo')}
                onClick={() => onOpen(incident)}
              >
                <span className="incident-meta">
                  <time dateTime={incident.receivedAt}>{formatTime(incident.receivedAt, lang)}</time>
                  <span className="incident-source">{t(SOURCE_KEYS[incident.source])}</span>
                  <span className={`incident-status status-${incident.status}`}>{t(CASE_STATUS_KEYS[incident.status])}</span>
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
    </div>
  );
}
