import { useEffect, useState } from 'react';
import { normalizeCountyCode, type CountySummary, type GridCollection } from '../../../../shared/domain/grid.ts';
import { getCounties, getGrids } from '../../api/rest.ts';
import { sessionToken } from '../../api/session.ts';
import { useI18n } from '../../state/lang.tsx';
import { SignInGate } from '../SignIn.tsx';
import { DispatchTicker } from './DispatchTicker.tsx';
import { displayToken, type WallTokenSource } from './display-token.ts';
import { KpiTiles } from './KpiTiles.tsx';
import { DomainChart, TownshipChart } from './WallCharts.tsx';
import { Legend } from '../../map/Legend.tsx';
import { MARKER_COLORS, OPEN_SHADE_OPACITY, SERIES_COLORS, TOWNSHIP_STATUS_COLORS, withOpacity, type LegendItem } from '../../map/legend.ts';
import type { Translate } from '../../i18n/catalogue.ts';
import { WallMap } from './WallMap.tsx';
import { useWall, wallProbe } from './useWall.ts';
import './wall.css';

/** /wall?county=CODE[&token=…][&heat=1]: the command hall's unattended display. */
export function WallPage() {
  const [token] = useState(displayToken);
  if (token) return <WallScreen token={token} source="display" />;
  // No display token: sign in (with the county's wall account) on the wall itself; the live feed starts
  // as soon as the session does, without a reload.
  return (
    <SignInGate>
      <SignedInWall />
    </SignInGate>
  );
}

/** Mounted by the gate once signed in, so it reads the session that now exists. */
function SignedInWall() {
  const [token] = useState(sessionToken);
  return <WallScreen token={token} source="session" />;
}

/** The status colours of the map and the township bars, with the heat layer's entry when it is on. */
function mapLegend(t: Translate, heat: boolean): LegendItem[] {
  return [
    { key: 'normal', label: t('wallStatusNormal'), color: TOWNSHIP_STATUS_COLORS.normal },
    { key: 'escalated', label: t('wallStatusEscalated'), color: TOWNSHIP_STATUS_COLORS.escalated },
    { key: 'overdue', label: t('wallStatusOverdue'), color: TOWNSHIP_STATUS_COLORS.overdue },
    { key: 'fresh', label: t('wallMarkerFresh'), color: MARKER_COLORS.fresh, swatch: 'dot' },
    { key: 'recent', label: t('wallMarkerRecent'), color: MARKER_COLORS.recent, swatch: 'dot' },
    ...(heat ? [{ key: 'heat', label: t('wallHotspot'), color: '#f03e3e', swatch: 'heat' as const }] : []),
  ];
}

function townshipChartLegend(t: Translate): LegendItem[] {
  return [
    { key: 'normal', label: t('wallStatusNormal'), color: TOWNSHIP_STATUS_COLORS.normal },
    { key: 'escalated', label: t('wallStatusEscalated'), color: TOWNSHIP_STATUS_COLORS.escalated },
    { key: 'overdue', label: t('wallStatusOverdue'), color: TOWNSHIP_STATUS_COLORS.overdue },
    { key: 'open', label: t('wallLegendOpenShade'), color: withOpacity(TOWNSHIP_STATUS_COLORS.normal, OPEN_SHADE_OPACITY) },
  ];
}

function domainChartLegend(t: Translate): LegendItem[] {
  return [
    { key: 'today', label: t('wallToday'), color: SERIES_COLORS.today },
    { key: 'open', label: t('wallOpen'), color: withOpacity(SERIES_COLORS.today, OPEN_SHADE_OPACITY) },
  ];
}

/** Hot spots on or off: `?heat=1` in the address, else the last choice on this screen. */
const HEAT_KEY = 'grid-dispatch.wall-heat';
function initialHeat(): boolean {
  const param = new URLSearchParams(window.location.search).get('heat');
  if (param !== null) return param === '1' || param === 'true';
  return globalThis.localStorage?.getItem(HEAT_KEY) === '1';
}

function countyFromUrl(): string | null {
  const raw = new URLSearchParams(window.location.search).get('county');
  return raw ? normalizeCountyCode(raw) : null;
}

