import type { WallKpis } from '../../../../shared/evaluation/wall-snapshot.ts';
import { useI18n } from '../../state/lang.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { formatDuration, formatRate } from './wall-format.ts';

interface Tile {
  key: string;
  label: MessageKey;
  value: string;
  tone?: 'alert' | 'warn' | 'good';
}

export function KpiTiles({ kpis }: { kpis: WallKpis | null }) {
  const { t } = useI18n();
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));
  const tiles: Tile[] = [
    { key: 'reports', label: 'wallKpiReports', value: n(kpis?.reportsToday) },
    { key: 'dispatched', label: 'wallKpiDispatched', value: n(kpis?.dispatchedToday) },
    { key: 'ack-median', label: 'wallKpiAckMedian', value: formatDuration(kpis?.ackMedianMs ?? null, t) },
    { key: 'ack-p90', label: 'wallKpiAckP90', value: formatDuration(kpis?.ackP90Ms ?? null, t), tone: kpis?.ackP90Ms && kpis.ackP90Ms > 5 * 60_000 ? 'warn' : undefined },
    { key: 'on-time', label: 'wallKpiOnTime', value: formatRate(kpis?.onTimeClosureRate ?? null), tone: kpis?.onTimeClosureRate !== null && kpis?.onTimeClosureRate !== undefined && kpis.onTimeClosureRate >= 0.9 ? 'good' : undefined },
    { key: 'escalated', label: 'wallKpiEscalated', value: n(kpis?.escalatedOpen), tone: kpis && kpis.escalatedOpen > 0 ? 'warn' : undefined },
    { key: 'overdue', label: 'wallKpiOverdue', value: n(kpis?.overdueOpen), tone: kpis && kpis.overdueOpen > 0 ? 'alert' : undefined },
    { key: 'collab', label: 'wallKpiCollab', value: n(kpis?.openCollaborations), tone: kpis?.openCollaborations ? 'warn' : undefined },
  ];
  return (
    <section className="wall-kpis" aria-label="KPI">
      {tiles.map((tile) => (
        <div key={tile.key} className={`wall-kpi${tile.tone ? ` is-${tile.tone}` : ''}`} data-testid={`kpi-${tile.key}`}>
          <span className="wall-kpi-value">{tile.value}</span>
          <span className="wall-kpi-label">{t(tile.label)}</span>
        </div>
      ))}
    </section>
  );
}
