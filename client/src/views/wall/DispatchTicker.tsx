import type { WallDispatch } from '../../../../shared/protocol/stats.ts';
import { useI18n } from '../../state/lang.tsx';

const clock = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The latest dispatches, newest first; a new one slides in at the top. */
export function DispatchTicker({ dispatches }: { dispatches: readonly WallDispatch[] }) {
  const { t } = useI18n();
  return (
    <section className="wall-panel wall-ticker" data-testid="wall-ticker">
      <h2>{t('wallTicker')}</h2>
      {dispatches.length === 0 ? (
        <p className="wall-empty">{t('wallNoDispatches')}</p>
      ) : (
        <ol>
          {dispatches.map((d) => (
            <li key={`${d.incidentId}@${d.at}`} data-incident-id={d.incidentId}>
              <time>{clock.format(new Date(d.at))}</time>
              <span className="wall-ticker-place">
                {d.townshipName}·{d.villageName}
              </span>
              <span className="wall-ticker-unit">→ {d.unitName}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
