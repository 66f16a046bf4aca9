import { useEffect, useMemo, useState } from 'react';
import { normalizeCountyCode, type CountySummary } from '../../../../shared/domain/grid.ts';
import { EVALUATION_DIMENSIONS, type EvaluationDimension } from '../../../../shared/evaluation/evaluate.ts';
import type { EvaluationRow } from '../../../../shared/evaluation/evaluation-row.ts';
import { evaluationCsv } from '../../../../shared/evaluation/evaluation-csv.ts';
import type { StatsResponse } from '../../../../shared/protocol/stats.ts';
import { getCounties } from '../../api/rest.ts';
import { sessionMe } from '../../api/session.ts';
import type { MessageKey, Translate } from '../../i18n/catalogue.ts';
import { useI18n } from '../../state/lang.tsx';
import { formatDuration, formatRate } from '../wall/wall-format.ts';
import { fetchEvaluation } from './evaluation-api.ts';
import { PRESETS, presetRange, rangeInstants, type DayRange, type Preset } from './period.ts';
import { GRADE_COLORS, ScoreChart } from './ScoreChart.tsx';
import './evaluation.css';
import { PageHeader } from '../PageHeader.tsx';

const PRESET_KEYS: Record<Preset, MessageKey> = { thisMonth: 'evalThisMonth', lastMonth: 'evalLastMonth', thisQuarter: 'evalThisQuarter', thisYear: 'evalThisYear' };
const BY_KEYS: Record<EvaluationDimension, MessageKey> = { team: 'evalByTeam', township: 'evalByTownship', domain: 'evalByDomain' };

function GradeBadge({ row }: { row: Pick<EvaluationRow, 'grade'> }) {
  if (!row.grade) return <span className="eval-grade is-none">—</span>;
  return (
    <span className="eval-grade" style={{ background: GRADE_COLORS[row.grade] }}>
      {row.grade}
    </span>
  );
}

