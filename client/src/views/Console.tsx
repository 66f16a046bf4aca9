import { useCallback, useEffect, useRef, useState } from 'react';
import { normalizeCountyCode, type CountySummary } from '../../../shared/domain/grid.ts';
import type { Incident, LonLat } from '../../../shared/domain/incident.ts';
import type { ReportAccepted } from '../api/rest.ts';
import { MapView, type FlyRequest } from '../map/MapView.tsx';
import { useCounties } from '../state/useCounties.ts';
import { useGrids } from '../state/useGrids.ts';
import { useIncidentFeed } from '../state/useIncidentFeed.ts';
import { useI18n } from '../state/lang.tsx';
import { Header } from './Header.tsx';
import { IncidentList } from './IncidentList.tsx';
import { ReportPanel } from './ReportPanel.tsx';

const NO_GRIDS = {};

/** The county comes from `?county=` so an operator's screen can be bookmarked per county. */
function countyFromUrl(): string | null {
  const raw = new URLSearchParams(window.location.search).get('county');
  return raw ? normalizeCountyCode(raw) : null;
}

function pickCounty(counties: readonly CountySummary[], wanted: string | null): string | null {
  return counties.find((county) => county.code === wanted)?.code ?? counties[0]?.code ?? null;
}

/** The dispatch-center operator's screen: header, county map, live incident list. */
export function Console() {
  const { t } = useI18n();
  const { counties, error: countiesError } = useCounties();
  const [countyCode, setCountyCode] = useState<string | null>(null);
  const county = counties?.find((item) => item.code === countyCode) ?? null;
  const { grids, error: gridsError, county: gridsCounty } = useGrids(countyCode);
  const feed = useIncidentFeed(countyCode);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [flyTo, setFlyTo] = useState<FlyRequest | null>(null);
  const [draft, setDraft] = useState<LonLat | null>(null);
  const flyCount = useRef(0);

  useEffect(() => {
    if (counties && !countyCode) setCountyCode(pickCounty(counties, countyFromUrl()));
  }, [counties, countyCode]);

  const switchCounty = useCallback((code: string) => {
    setCountyCode(code);
    setDraft(null);
    setSelectedId(null);
    const url = new URL(window.location.href);
    url.searchParams.set('county', code.slice(0, 6));
    window.history.replaceState(null, '', url);
  }, []);

  const selectIncident = useCallback((incident: Incident) => {
    setSelectedId(incident.id);
    flyCount.current += 1;
    setFlyTo({ lon: incident.location.lon, lat: incident.location.lat, nonce: flyCount.current });
  }, []);

  const onIncidentClick = useCallback(
    (id: string) => {
      setSelectedId(id);
      document.querySelector(`[data-incident-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
    },
    [],
  );

  const onAccepted = useCallback((accepted: ReportAccepted) => setSelectedId(accepted.id), []);
  const error = countiesError ?? gridsError ?? feed.error;

  return (
    <div className="console">
      <Header counties={counties} county={countyCode} connected={feed.connected} onCountyChange={switchCounty} />
      <main className="console-body">
        <section className="map-area" aria-label={t('appTitle')}>
          <MapView
            county={county}
            grids={gridsCounty === countyCode ? grids : NO_GRIDS}
            incidents={feed.items}
            freshIds={feed.fresh}
            selectedId={selectedId}
            flyTo={flyTo}
            draft={draft}
            onMapClick={setDraft}
            onIncidentClick={onIncidentClick}
            overlay={
              draft ? (
                <ReportPanel key={`${draft.lon},${draft.lat}`} at={draft} onAccepted={onAccepted} onClose={() => setDraft(null)} />
              ) : null
            }
          />
          {draft ? null : <p className="map-hint">{t('clickMapHint')}</p>}
          {error ? (
            <p className="load-error" role="alert">
              {t('loadError')}
              {t('colon')}
              {error}
            </p>
          ) : null}
        </section>
        <aside className="side-panel">
          <h2>
            {t('incidents')} <span className="count">{feed.items.length}</span>
          </h2>
          <IncidentList incidents={feed.items} freshIds={feed.fresh} selectedId={selectedId} onSelect={selectIncident} />
        </aside>
      </main>
    </div>
  );
}