function useCountyGrids(countyCode: string | null) {
  const [grids, setGrids] = useState<{ code: string; outline: GridCollection | null; townships: GridCollection | null } | null>(null);
  useEffect(() => {
    if (!countyCode) return;
    const controller = new AbortController();
    Promise.all([getGrids(countyCode, 'county', controller.signal), getGrids(countyCode, 'township', controller.signal)])
      .then(([outline, townships]) => setGrids({ code: countyCode, outline, townships }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [countyCode]);
  return grids?.code === countyCode ? grids : null;
}

function Clock() {
  const { lang } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const text = new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(now);
  return <span className="wall-clock">{text}</span>;
}

function WallScreen({ token, source }: { token: string | null; source: WallTokenSource }) {
  const { t } = useI18n();
  const [heat, setHeat] = useState(initialHeat);
  const toggleHeat = () =>
    setHeat((on) => {
      globalThis.localStorage?.setItem(HEAT_KEY, on ? '0' : '1');
      return !on;
    });
  const [counties, setCounties] = useState<CountySummary[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getCounties(controller.signal)
      .then(setCounties)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const wanted = countyFromUrl();
  const county = counties ? (counties.find((c) => c.code === wanted) ?? counties[0] ?? null) : null;
  const grids = useCountyGrids(county?.code ?? null);
  const state = useWall(county?.code ?? null, token, source);
  const snapshot = state.snapshot;

  useEffect(() => {
    // One commit per published change: what the soak test counts. The publish instant, not the
    // effect's: on a busy machine one render may lag and the next not, which would fake a 5th per second.
    const probe = wallProbe();
    probe.commits += 1;
    probe.commitTimes.push(Number.isFinite(state.publishedAt) ? state.publishedAt : Date.now());
    if (probe.commitTimes.length > 200) probe.commitTimes.splice(0, probe.commitTimes.length - 200);
  }, [state.version, state.publishedAt]);

  useEffect(() => {
    if (county) document.title = `${county.name} · ${t('wallTitle')}`;
  }, [county, t]);

  return (
    <div className="wall" data-testid="wall" data-version={state.version} data-connected={state.connected}>
      <header className="wall-header">
        <h1>
          {county?.name ?? ''} {t('appTitle')} <small>· {t('wallTitle')}</small>
        </h1>
        <Clock />
        <span className={`wall-live${state.connected ? ' is-live' : ''}`} data-testid="wall-live">
          {state.connected ? t('liveConnected') : t('wallReconnecting')}
        </span>
      </header>
      {/* Always in the grid (empty when all is well), so the rows below keep their places. */}
      <div className="wall-banner-slot">
        {!token || state.refused ? (
          <p className="wall-banner" role="alert">
            {token ? t('wallTokenRefused') : t('wallNeedsToken')} {token ? '' : t('wallTokenHint')}
          </p>
        ) : null}
      </div>
      <KpiTiles kpis={snapshot?.kpis ?? null} />
      <main className="wall-body">
        <DispatchTicker dispatches={state.dispatches} />
        <section className="wall-map-panel">
          <WallMap county={county} outline={grids?.outline ?? null} townships={grids?.townships ?? null} loads={snapshot?.townships ?? []} incidents={state.incidents} heat={heat} />
          <Legend items={mapLegend(t, heat)} tone="dark" placement="map" label={t('wallLegend')} testId="wall-map-legend">
            <button type="button" aria-pressed={heat} data-testid="wall-heat-toggle" onClick={toggleHeat}>
              {t('wallHotspot')}
            </button>
          </Legend>
        </section>
        <section className="wall-charts">
          <div className="wall-panel">
            <div className="wall-panel-head">
              <h2>{t('wallTownships')}</h2>
              <Legend items={townshipChartLegend(t)} tone="dark" label={t('wallLegend')} testId="wall-township-legend" />
            </div>
            <TownshipChart loads={snapshot?.townships ?? []} />
          </div>
          <div className="wall-panel">
            <div className="wall-panel-head">
              <h2>{t('wallDomains')}</h2>
              <Legend items={domainChartLegend(t)} tone="dark" label={t('wallLegend')} testId="wall-domain-legend" />
            </div>
            <DomainChart domains={snapshot?.domains ?? []} />
          </div>
        </section>
      </main>
    </div>
  );
}