function MetricsTable({ rows, total, t }: { rows: readonly EvaluationRow[]; total?: EvaluationRow; t: Translate }) {
  const all = total ? [...rows, total] : rows;
  return (
    <table className="eval-table" data-testid="eval-table">
      <thead>
        <tr>
          <th>{t('evalName')}</th>
          <th>{t('evalReceived')}</th>
          <th>{t('evalAccepted')}</th>
          <th>{t('evalClosed')}</th>
          <th>{t('evalClosureRate')}</th>
          <th>{t('evalOnTimeRate')}</th>
          <th>{t('evalReworkRate')}</th>
          <th>{t('evalOverdueRate')}</th>
          <th>{t('evalExtensionRate')}</th>
          <th>{t('evalAckOnTime')}</th>
          <th>{t('evalAckMedian')}</th>
          <th>{t('evalAckP90')}</th>
          <th>{t('evalScore')}</th>
          <th>{t('evalGrade')}</th>
        </tr>
      </thead>
      <tbody>
        {all.map((r) => (
          <tr key={r.key} data-key={r.key} className={r === total ? 'is-total' : undefined}>
            <th scope="row">{r === total ? t('evalTotal') : r.label}</th>
            <td>{r.received}</td>
            <td>{r.accepted}</td>
            <td>{r.closed}</td>
            <td>{formatRate(r.closureRate)}</td>
            <td>{formatRate(r.onTimeClosureRate)}</td>
            <td>{formatRate(r.reworkRate)}</td>
            <td>{formatRate(r.overdueRate)}</td>
            <td>{formatRate(r.extensionRate)}</td>
            <td>{formatRate(r.ackOnTimeRate)}</td>
            <td>{formatDuration(r.ackMedianMs, t)}</td>
            <td>{formatDuration(r.ackP90Ms, t)}</td>
            <td className="eval-score">{r.score === null ? '—' : r.score.toFixed(1)}</td>
            <td>
              <GradeBadge row={r} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function download(report: StatsResponse): void {
  const blob = new Blob([evaluationCsv(report)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `考评-${report.county.name}-${report.by}-${report.from.slice(0, 10)}_${report.to.slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** /evaluation?county=CODE: 考评 with period selection, charts and CSV export. */
export function EvaluationPage() {
  const { t, lang } = useI18n();
  const [counties, setCounties] = useState<CountySummary[] | null>(null);
  const [county, setCounty] = useState<string | null>(() => {
    const raw = new URLSearchParams(window.location.search).get('county');
    return (raw ? normalizeCountyCode(raw) : null) ?? sessionMe()?.actor.countyCode ?? null;
  });
  const [range, setRange] = useState<DayRange>(() => presetRange('thisMonth', Date.now()));
  const [by, setBy] = useState<EvaluationDimension>('team');
  const [report, setReport] = useState<StatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getCounties(controller.signal)
      .then((list) => {
        setCounties(list);
        setCounty((current) => current ?? list[0]?.code ?? null);
      })
      .catch((e: unknown) => {
        // A fetch aborted on unmount (or StrictMode's second mount) is not an error to show.
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!county) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    fetchEvaluation(county, rangeInstants(range), by, controller.signal)
      .then(setReport)
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    const url = new URL(window.location.href);
    url.searchParams.set('county', county.slice(0, 6));
    window.history.replaceState(null, '', url);
    return () => controller.abort();
  }, [county, range, by]);

  const scoreTitle = useMemo(() => t('evalScore'), [t]);
  const empty = report !== null && report.total.received === 0;

  return (
    <div className="eval-page" data-testid="evaluation" data-loading={loading}>
      <PageHeader title={<>{t('appTitle')} · {t('evalTitle')}</>} counties={counties} county={county} onCountyChange={setCounty} selectTestId="eval-county" />
      <main className="eval-body">
        <section className="eval-controls">
          <span className="eval-label">{t('evalPeriod')}</span>
          {PRESETS.map((p) => (
            <button key={p} type="button" data-preset={p} className={JSON.stringify(presetRange(p, Date.now())) === JSON.stringify(range) ? 'is-active' : ''} onClick={() => setRange(presetRange(p, Date.now()))}>
              {t(PRESET_KEYS[p])}
            </button>
          ))}
          <label>
            {t('evalFrom')} <input type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} data-testid="eval-from" />
          </label>
          <label>
            {t('evalTo')} <input type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} data-testid="eval-to" />
          </label>
          <span className="eval-tabs" role="tablist">
            {EVALUATION_DIMENSIONS.map((d) => (
              <button key={d} type="button" role="tab" aria-selected={by === d} className={by === d ? 'is-active' : ''} onClick={() => setBy(d)} data-by={d}>
                {t(BY_KEYS[d])}
              </button>
            ))}
          </span>
          <button type="button" className="eval-export" disabled={!report} onClick={() => report && download(report)} data-testid="eval-export">
            {t('evalExportCsv')}
          </button>
        </section>
        {error ? (
          <p className="load-error eval-error" role="alert">
            {error}
          </p>
        ) : null}
        {report ? (
          <>
            <p className="eval-asof">
              {report.county.name} · {range.from} — {range.to} · {t('evalAsOf')} {new Date(report.asOf).toLocaleString(lang, { timeZone: 'Asia/Shanghai', hourCycle: 'h23' })}
            </p>
            {empty ? <p className="eval-empty">{t('evalNoData')}</p> : <ScoreChart rows={report.rows} title={scoreTitle} />}
            <MetricsTable rows={report.rows} total={report.total} t={t} />
            {report.by === 'team' && report.clusters.length > 0 ? (
              <section className="eval-section" data-testid="eval-clusters">
                <h2>{t('evalClusters')}</h2>
                <table className="eval-table">
                  <thead>
                    <tr>
                      <th>{t('evalName')}</th>
                      <th>{t('evalHubPart')}</th>
                      <th>{t('evalRadiatedPart')}</th>
                      <th>{t('evalScore')}</th>
                      <th>{t('evalGrade')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.clusters.map((c) => (
                      <tr key={c.clusterId} data-key={c.clusterId}>
                        <th scope="row">
                          {c.clusterName} · {c.hubTeamName}
                        </th>
                        <td>
                          {c.hub.score === null ? '—' : c.hub.score.toFixed(1)} × {Math.round(c.shares.hub * 100)}% ({c.hub.received})
                        </td>
                        <td>
                          {c.radiated.score === null ? '—' : c.radiated.score.toFixed(1)} × {Math.round(c.shares.radiated * 100)}% ({c.radiated.received})
                        </td>
                        <td className="eval-score" data-no-data={c.noData.join(' ') || undefined}>
                          {c.score === null ? t('evalClusterNoData') : c.score.toFixed(1)}
                        </td>
                        <td>
                          <GradeBadge row={c} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
            {report.posts.dispatchers.length + report.posts.officers.length > 0 ? (
              <section className="eval-section" data-testid="eval-posts">
                <h2>{t('evalPosts')}</h2>
                {report.posts.dispatchers.length > 0 ? (
                  <table className="eval-table">
                    <thead>
                      <tr>
                        <th>{t('evalDispatchers')}</th>
                        <th>{t('evalDispatched')}</th>
                        <th>{t('evalDispatchMedian')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.posts.dispatchers.map((d) => (
                        <tr key={d.id}>
                          <th scope="row">{d.id}</th>
                          <td>{d.dispatched}</td>
                          <td>{formatDuration(d.dispatchMedianMs, t)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {report.posts.officers.length > 0 ? (
                  <>
                    <h3>{t('evalOfficers')}</h3>
                    <MetricsTable rows={report.posts.officers} t={t} />
                  </>
                ) : null}
              </section>
            ) : null}
            <section className="eval-section eval-notes">
              <h2>{t('evalAssumptions')}</h2>
              <ul>
                {report.assumptions.map((a) => (
                  <li key={a}>{lang === 'zh-CN' ? a.split(' / ')[0] : (a.split(' / ')[1] ?? a)}</li>
                ))}
              </ul>
            </section>
          </>
        ) : null}
      </main>
    </div>
  );
}
