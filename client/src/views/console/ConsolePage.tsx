import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { normalizeCountyCode, type CountySummary, type GridCollection, type GridFeature, type GridLevel } from '../../../../shared/domain/grid.ts';
import type { LonLat } from '../../../../shared/domain/incident.ts';
import { FINAL_JOINT_STATUSES } from '../../../../shared/domain/joint-action.ts';
import type { ReportAccepted } from '../../api/rest.ts';
import { sessionMe } from '../../api/session.ts';
import { MapView, type FlyRequest } from '../../map/MapView.tsx';
import { useI18n } from '../../state/lang.tsx';
import { useCounties } from '../../state/useCounties.ts';
import { useGrids } from '../../state/useGrids.ts';
import { Header } from '../Header.tsx';
import { ReportPanel } from '../ReportPanel.tsx';
import { CommanderActions } from '../commander/CommanderActions.tsx';
import { JointActionCard } from '../commander/JointActionCard.tsx';
import { areasCollection } from '../commander/commander-layers.ts';
import { useJointActions } from '../commander/useJointActions.ts';
import { CasePanel } from './CasePanel.tsx';
import { QueueList } from './QueueList.tsx';
import { inQueue, queueCounts, type QueueFilter, type QueueIncident } from './queue.ts';
import { useCaseFeed } from './useCaseFeed.ts';
import '../commander/commander.css';
import './console.css';

const NO_GRIDS: Partial<Record<GridLevel, GridCollection>> = {};
type SideTab = 'queue' | 'joint';

function countyFromUrl(): string | null {
  const raw = new URLSearchParams(window.location.search).get('county');
  return raw ? normalizeCountyCode(raw) : null;
}

function pickCounty(counties: readonly CountySummary[], wanted: string | null): string | null {
  return counties.find((county) => county.code === wanted)?.code ?? counties[0]?.code ?? null;
}

/**
 * The dispatch center's console: the county map with the three grid levels and live incidents,
 * the keyboard queue (new, needs review, awaiting acknowledgement, overdue), the case panel
 * (routing explanation, history, dispatch with officer recommendations, transfer, disputes,
 * verify and close) and the county's joint actions, live.
 */
export function ConsolePage() {
  const { t } = useI18n();
  const { counties, error: countiesError } = useCounties();
  const [countyCode, setCountyCode] = useState<string | null>(null);
  const county = counties?.find((item) => item.code === countyCode) ?? null;
  const { grids, error: gridsError, county: gridsCounty } = useGrids(countyCode);
  const feed = useCaseFeed(countyCode);
  // Read once: sessionMe() parses storage and returns new arrays on every call.
  const [me] = useState(sessionMe);
  const joint = useJointActions(useMemo(() => (countyCode && me?.scope.countyWide ? { county: countyCode } : null), [countyCode, me?.scope.countyWide]));
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [tab, setTab] = useState<SideTab>('queue');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
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
    setOpenId(null);
    const url = new URL(window.location.href);
    url.searchParams.set('county', code.slice(0, 6));
    window.history.replaceState(null, '', url);
  }, []);

  const select = useCallback((incident: QueueIncident) => {
    setSelectedId(incident.id);
    flyCount.current += 1;
    setFlyTo({ lon: incident.location.lon, lat: incident.location.lat, nonce: flyCount.current });
  }, []);
  const openCase = useCallback(
    (incident: QueueIncident) => {
      select(incident);
      setOpenId(incident.id);
    },
    [select],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpenId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onIncidentClick = useCallback((id: string) => {
    setSelectedId(id);
    document.querySelector(`[data-incident-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, []);
  const onAccepted = useCallback((accepted: ReportAccepted) => setSelectedId(accepted.id), []);

  const counts = useMemo(() => queueCounts(feed.items), [feed.items]);
  const visible = useMemo(() => feed.items.filter((i) => inQueue(filter, i)), [feed.items, filter]);
  const opened = feed.items.find((i) => i.id === openId) ?? null;
  const openActions = useMemo(() => joint.actions.filter((a) => !FINAL_JOINT_STATUSES.includes(a.status)), [joint.actions]);
  const openJoint = openActions.length;
  const shownGrids = gridsCounty === countyCode ? grids : NO_GRIDS;
  const jointAreas = useMemo(() => {
    // Areas chosen as grid cells are drawn with the cells' polygons (in tile mode, only cells loaded as GeoJSON).
    const byCode = new Map<string, GridFeature>();
    for (const level of ['township', 'village', 'group'] as const) for (const f of shownGrids[level]?.features ?? []) byCode.set(f.properties.code, f);
    return areasCollection(openActions, byCode);
  }, [openActions, shownGrids]);
  const error = countiesError ?? gridsError ?? feed.error;

  return (
    <div className="console">
      <Header counties={counties} county={countyCode} connected={feed.connected} onCountyChange={switchCounty} />
      <main className="console-body">
        <section className="map-area" aria-label={t('appTitle')}>
          <MapView
            county={county}
            grids={shownGrids}
            jointAreas={jointAreas}
            incidents={feed.items}
            freshIds={feed.fresh}
            selectedId={selectedId}
            flyTo={flyTo}
            draft={draft}
            onMapClick={setDraft}
            onIncidentClick={onIncidentClick}
            overlay={draft ? <ReportPanel key={`${draft.lon},${draft.lat}`} at={draft} onAccepted={onAccepted} onClose={() => setDraft(null)} /> : null}
          />
          {draft ? null : <p className="map-hint">{t('clickMapHint')}</p>}
          {opened ? <CasePanel key={opened.id} incident={opened} onChanged={feed.put} onClose={() => setOpenId(null)} /> : null}
          {error ? (
            <p className="load-error" role="alert">
              {t('loadError')}
              {t('colon')}
              {error}
            </p>
          ) : null}
        </section>
        <aside className="side-panel">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'queue'} data-testid="tab-queue" onClick={() => setTab('queue')}>
              {t('incidents')} <span className="count">{feed.items.length}</span>
            </button>
            <button type="button" role="tab" aria-selected={tab === 'joint'} data-testid="tab-joint" onClick={() => setTab('joint')}>
              {t('jaList')} <span className="count" data-testid="joint-count">{openJoint}</span>
            </button>
          </div>
          {tab === 'queue' ? (
            <QueueList filter={filter} counts={counts} incidents={visible} fresh={feed.fresh} selectedId={selectedId} onFilter={setFilter} onSelect={select} onOpen={openCase} />
          ) : null}
          {/* Joint actions stay mounted (hidden on the queue tab) so a live arrival is visible the moment the tab opens. */}
          <div className="ja-list" data-testid="joint-action-list" hidden={tab !== 'joint'}>
            {joint.actions.length === 0 ? <p className="empty-list">{t('jaNone')}</p> : null}
            {joint.actions.map((action) => (
              <JointActionCard key={action.id} action={action} fresh={joint.fresh.includes(action.id)}>
                {me?.capabilities.includes('joint:command') ? <CommanderActions action={action} countyWide onChanged={joint.put} /> : null}
              </JointActionCard>
            ))}
          </div>
        </aside>
      </main>
      {tab === 'queue' && joint.fresh.length > 0 ? (
        <button type="button" className="joint-toast" data-testid="joint-toast" onClick={() => setTab('joint')}>
          {t('jaLiveToast')} {joint.fresh.length}
        </button>
      ) : null}
    </div>
  );
}
